"""The identity service: villages, residents and families, accounts and roles, PINs, e-KTP cards,
kiosk devices, tokens and JWKS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from balai.common.auth import JwksFetcher
from balai.common.service import Runtime, ServiceDefinition, create_service_app
from balai.identity.api import router
from balai.identity.bootstrap import bootstrap_admin
from balai.identity.config import Settings
from balai.identity.context import IdentityContext, build_context
from balai.identity.imports_api import router as imports_router
from balai.identity.models import messaging, metadata
from balai.identity.notices_api import router as notices_router
from balai.identity.register_api import router as register_router
from balai.identity.uow import IdentityUnitOfWork

SERVICE = ServiceDefinition(
    name="identity",
    title="Balai Identity",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router, register_router, imports_router, notices_router],
    uow_type=IdentityUnitOfWork,
    uses_redis=True,
    on_startup=[lambda runtime: _start(runtime)],
)


async def _start(runtime: Runtime) -> None:
    context = runtime.extras["identity"]
    assert isinstance(context, IdentityContext)
    await context.keyring.ensure_key()
    await bootstrap_admin(runtime, context.settings)


def create_app(settings: Settings | None = None, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    """Identity verifies its own tokens from its key ring (no HTTP to itself); `jwks_fetcher` adds keys
    (tests mint staff tokens with their own key)."""
    holder: dict[str, IdentityContext] = {}

    async def local_jwks() -> dict[str, Any]:
        keys = (await holder["ctx"].keyring.jwks())["keys"]
        if jwks_fetcher is not None:
            keys = keys + (await jwks_fetcher())["keys"]
        return {"keys": keys}

    app = create_service_app(SERVICE, settings or Settings(), jwks_fetcher=local_jwks)
    runtime: Runtime = app.state.runtime
    holder["ctx"] = runtime.extras["identity"] = build_context(runtime)
    return app
