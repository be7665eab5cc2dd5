"""The identity service: villages, residents and families, accounts and roles, PINs, e-KTP cards,
kiosk devices, tokens and JWKS."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from balai.common.auth import JwksFetcher
from balai.common.service import ServiceDefinition, create_service_app
from balai.identity.api import router
from balai.identity.config import Settings
from balai.identity.models import messaging, metadata
from balai.identity.uow import IdentityUnitOfWork

SERVICE = ServiceDefinition(
    name="identity",
    title="Balai Identity",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router],
    uow_type=IdentityUnitOfWork,
    uses_redis=True,
)


def create_app(settings: Settings | None = None, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or Settings(), jwks_fetcher=jwks_fetcher)
