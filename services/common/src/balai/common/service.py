"""The shape every central service shares: a definition (what the service is) and `create_service_app`
(which builds the FastAPI app, its database, NATS, relay and consumers -- nothing at import time).

Client libraries a service may not use are imported only when it does: `redis` with `uses_redis`, the
NATS client when the bus starts (`uses_bus`), Alembic when the database is behind its migrations. The
app around the runtime (problem details, metrics, health) is `balai.common.app`, shared with the kiosk
gateway's `balai.common.edge`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel
from sqlalchemy import MetaData

from balai.common.app import CorrelationMiddleware, service_app
from balai.common.auth import JwksCache, JwksFetcher, TokenVerifier, http_jwks_fetcher
from balai.common.bus import Bus, cancelling, stop_tasks
from balai.common.consumer import ConsumerPolicy, EventConsumer, Handler
from balai.common.db import Database
from balai.common.logs import correlation_id
from balai.common.messaging_tables import MessagingTables
from balai.common.migrations import can_migrate_in_subprocess, upgrade, upgrade_in_subprocess
from balai.common.outbox import OutboxRelay
from balai.common.settings import BaseServiceSettings
from balai.common.uow import UnitOfWork

if TYPE_CHECKING:
    import redis.asyncio as aioredis

__all__ = ["CorrelationMiddleware", "Runtime", "ServiceDefinition", "create_service_app", "runtime_of"]

log = logging.getLogger(__name__)

Hook = Callable[["Runtime"], Awaitable[None]]


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    title: str
    settings_type: type[BaseServiceSettings]
    metadata: MetaData
    tables: MessagingTables
    migrations: Path
    routers: Sequence[APIRouter]
    uow_type: type[UnitOfWork] = UnitOfWork
    consumes: Mapping[str, Mapping[type[BaseModel], Sequence[Handler]]] = field(default_factory=dict)
    """source service -> {event contract: [handlers]}: one durable consumer per source stream."""
    consumer_policy: ConsumerPolicy = field(default_factory=ConsumerPolicy)
    uses_redis: bool = False
    uses_bus: bool = True
    """False for a service with no events at all (the kiosk gateway): no NATS connection, no relay."""
    on_startup: Sequence[Hook] = ()
    version: str = "0.1.0"


class Runtime:
    """Everything a running service holds; reachable from requests as `request.app.state.runtime`."""

    def __init__(
        self, definition: ServiceDefinition, settings: BaseServiceSettings, jwks_fetcher: JwksFetcher | None
    ) -> None:
        self.definition = definition
        self.settings = settings
        self.db = Database(
            settings.effective_database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
        )
        self.bus = Bus(
            settings.nats_url,
            prefix=settings.nats_prefix,
            name=definition.name,
            replicas=settings.stream_replicas,
        )
        self.relay = OutboxRelay(self.db, self.bus, definition.tables, service=definition.name)
        self.redis: aioredis.Redis | None = None
        if definition.uses_redis:
            import redis.asyncio as aioredis

            self.redis = aioredis.from_url(settings.redis_url)
        fetcher = jwks_fetcher or http_jwks_fetcher(settings.jwks_url)
        self.verifier = TokenVerifier(JwksCache(fetcher), issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        self.consumers = [
            EventConsumer(
                name=definition.name,
                source_service=source,
                handlers=handlers,
                bus=self.bus,
                db=self.db,
                tables=definition.tables,
                uow_factory=self.uow,
                policy=definition.consumer_policy,
            )
            for source, handlers in definition.consumes.items()
        ]
        self.extras: dict[str, Any] = {}
        self.readiness_checks: list[Callable[[], Awaitable[dict[str, bool]]]] = []
        """Extra readiness checks a service adds (devices, upstream services...)."""
        self.after_migrations: Hook | None = None
        """Runs after migrations, before the background tasks and start-up hooks (tests empty tables here)."""
        self._tasks: list[asyncio.Task[None]] = []

    def uow(self) -> UnitOfWork:
        return self.definition.uow_type(
            self.db,
            self.definition.tables,
            bus_prefix=self.settings.nats_prefix,
            on_commit=self.relay.wake,
            correlation_id=correlation_id.get(),
        )

    def redis_key(self, *parts: str) -> str:
        return self.settings.redis_prefix + ":".join((self.definition.name, *parts))

    async def start(self) -> None:
        if self.settings.migrate_on_start:
            if self.settings.migrate_in_subprocess and can_migrate_in_subprocess(self.db.url):
                await upgrade_in_subprocess(self.db.url, self.definition.migrations)
            else:
                await upgrade(self.db.engine, self.definition.migrations, self.definition.metadata)
        if self.after_migrations is not None:
            await self.after_migrations(self)
        if self.definition.uses_bus:
            self.bus.start()
            self._spawn(self._ensure_stream(), "stream")
            if self.settings.relay_enabled:
                self._spawn(self.relay.run(), "relay")
            if self.settings.consumers_enabled:
                for consumer in self.consumers:
                    self._spawn(consumer.run(), f"consumer-{consumer.durable}")
        for hook in self.definition.on_startup:
            await hook(self)

    async def _ensure_stream(self) -> None:
        delay = 0.5
        while True:
            await self.bus.wait_ready()
            try:
                await self.bus.ensure_stream(self.definition.name)
                return
            except Exception as exc:
                if cancelling():
                    raise asyncio.CancelledError from exc
                log.warning("stream of %s not set up yet: %s", self.definition.name, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    def _spawn(self, coro: Awaitable[None], name: str) -> None:
        async def guarded() -> None:
            try:
                await coro
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("background task %s of %s stopped", name, self.definition.name)

        self._tasks.append(asyncio.create_task(guarded(), name=f"{self.definition.name}-{name}"))

    async def stop(self) -> None:
        await stop_tasks(self._tasks)  # cancelled again if a client library lost the first cancellation
        self._tasks.clear()
        await self.bus.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.db.dispose()

    async def readiness(self) -> dict[str, bool]:
        checks = {"database": await self.db.ping()}
        if self.definition.uses_bus:
            checks["nats"] = self.bus.connected
        if self.redis is not None:
            try:
                checks["redis"] = bool(await self.redis.ping())
            except Exception:
                checks["redis"] = False
        for extra in self.readiness_checks:
            checks.update(await extra())
        return checks


def create_service_app(
    definition: ServiceDefinition,
    settings: BaseServiceSettings,
    *,
    jwks_fetcher: JwksFetcher | None = None,
) -> FastAPI:
    return service_app(
        name=definition.name,
        title=definition.title,
        version=definition.version,
        runtime=Runtime(definition, settings, jwks_fetcher),
        routers=definition.routers,
    )


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime
