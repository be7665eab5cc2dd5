"""The service shape for a service on a small PC at the edge (the kiosk gateway): the same app as a
central service (settings, problem details, metrics, correlation ids, ``/healthz``, ``/readyz``,
``/metrics``, Alembic migrations at start, a unit of work), over an SQLite file through the standard
library's ``sqlite3``, with no events, no Redis and no SQLAlchemy in the serving process.

Why a second shape: SQLAlchemy's async engine and ORM cost a kiosk ~20 MB of its 80 MB (RSS) budget;
see docs/adr/0030-kiosk-memory.md. Central services keep `balai.common.service`.

- The database is `balai.common.litedb.LiteDatabase`; the unit of work subclasses `LiteUnitOfWork`.
- The tables are still described with SQLAlchemy (`schema`: a module with ``metadata``) and migrated by
  Alembic, in a child process that ends before start-up goes on (``migrate_in_subprocess``, the
  default for the kiosk), and only when the file is behind the scripts' head.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI

from balai.common.app import service_app
from balai.common.litedb import LiteDatabase, LiteUnitOfWork
from balai.common.migrations import upgrade_in_subprocess, url_at_head
from balai.common.settings import BaseServiceSettings

if TYPE_CHECKING:
    from sqlalchemy import MetaData

__all__ = ["EdgeRuntime", "EdgeServiceDefinition", "create_edge_service_app"]


EdgeHook = Callable[["EdgeRuntime"], Awaitable[None]]


@dataclass(frozen=True)
class EdgeServiceDefinition:
    name: str
    title: str
    settings_type: type[BaseServiceSettings]
    migrations: Path
    schema: str
    """The module whose ``metadata`` (SQLAlchemy) describes the tables, for Alembic's autogenerate
    (``python -m balai.common.migrations balai.kiosk revision ...``); the serving process never imports it."""
    routers: Sequence[APIRouter]
    uow_type: type[LiteUnitOfWork] = LiteUnitOfWork
    on_startup: Sequence[EdgeHook] = ()
    version: str = "0.1.0"

    @property
    def metadata(self) -> MetaData:
        metadata: MetaData = importlib.import_module(self.schema).metadata
        return metadata


class EdgeRuntime:
    """What a running edge service holds; reachable from requests as ``request.app.state.runtime``."""

    def __init__(self, definition: EdgeServiceDefinition, settings: BaseServiceSettings) -> None:
        self.definition = definition
        self.settings = settings
        self.db = LiteDatabase(settings.effective_database_url)
        self.extras: dict[str, Any] = {}
        self.readiness_checks: list[Callable[[], Awaitable[dict[str, bool]]]] = []
        """Extra readiness checks the service adds (devices, upstream services...)."""
        self.after_migrations: EdgeHook | None = None
        """Runs after migrations, before the start-up hooks."""

    def uow(self) -> LiteUnitOfWork:
        return self.definition.uow_type(self.db)

    async def start(self) -> None:
        if self.settings.migrate_on_start:
            if self.settings.migrate_in_subprocess:
                await upgrade_in_subprocess(self.db.url, self.definition.migrations)
            else:
                await self._migrate_here()
        if self.after_migrations is not None:
            await self.after_migrations(self)
        for hook in self.definition.on_startup:
            await hook(self)

    async def _migrate_here(self) -> None:
        """Alembic in this process (tests, where every run has a new database): loads SQLAlchemy."""
        if await url_at_head(self.db.url, self.definition.migrations):
            return
        from sqlalchemy import MetaData

        from balai.common.db import create_engine
        from balai.common.migrations import upgrade

        engine = create_engine(self.db.url)
        try:  # the scripts need no metadata (only autogenerate does): the schema module stays unloaded
            await upgrade(engine, self.definition.migrations, MetaData())
        finally:
            await engine.dispose()

    async def stop(self) -> None:
        await self.db.dispose()

    async def readiness(self) -> dict[str, bool]:
        checks = {"database": await self.db.ping()}
        for extra in self.readiness_checks:
            checks.update(await extra())
        return checks


def create_edge_service_app(definition: EdgeServiceDefinition, settings: BaseServiceSettings) -> FastAPI:
    return service_app(
        name=definition.name,
        title=definition.title,
        version=definition.version,
        runtime=EdgeRuntime(definition, settings),
        routers=definition.routers,
        readiness_summary="Readiness: database and the service's own checks",
    )
