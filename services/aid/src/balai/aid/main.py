"""The aid service: social-aid programs, beneficiaries, periods, disbursements, public check."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from balai.aid.api import router
from balai.aid.config import Settings
from balai.aid.models import messaging, metadata
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import JwksFetcher
from balai.common.service import ServiceDefinition, create_service_app

SERVICE = ServiceDefinition(
    name="aid",
    title="Balai Aid",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router],
    uow_type=AidUnitOfWork,
    uses_redis=True,
)


def create_app(settings: Settings | None = None, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or Settings(), jwks_fetcher=jwks_fetcher)
