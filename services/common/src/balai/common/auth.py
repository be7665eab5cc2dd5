"""Caller identity from identity-issued JWTs (EdDSA / Ed25519), verified locally against a cached JWKS.

Services never call identity per request: the JWKS is fetched once, cached, and refetched only when
a token names a key id we have not seen (key rotation) -- at most once every few seconds.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import jwt
from fastapi import Depends, Request
from jwt.algorithms import OKPAlgorithm

from balai.common.errors import Problem

RESIDENT, SELLER, OPERATOR, KADES, CAMAT, REGENCY_ADMIN, KIOSK = (
    "resident",
    "seller",
    "operator",
    "kades",
    "camat",
    "regency_admin",
    "kiosk",
)
VILLAGE_STAFF = frozenset({OPERATOR, KADES})

JwksFetcher = Callable[[], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Principal:
    subject: str
    village: str | None
    """Compact village code for residents and village staff; district code for a camat; None for the regency."""
    roles: frozenset[str]
    amr: tuple[str, ...] = ()
    device: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def can_read_village(self, village: str) -> bool:
        """Regency admins read every village; a camat reads the villages of their district."""
        if REGENCY_ADMIN in self.roles:
            return True
        if self.village is None:
            return False
        if CAMAT in self.roles:
            return village.startswith(self.village)
        return village == self.village

    def can_manage_village(self, village: str) -> bool:
        """Village staff change their own village only; a camat never changes anything."""
        if REGENCY_ADMIN in self.roles:
            return True
        return bool(self.roles & VILLAGE_STAFF) and self.village == village

    def require_read(self, village: str) -> None:
        if not self.can_read_village(village):
            raise Problem(403, "other_village", "Data ini milik desa lain.")

    def require_manage(self, village: str) -> None:
        if not self.can_manage_village(village):
            raise Problem(403, "other_village", "Anda tidak berhak mengubah data desa ini.")


class JwksCache:
    def __init__(self, fetch: JwksFetcher, *, ttl: float = 300.0, min_refresh_interval: float = 5.0) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._min_refresh = min_refresh_interval
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> Any:
        now = time.monotonic()
        if kid in self._keys and now - self._fetched_at < self._ttl:
            return self._keys[kid]
        async with self._lock:
            stale = kid not in self._keys or time.monotonic() - self._fetched_at >= self._ttl
            may_refresh = not self._keys or time.monotonic() - self._fetched_at >= self._min_refresh
            if stale and may_refresh:
                await self._refresh()
        if kid not in self._keys:
            raise Problem(401, "unknown_key", "Token tidak dikenal. Silakan masuk kembali.")
        return self._keys[kid]

    async def _refresh(self) -> None:
        try:
            document = await self._fetch()
        except Exception as exc:
            if self._keys:  # keep serving with the keys we have
                return
            raise Problem(503, "jwks_unavailable", "Layanan identitas belum dapat dihubungi.") from exc
        keys = {}
        for jwk in document.get("keys", []):
            if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and "kid" in jwk:
                keys[jwk["kid"]] = OKPAlgorithm.from_jwk(json.dumps(jwk))
        self._keys = keys
        self._fetched_at = time.monotonic()


def http_jwks_fetcher(url: str, *, timeout: float = 5.0) -> JwksFetcher:
    async def fetch() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.get(url)
            response.raise_for_status()
            data: dict[str, Any] = response.json()
            return data

    return fetch


class TokenVerifier:
    def __init__(self, jwks: JwksCache, *, issuer: str, audience: str, leeway: float = 10.0) -> None:
        self._jwks = jwks
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise _unauthorized("Token rusak.") from exc
        if header.get("alg") != "EdDSA" or not header.get("kid"):
            raise _unauthorized("Token tidak ditandatangani dengan kunci yang dikenal.")
        key = await self._jwks.key(str(header["kid"]))
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=["EdDSA"],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise _unauthorized("Sesi telah berakhir. Silakan masuk kembali.", "token_expired") from exc
        except jwt.PyJWTError as exc:
            raise _unauthorized("Token tidak sah.") from exc
        return Principal(
            subject=str(claims["sub"]),
            village=claims.get("village"),
            roles=frozenset(claims.get("roles", [])),
            amr=tuple(claims.get("amr", [])),
            device=claims.get("device"),
            claims=claims,
        )


def _unauthorized(detail: str, code: str = "unauthorized") -> Problem:
    return Problem(401, code, detail, headers={"WWW-Authenticate": "Bearer"})


async def get_principal(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Silakan masuk terlebih dahulu.")
    verifier: TokenVerifier = request.app.state.runtime.verifier
    return await verifier.verify(token.strip())


async def get_optional_principal(request: Request) -> Principal | None:
    if not request.headers.get("authorization"):
        return None
    return await get_principal(request)


Caller = Annotated[Principal, Depends(get_principal)]
OptionalCaller = Annotated[Principal | None, Depends(get_optional_principal)]


def require_roles(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only callers holding one of `roles` through."""

    async def dependency(caller: Caller) -> Principal:
        if not caller.has(*roles):
            raise Problem(403, "forbidden", "Peran Anda tidak mengizinkan tindakan ini.")
        return caller

    return dependency
