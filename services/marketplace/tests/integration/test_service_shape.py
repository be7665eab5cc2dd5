"""The service starts on real PostgreSQL + NATS, migrates, and answers health, readiness and OpenAPI."""

from __future__ import annotations

import pytest

from balai.marketplace.config import Settings
from balai.marketplace.main import create_app

pytestmark = pytest.mark.integration


async def test_service_starts_and_reports_ready(balai_service) -> None:
    async with balai_service(create_app, Settings) as svc:
        assert (await svc.client.get("/healthz")).json() == {"status": "ok", "service": "marketplace"}
        await svc.runtime.bus.wait_ready(5)
        ready = await svc.client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["database"] is True
        openapi = (await svc.client.get("/openapi.json")).json()
        assert openapi["info"]["title"] == "Balai Marketplace"


async def test_openapi_lists_the_marketplace_routes(balai_service) -> None:
    async with balai_service(create_app, Settings) as svc:
        paths = set((await svc.client.get("/openapi.json")).json()["paths"])
        assert {
            "/shops",
            "/shops/mine",
            "/shops/{shop_id}/approve",
            "/shops/{shop_id}/products",
            "/products",
            "/products/{product_id}/photos",
            "/orders",
            "/orders/{order_id}/dispatch",
            "/media/{name}",
        } <= paths
