"""The marketplace service: village sellers, products, images, search, orders."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from balai.common.auth import JwksFetcher
from balai.common.service import ServiceDefinition, create_service_app
from balai.marketplace.api import router
from balai.marketplace.config import Settings
from balai.marketplace.models import messaging, metadata
from balai.marketplace.uow import MarketplaceUnitOfWork

SERVICE = ServiceDefinition(
    name="marketplace",
    title="Balai Marketplace",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router],
    uow_type=MarketplaceUnitOfWork,
    uses_redis=False,
)


def create_app(settings: Settings | None = None, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or Settings(), jwks_fetcher=jwks_fetcher)
