"""Run one service for a test: its own PostgreSQL database (migrated once per run, emptied per test),
the shared NATS with streams namespaced per test, Redis with keys namespaced per run, an HTTP client."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from balai.common.auth import JwksFetcher
from balai.common.service import Runtime
from balai.common.settings import BaseServiceSettings
from balai.common.testing.infra import InfraUrls
from balai.common.testing.tokens import TestTokens

AppFactory = Callable[..., FastAPI]


class TestDatabases:
    """Creates `balai_test_<run>_<name>` databases on demand and drops them at the end of the run."""

    __test__ = False

    def __init__(self, admin_url: str, run_id: str) -> None:
        self._admin = make_url(admin_url)
        self._run_id = run_id
        self._created: set[str] = set()
        self._lock = asyncio.Lock()

    def _dsn(self, database: str) -> str:
        url = self._admin.set(drivername="postgresql", database=database)
        return url.render_as_string(hide_password=False)

    async def url_for(self, name: str) -> str:
        database = f"balai_test_{self._run_id}_{name.replace('-', '_')}"
        async with self._lock:
            if database not in self._created:
                conn = await asyncpg.connect(self._dsn(self._admin.database or "postgres"))
                try:
                    await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                    await conn.execute(f'CREATE DATABASE "{database}"')
                finally:
                    await conn.close()
                self._created.add(database)
        return self._admin.set(database=database).render_as_string(hide_password=False)

    async def drop_all(self) -> None:
        conn = await asyncpg.connect(self._dsn(self._admin.database or "postgres"))
        try:
            for database in self._created:
                await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await conn.close()


@dataclass
class RunningService:
    app: FastAPI
    client: httpx.AsyncClient
    runtime: Runtime
    tokens: TestTokens
    settings: BaseServiceSettings

    def headers(self, subject: str | None = None, **kwargs: Any) -> dict[str, str]:
        return self.tokens.headers(subject, **kwargs)


@contextlib.asynccontextmanager
async def run_service(
    create_app: AppFactory,
    settings: BaseServiceSettings,
    *,
    tokens: TestTokens,
    jwks_fetcher: JwksFetcher | None = None,
    base_url: str = "http://testserver",
) -> AsyncIterator[RunningService]:
    app = create_app(settings, jwks_fetcher=jwks_fetcher or tokens.fetch_jwks)
    runtime: Runtime = app.state.runtime
    runtime.after_migrations = truncate_all
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield RunningService(app=app, client=client, runtime=runtime, tokens=tokens, settings=settings)


async def truncate_all(runtime: Runtime) -> None:
    """Empty the service's tables before a test (its database is shared by the run's tests, one by one).

    A runtime stopped while one of its tasks was inside a transaction (cancelled mid-query under load) can
    leave that connection open and "idle in transaction" until garbage collection, still holding its
    locks (the relay's row locks on the outbox): TRUNCATE would then wait for ever. So it waits at most
    a few seconds, ends such leftover sessions of this database, and tries again.
    """
    tables = [t.name for t in runtime.definition.metadata.sorted_tables]
    if not tables:
        return
    if runtime.db.is_sqlite:
        async with runtime.db.engine.begin() as conn:
            for name in reversed(tables):
                await conn.execute(text(f'DELETE FROM "{name}"'))
        return
    quoted = ", ".join(f'"{name}"' for name in tables)
    for attempt in range(3):
        try:
            async with runtime.db.engine.begin() as conn:
                await conn.execute(text("SET LOCAL lock_timeout = '5s'"))
                await conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            return
        except DBAPIError as exc:
            if "lock timeout" not in str(exc) or attempt == 2:
                raise
        async with runtime.db.engine.begin() as conn:
            await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
                )
            )


async def delete_streams(nats_url: str, name_prefix: str) -> None:
    import nats

    nc = await nats.connect(nats_url, connect_timeout=2, max_reconnect_attempts=1)
    try:
        js = nc.jetstream()
        for name in await js.streams_info():
            if name.config.name and name.config.name.startswith(name_prefix):
                await js.delete_stream(name.config.name)
    finally:
        await nc.close()


def settings_for(
    settings_type: type[BaseServiceSettings],
    infra: InfraUrls,
    database_url: str,
    prefix: str,
    run_id: str,
    **overrides: Any,
) -> BaseServiceSettings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "nats_url": infra.nats,
        "nats_prefix": prefix,
        "redis_url": infra.redis,
        "redis_prefix": f"test:{run_id}:{prefix}:",
        "log_json": False,
    }
    values.update(overrides)
    return settings_type(**values)


async def eventually(check: Callable[[], Awaitable[bool]], *, timeout: float = 10.0, what: str = "condition") -> None:
    """Wait until `check()` holds (a consumer, relay or worker caught up), asking every 50 ms; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
