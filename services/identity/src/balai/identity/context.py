"""What the identity handlers need besides the unit of work: keys, token issuer, lockouts, sealing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import redis.asyncio as aioredis
from fastapi import Depends, Request

from balai.common.ratelimit import Lockout
from balai.common.service import Runtime, runtime_of
from balai.identity.config import Settings
from balai.identity.keys import KeyRing
from balai.identity.secrets_box import SecretBox
from balai.identity.tokens import TokenIssuer


@dataclass(frozen=True)
class IdentityContext:
    settings: Settings
    keyring: KeyRing
    issuer: TokenIssuer
    box: SecretBox
    resident_lockout: Lockout
    source_lockout: Lockout
    staff_lockout: Lockout

    @property
    def pepper(self) -> str:
        return self.settings.pin_pepper.get_secret_value()

    @property
    def nik_key(self) -> str:
        return self.settings.nik_hash_key.get_secret_value()


def build_context(runtime: Runtime) -> IdentityContext:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    assert runtime.redis is not None
    redis: aioredis.Redis = runtime.redis
    box = SecretBox(settings.seal_key.get_secret_value())
    keyring = KeyRing(
        runtime.db,
        box,
        lead_seconds=settings.key_rotation_lead_seconds,
        retire_after_seconds=settings.access_ttl_seconds + settings.key_rotation_lead_seconds,
    )
    prefix = runtime.redis_key("lockout")
    base = settings.pin_base_lockout_seconds
    return IdentityContext(
        settings=settings,
        keyring=keyring,
        issuer=TokenIssuer(keyring, settings),
        box=box,
        resident_lockout=Lockout(redis, f"{prefix}:resident", max_failures=settings.pin_max_failures, base_lock=base),
        # A kiosk or a village office NAT serves many people: typos of many residents must not lock it
        # quickly, but a guesser cycling through NIKs from one place is stopped.
        source_lockout=Lockout(redis, f"{prefix}:source", max_failures=settings.pin_max_failures * 4, base_lock=base),
        staff_lockout=Lockout(redis, f"{prefix}:staff", max_failures=settings.pin_max_failures, base_lock=base),
    )


def context_of(request: Request) -> IdentityContext:
    ctx: IdentityContext = runtime_of(request).extras["identity"]
    return ctx


Ctx = Annotated[IdentityContext, Depends(context_of)]


def client_source(request: Request) -> str:
    """The peer address as the ASGI server saw it (uvicorn resolves trusted proxy headers)."""
    return request.client.host if request.client else "unknown"
