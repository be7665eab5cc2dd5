"""Sealing secrets at rest (AES-GCM) with a key that lives outside the database (settings.seal_key)."""

from __future__ import annotations

import hashlib
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class SecretBox:
    def __init__(self, key_material: str) -> None:
        self._aead = AESGCM(hashlib.sha256(b"balai-seal:" + key_material.encode()).digest())

    def seal(self, plaintext: bytes, *, context: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def open(self, sealed: bytes, *, context: str) -> bytes:
        return self._aead.decrypt(sealed[:12], sealed[12:], context.encode())
