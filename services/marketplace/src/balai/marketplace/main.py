"""The marketplace service: village sellers, products, images, search, orders."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import FastAPI

from balai.common.auth import JwksFetcher
from balai.common.service import Runtime, ServiceDefinition, create_service_app
from balai.marketplace.api import router
from balai.marketplace.config import Settings
from balai.marketplace.handlers import EVENT_HANDLERS
from balai.marketplace.handlers.photos import IMAGE_SLOTS, MEDIA
from balai.marketplace.media import FileMediaStore
from balai.marketplace.models import messaging, metadata
from balai.marketplace.repositories.catalogue import detect_search_config
from balai.marketplace.uow import SEARCH_CONFIG, MarketplaceUnitOfWork


async def prepare(runtime: Runtime) -> None:
    """Start-up: the photo store, the image-decoding slots, and the search configuration in use."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    runtime.extras.setdefault(MEDIA, FileMediaStore(settings.media_path))
    runtime.extras[IMAGE_SLOTS] = asyncio.Semaphore(max(settings.image_workers, 1))
    if not runtime.db.is_sqlite:
        async with runtime.db.session() as session:
            runtime.extras[SEARCH_CONFIG] = await detect_search_config(session)


SERVICE = ServiceDefinition(
    name="marketplace",
    title="Balai Marketplace",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router],
    uow_type=MarketplaceUnitOfWork,
    consumes={"identity": EVENT_HANDLERS},
    uses_redis=False,
    on_startup=[prepare],
)


def create_app(settings: Settings | None = None, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or Settings(), jwks_fetcher=jwks_fetcher)
