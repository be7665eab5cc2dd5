"""The test harness itself on the real PostgreSQL: a session a stopped runtime left inside a transaction
(holding its locks) must not hang the next test's table cleanup."""

from __future__ import annotations

import time

import asyncpg
import pytest

from balai.common.testing.harness import truncate_all

from .demo.app import DemoSettings, create_app

pytestmark = pytest.mark.integration


async def test_cleanup_ends_a_leftover_session_that_holds_locks(balai_service) -> None:
    async with balai_service(create_app, DemoSettings) as svc:
        dsn = svc.runtime.db.url.replace("postgresql+asyncpg://", "postgresql://")
        leftover = await asyncpg.connect(dsn)
        try:
            await leftover.execute("BEGIN")
            await leftover.execute("LOCK TABLE outbox IN ROW SHARE MODE")  # what SELECT ... FOR UPDATE takes
            started = time.monotonic()
            await truncate_all(svc.runtime)  # waits for the lock at most 5 s, then ends the leftover
            assert time.monotonic() - started < 30
            assert leftover.is_closed() or await _terminated(leftover)
        finally:
            if not leftover.is_closed():
                leftover.terminate()


async def _terminated(conn: asyncpg.Connection) -> bool:
    try:
        await conn.execute("SELECT 1")
    except (asyncpg.PostgresError, asyncpg.InterfaceError, ConnectionError):
        return True
    return False
