"""The gateway keeps the service shape (migrations at start, health, readiness, metrics, OpenAPI) on the
edge runtime: its own SQLite file through sqlite3, no NATS, no Redis, no SQLAlchemy in the process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from balai.common.edge import EdgeRuntime
from balai.common.migrations import script_heads
from balai.kiosk.config import Settings
from balai.kiosk.main import SERVICE, create_app
from balai.kiosk.models import metadata

pytestmark = pytest.mark.integration


async def test_service_migrates_its_file_in_a_child_and_reports_its_own_readiness(tmp_path: Path) -> None:
    settings = Settings(environment="test", data_dir=str(tmp_path), pcsc_enabled=False, log_json=False)
    assert settings.migrate_in_subprocess, "the gateway's default"
    app = create_app(settings)
    runtime = app.state.runtime
    assert isinstance(runtime, EdgeRuntime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8787") as client:
            assert (await client.get("/healthz")).json() == {"status": "ok", "service": "kiosk"}
            ready = await client.get("/readyz")
            assert ready.status_code == 503, "no centre configured"
            checks = ready.json()["checks"]
            assert checks["database"] is True
            assert checks["centre"] is False
            assert "nats" not in checks
            assert "redis" not in checks
            assert "balai_http_requests_total" in (await client.get("/metrics")).text
            openapi = (await client.get("/openapi.json")).json()
            assert openapi["info"]["title"] == "Balai Kiosk gateway"
            assert "/bridge/session" in openapi["paths"]
    with sqlite3.connect(tmp_path / "kiosk.db") as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        (stamped,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert set(metadata.tables) <= tables, "every table of the models, made by Alembic"
    assert script_heads(SERVICE.migrations) == {stamped}
    assert SERVICE.metadata is metadata, "Alembic's autogenerate finds the models through the definition"
