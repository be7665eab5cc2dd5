"""The database pool is sized by settings (each process's share of PostgreSQL's connections)."""

from __future__ import annotations

import pytest

from balai.common.db import Database
from balai.common.settings import BaseServiceSettings, service_config


class DemoSettings(BaseServiceSettings):
    service_name = "demo"
    model_config = service_config("DEMO_")


def test_pool_size_and_overflow_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_DB_POOL_SIZE", "3")
    monkeypatch.setenv("DEMO_DB_MAX_OVERFLOW", "1")
    settings = DemoSettings(database_url="postgresql+asyncpg://balai@127.0.0.1/demo")
    db = Database(
        settings.effective_database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
    )
    assert db.engine.pool.size() == 3  # type: ignore[attr-defined]
    assert db.engine.pool._max_overflow == 1  # type: ignore[attr-defined]


def test_a_pool_of_nothing_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_DB_POOL_SIZE", "0")
    with pytest.raises(ValueError, match="db_pool_size"):
        DemoSettings()
