"""Access tokens (short-lived EdDSA JWTs) and rotating refresh tokens with reuse detection.

A refresh token is random, stored only as its SHA-256. Using it rotates it: the old row is marked
`rotated_at` and a new one joins the same chain. Presenting a rotated token again means it was stolen
(or replayed): the whole chain is revoked and the caller must log in again.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from balai.common.errors import Problem
from balai.common.timestamps import as_utc
from balai.identity.config import Settings
from balai.identity.keys import KeyRing
from balai.identity.models import refresh_tokens

PIN_CHANGE_AUDIENCE = "balai-identity:pin-change"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    expires_in: int
    refresh_token: str | None
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type, not a secret


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenIssuer:
    def __init__(self, keyring: KeyRing, settings: Settings) -> None:
        self._keyring = keyring
        self._settings = settings

    async def sign(self, claims: dict[str, Any], *, ttl: int, audience: str | None = None) -> str:
        kid, key = await self._keyring.signing_key()
        now = int(time.time())
        payload = {
            **claims,
            "iss": self._settings.jwt_issuer,
            "aud": audience or self._settings.jwt_audience,
            "iat": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(payload, key, algorithm="EdDSA", headers={"kid": kid})

    async def access(self, claims: dict[str, Any], *, ttl: int | None = None) -> TokenPair:
        ttl = ttl or self._settings.access_ttl_seconds
        return TokenPair(await self.sign(claims, ttl=ttl), ttl, None)

    async def pair(
        self, session: AsyncSession, claims: dict[str, Any], *, chain_id: uuid.UUID | None = None
    ) -> TokenPair:
        access = await self.access(claims)
        refresh = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        await session.execute(
            insert(refresh_tokens).values(
                token_hash=_hash(refresh),
                chain_id=chain_id or uuid.uuid4(),
                subject=str(claims["sub"]),
                claims=claims,
                issued_at=now,
                expires_at=now + timedelta(seconds=self._settings.refresh_ttl_seconds),
            )
        )
        return TokenPair(access.access_token, access.expires_in, refresh)

    async def rotate(self, session: AsyncSession, refresh: str) -> TokenPair:
        row = (
            await session.execute(
                select(refresh_tokens).where(refresh_tokens.c.token_hash == _hash(refresh)).with_for_update()
            )
        ).first()
        if row is None or row.revoked_at is not None:
            raise Problem(401, "refresh_invalid", "Sesi tidak berlaku. Silakan masuk kembali.")
        if row.rotated_at is not None:
            await self.revoke_chain(session, row.chain_id)
            raise Problem(
                401, "refresh_reused", "Sesi ini dipakai dua kali dan telah dihentikan. Silakan masuk kembali."
            )
        if as_utc(row.expires_at) <= datetime.now(UTC):
            raise Problem(401, "refresh_expired", "Sesi telah berakhir. Silakan masuk kembali.")
        await session.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.token_hash == row.token_hash)
            .values(rotated_at=datetime.now(UTC))
        )
        return await self.pair(session, dict(row.claims), chain_id=row.chain_id)

    async def revoke_chain(self, session: AsyncSession, chain_id: uuid.UUID) -> None:
        await session.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.chain_id == chain_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )

    async def revoke(self, session: AsyncSession, refresh: str) -> str | None:
        row = (
            await session.execute(select(refresh_tokens).where(refresh_tokens.c.token_hash == _hash(refresh)))
        ).first()
        if row is None:
            return None
        await self.revoke_chain(session, row.chain_id)
        return str(row.subject)

    async def revoke_subject(self, session: AsyncSession, subject: str) -> None:
        await session.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.subject == subject, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
