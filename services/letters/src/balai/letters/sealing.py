"""Sealing secrets and documents at rest (AES-256-GCM) with a key that lives outside the database.

The key is derived from ``settings.seal_key``; every sealed value is bound to a context string (for
example ``signing-key:K3QF7B2M`` or ``blob:archive/3317092016/...``), so a sealed value moved to another
row or file no longer opens.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["SealError", "Sealer"]

_NONCE = 12


class SealError(Exception):
    """A sealed value does not open: wrong seal key, wrong context, or altered bytes."""


class Sealer:
    def __init__(self, key_material: str) -> None:
        if not key_material:
            raise ValueError("the seal key is empty")
        self._aead = AESGCM(hashlib.sha256(b"balai-letters-seal:" + key_material.encode()).digest())

    def seal(self, plaintext: bytes, *, context: str) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def open(self, sealed: bytes, *, context: str) -> bytes:
        if len(sealed) < _NONCE + 16:
            raise SealError("sealed value is truncated")
        try:
            return self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], context.encode())
        except InvalidTag:
            raise SealError(f"sealed value does not open in context {context!r}") from None
