"""The gateway keeps the common service shape (migrations on PostgreSQL too, health, OpenAPI) without NATS."""

from __future__ import annotations

from typing import Any

import pytest

from balai.kiosk.config import Settings
from balai.kiosk.main import create_app

pytestmark = pytest.mark.integration


async def test_service_starts_without_nats_and_reports_its_own_readiness(balai_service: Any, tmp_path: Any) -> None:
    async with balai_service(create_app, Settings, data_dir=str(tmp_path), pcsc_enabled=False) as svc:
        client = svc.client
        client.base_url = "http://127.0.0.1:8787"  # the bridge answers its local origin only
        assert (await client.get("/healthz")).json() == {"status": "ok", "service": "kiosk"}
        ready = await client.get("/readyz")
        assert ready.status_code == 503, "no centre configured"
        checks = ready.json()["checks"]
        assert checks["database"] is True
        assert checks["centre"] is False
        assert "nats" not in checks
        assert svc.runtime.bus.connected is False
        openapi = (await client.get("/openapi.json")).json()
        assert openapi["info"]["title"] == "Balai Kiosk gateway"
        assert "/bridge/session" in openapi["paths"]
