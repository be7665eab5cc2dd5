"""The kiosk gateway service: runs on the kiosk PC: e-KTP reader, printers, local bridge, offline queue."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from balai.common.auth import JwksFetcher
from balai.common.service import ServiceDefinition, create_service_app
from balai.kiosk.api import router
from balai.kiosk.config import Settings
from balai.kiosk.models import messaging, metadata
from balai.kiosk.uow import KioskgatewayUnitOfWork

SERVICE = ServiceDefinition(
    name="kiosk",
    title="Balai Kiosk gateway",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router],
    uow_type=KioskgatewayUnitOfWork,
    uses_redis=False,
)


def create_app(settings: Settings | None = None, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or Settings(), jwks_fetcher=jwks_fetcher)
