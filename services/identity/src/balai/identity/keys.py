"""Signing keys: Ed25519, sealed at rest, rotated without downtime.

A rotation adds a key that is published in the JWKS at once but signs only after
`key_rotation_lead_seconds`, so every verifier has had the chance to fetch it (they also refetch on an
unknown `kid`). The previous key stays in the JWKS until every token it signed has expired.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from jwt.algorithms import OKPAlgorithm
from sqlalchemy import insert, select, update

from balai.common.db import Database
from balai.common.timestamps import as_utc
from balai.identity.models import signing_keys
from balai.identity.secrets_box import SecretBox

CACHE_SECONDS = 30.0


class KeyRing:
    def __init__(self, db: Database, box: SecretBox, *, lead_seconds: int, retire_after_seconds: int) -> None:
        self._db = db
        self._box = box
        self._lead = timedelta(seconds=lead_seconds)
        self._retire_after = timedelta(seconds=retire_after_seconds)
        self._cache: tuple[float, list[Any]] | None = None

    async def _rows(self) -> list[Any]:
        if self._cache is not None and time.monotonic() - self._cache[0] < CACHE_SECONDS:
            return self._cache[1]
        async with self._db.session() as session:
            rows = list(
                (
                    await session.execute(
                        select(signing_keys)
                        .where(signing_keys.c.retired_at.is_(None))
                        .order_by(signing_keys.c.created_at)
                    )
                ).all()
            )
        self._cache = (time.monotonic(), rows)
        return rows

    def forget(self) -> None:
        self._cache = None

    async def ensure_key(self) -> None:
        if not await self._rows():
            await self._add(activates_at=datetime.now(UTC) - timedelta(seconds=1))

    async def _add(self, *, activates_at: datetime) -> str:
        key = Ed25519PrivateKey.generate()
        kid = f"k{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(4)}"
        jwk = json.loads(OKPAlgorithm.to_jwk(key.public_key()))
        jwk.update({"kid": kid, "use": "sig", "alg": "EdDSA"})
        raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        async with self._db.session() as session, session.begin():
            await session.execute(
                insert(signing_keys).values(
                    kid=kid,
                    sealed_private_key=self._box.seal(raw, context=f"signing-key:{kid}"),
                    public_jwk=jwk,
                    created_at=datetime.now(UTC),
                    activates_at=activates_at,
                )
            )
        self.forget()
        return kid

    async def rotate(self) -> str:
        """Publish a new key now; it starts signing after the lead time. Keys two generations old retire."""
        now = datetime.now(UTC)
        rows = await self._rows()
        active = [r for r in rows if as_utc(r.activates_at) <= now]
        kid = await self._add(activates_at=now + self._lead)
        if len(active) > 1:  # keep the newest active key (still signing) and retire the older ones
            async with self._db.session() as session, session.begin():
                await session.execute(
                    update(signing_keys)
                    .where(signing_keys.c.kid.in_([r.kid for r in active[:-1]]))
                    .values(retired_at=now + self._retire_after)
                )
        self.forget()
        return kid

    async def signing_key(self) -> tuple[str, Ed25519PrivateKey]:
        now = datetime.now(UTC)
        active = [r for r in await self._rows() if as_utc(r.activates_at) <= now]
        if not active:
            await self.ensure_key()
            active = [r for r in await self._rows() if as_utc(r.activates_at) <= now]
        row = active[-1]
        raw = self._box.open(row.sealed_private_key, context=f"signing-key:{row.kid}")
        return row.kid, Ed25519PrivateKey.from_private_bytes(raw)

    async def jwks(self) -> dict[str, Any]:
        return {"keys": [dict(r.public_jwk) for r in await self._rows()]}
