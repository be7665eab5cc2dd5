"""One Ed25519 signing key per village: made on first need, sealed at rest, public half published.

The private key is sealed (AES-GCM, see :mod:`balai.letters.sealing`) with the service's seal key, which
lives outside the database: a copied database alone cannot forge letters. Offline checkers fetch the
public keys from ``GET /villages/{code}/keys`` (or ``GET /keys`` for every village) and match them by the
key id the QR names.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy.exc import IntegrityError

from balai.letters.qr import key_id_for
from balai.letters.records import SigningKey
from balai.letters.schemas_verification import PublicKeyOut
from balai.letters.sealing import Sealer
from balai.letters.uow import LettersUnitOfWork

__all__ = ["VillageKeyring", "load_public_keys", "public_key_json"]


def public_key_json(key: SigningKey) -> dict[str, Any]:
    """One entry of a ``/keys`` document, as JSON (what offline checkers load)."""
    return PublicKeyOut.of(key).model_dump(mode="json")


def load_public_keys(document: Any) -> dict[str, Ed25519PublicKey]:
    """Key id -> public key from a ``/keys`` document (``{"keys": [...]}``) or a list of its entries."""
    entries = document.get("keys", []) if isinstance(document, dict) else document
    keys: dict[str, Ed25519PublicKey] = {}
    for entry in entries:
        raw = base64.urlsafe_b64decode(str(entry["public_key"]) + "=" * (-len(str(entry["public_key"])) % 4))
        public = Ed25519PublicKey.from_public_bytes(raw)
        if key_id_for(public) != entry["key_id"]:
            raise ValueError(f"key {entry['key_id']!r} does not match its public key")
        keys[str(entry["key_id"])] = public
    return keys


class VillageKeyring:
    def __init__(self, sealer: Sealer) -> None:
        self._sealer = sealer
        self._private: dict[str, Ed25519PrivateKey] = {}

    async def ensure(self, uows: Callable[[], LettersUnitOfWork], village: str) -> SigningKey:
        """The village's active key, made (in its own transaction) the first time a letter needs one."""
        async with uows() as uow:
            key = await uow.villages.active_key(village)
            if key is not None:
                return key
            private = Ed25519PrivateKey.generate()
            public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            key_id = key_id_for(private.public_key())
            raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            key = SigningKey(
                key_id=key_id,
                village=village,
                public_key=public,
                sealed_private_key=self._sealer.seal(raw, context=f"signing-key:{key_id}"),
                created_at=dt.datetime.now(dt.UTC),
                retired_at=None,
            )
            try:
                await uow.villages.add_key(key)
                await uow.commit()
            except IntegrityError:  # a concurrent signing made the village's key first
                await uow.rollback()
                existing = await uow.villages.active_key(village)
                if existing is None:
                    raise
                return existing
            return key

    def private_key(self, key: SigningKey) -> Ed25519PrivateKey:
        cached = self._private.get(key.key_id)
        if cached is None:
            raw = self._sealer.open(key.sealed_private_key, context=f"signing-key:{key.key_id}")
            cached = self._private[key.key_id] = Ed25519PrivateKey.from_private_bytes(raw)
        return cached
