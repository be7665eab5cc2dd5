"""The letters service: letter types and templates, requests, numbering, signing, PDFs, QR verification, archive."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI

from balai.common.auth import JwksFetcher
from balai.common.consumer import ConsumerPolicy
from balai.common.ratelimit import RateLimiter
from balai.common.service import ServiceDefinition, create_service_app
from balai.contracts.letters import LetterSignedV1
from balai.letters.api import router
from balai.letters.app_context import build_context, in_render_thread, warm_up_renderer
from balai.letters.config import Settings
from balai.letters.directory import ResidentDirectory
from balai.letters.models import messaging, metadata
from balai.letters.readmodel_handlers import IDENTITY_HANDLERS
from balai.letters.render_handler import render_handler
from balai.letters.storage import BlobStore
from balai.letters.uow import LettersUnitOfWork

SERVICE = ServiceDefinition(
    name="letters",
    title="Balai Letters",
    settings_type=Settings,
    metadata=metadata,
    tables=messaging,
    migrations=Path(__file__).parent / "migrations",
    routers=[router],
    uow_type=LettersUnitOfWork,
    consumes={"identity": IDENTITY_HANDLERS},
    # Rendering waits for identity (the NIK on the letter): keep retrying for about half an hour.
    consumer_policy=ConsumerPolicy(max_deliver=12, backoff=(1.0, 3.0, 10.0, 30.0, 60.0, 120.0, 300.0), batch=1),
    uses_redis=True,
)


def create_app(
    settings: Settings | None = None,
    *,
    jwks_fetcher: JwksFetcher | None = None,
    directory: ResidentDirectory | None = None,
    archive: BlobStore | None = None,
    uploads: BlobStore | None = None,
) -> FastAPI:
    """The letters app. ``directory`` replaces identity over HTTP (tests, benchmarks); ``archive`` and
    ``uploads`` replace the sealed file stores under ``data_dir``."""
    settings = settings or Settings()
    ctx = build_context(settings, directory=directory, archive=archive, uploads=uploads)
    consumes = dict(SERVICE.consumes) | {"letters": {LetterSignedV1: [render_handler(ctx)]}}
    app = create_service_app(dataclasses.replace(SERVICE, consumes=consumes), settings, jwks_fetcher=jwks_fetcher)
    runtime = app.state.runtime

    def unit_of_work() -> LettersUnitOfWork:
        uow = runtime.uow()
        assert isinstance(uow, LettersUnitOfWork)
        return uow

    ctx.uows = unit_of_work
    if runtime.redis is not None:
        ctx.limiter = RateLimiter(
            runtime.redis,
            runtime.redis_key("verify"),
            limit=settings.verify_rate_limit,
            window=settings.verify_rate_window,
        )
    runtime.extras["letters"] = ctx

    service_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(target: FastAPI) -> AsyncIterator[None]:
        async with service_lifespan(target):
            warm_up = None
            if settings.warm_up_renderer and settings.consumers_enabled:
                warm_up = asyncio.create_task(in_render_thread(warm_up_renderer), name="letters-pdf-warm-up")
            try:
                yield
            finally:
                if warm_up is not None:
                    warm_up.cancel()
                    await asyncio.gather(warm_up, return_exceptions=True)
                await ctx.directory.aclose()

    app.router.lifespan_context = lifespan
    return app
