"""pytest plugin (entry point `balai`): fixtures for integration tests on the real infrastructure.

async def test_something(balai_service):
    async with balai_service(create_app, Settings) as svc:
        response = await svc.client.get("/healthz")
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import itertools
import secrets
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from balai.common.settings import BaseServiceSettings
from balai.common.testing.harness import (
    AppFactory,
    RunningService,
    TestDatabases,
    delete_streams,
    run_service,
    settings_for,
)
from balai.common.testing.infra import InfraUrls, ensure_all
from balai.common.testing.tokens import TestTokens

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def balai_run_id() -> str:
    return secrets.token_hex(3)


@pytest.fixture(scope="session")
def balai_infra() -> InfraUrls:
    return ensure_all()


@pytest.fixture(scope="session")
async def balai_databases(balai_infra: InfraUrls, balai_run_id: str) -> AsyncIterator[TestDatabases]:
    databases = TestDatabases(balai_infra.postgres, balai_run_id)
    yield databases
    await databases.drop_all()
    await delete_streams(balai_infra.nats, f"T{balai_run_id.upper()}")


@pytest.fixture(scope="session")
def balai_tokens() -> TestTokens:
    return TestTokens()


@pytest.fixture
def balai_bus_prefix(balai_run_id: str) -> str:
    """A NATS namespace of this test: streams and subjects of one test never meet another's."""
    return f"t{balai_run_id}n{next(_counter)}"


ServiceStarter = Callable[..., AbstractAsyncContextManager[RunningService]]


@pytest.fixture
def balai_service(
    balai_infra: InfraUrls,
    balai_databases: TestDatabases,
    balai_tokens: TestTokens,
    balai_bus_prefix: str,
    balai_run_id: str,
) -> ServiceStarter:
    """Start a service (lifespan, migrations, relay, consumers) on the real PG/NATS/Redis."""

    def start(
        create_app: AppFactory,
        settings_type: type[BaseServiceSettings],
        *,
        database: str | None = None,
        **overrides: Any,
    ) -> AbstractAsyncContextManager[RunningService]:
        return _start(create_app, settings_type, database, overrides)

    async def _url(name: str) -> str:
        return await balai_databases.url_for(name)

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def _start(
        create_app: AppFactory,
        settings_type: type[BaseServiceSettings],
        database: str | None,
        overrides: dict[str, Any],
    ) -> AsyncIterator[RunningService]:
        url = await _url(database or settings_type.service_name)
        settings = settings_for(settings_type, balai_infra, url, balai_bus_prefix, balai_run_id, **overrides)
        watchdog = asyncio.create_task(_dump_tasks_after(WATCHDOG_S), name="balai-watchdog")
        try:
            async with run_service(create_app, settings, tokens=balai_tokens) as running:
                yield running
        finally:
            watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watchdog

    return start


WATCHDOG_S = 90.0
"""A service still starting, running or stopping after this long (pytest-timeout ends a test at 120 s) has
the stacks of every asyncio task written to stderr, so a hang says where it waits."""


async def _dump_tasks_after(seconds: float) -> None:
    await asyncio.sleep(seconds)
    out = io.StringIO()
    out.write(f"balai watchdog: a service is still up after {seconds:.0f} s; asyncio tasks:\n")
    for task in asyncio.all_tasks():
        if task is not asyncio.current_task():
            out.write(f"--- {task.get_name()}\n")
            task.print_stack(file=out)
    sys.stderr.write(out.getvalue())
