"""The embedded default (`make up`) runs the marketplace on SQLite: the same migrations, and search
falls back to LIKE. One walk through the main paths proves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from balai.common.testing.harness import run_service, settings_for
from balai.marketplace.config import Settings
from balai.marketplace.main import create_app

from .conftest import Market

pytestmark = pytest.mark.integration


async def test_main_paths_on_sqlite(
    balai_infra: Any, balai_tokens: Any, balai_bus_prefix: str, balai_run_id: str, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/marketplace.db"
    settings = settings_for(
        Settings, balai_infra, url, balai_bus_prefix, balai_run_id, media_dir=str(tmp_path / "media")
    )
    async with run_service(create_app, settings, tokens=balai_tokens) as svc:
        assert svc.runtime.db.is_sqlite
        market = Market(svc)
        await market.enable_villages()
        shop = await market.open_shop("siti")
        keripik = await market.add_product("siti", shop, stock=2)
        await market.add_product("siti", shop, title="Batik tulis Lasem", category="pakaian", price=450000)
        found = (await market.client.get("/products?q=KERIPIK&max_price=20000")).json()["items"]
        assert [card["title"] for card in found] == ["Keripik singkong pedas"]
        assert [c["title"] for c in (await market.client.get("/products?q=batik+tulis")).json()["items"]] == [
            "Batik tulis Lasem"
        ]
        assert (await market.client.get("/products?q=100%25")).json()["items"] == []
        order = await market.order("budi", shop, [(keripik["id"], 2)])
        assert order.status_code == 201, order.text
        assert (await market.order("eka", shop, [(keripik["id"], 1)])).json()["code"] == "out_of_stock"
        cancelled = await market.client.post(f"/orders/{order.json()['id']}/cancel", headers=market.resident("budi"))
        assert cancelled.json()["status"] == "cancelled"
        stamps = [shop["created_at"], keripik["created_at"], order.json()["created_at"], cancelled.json()["updated_at"]]
        assert all(s.endswith("+00:00") for s in stamps), f"SQLite keeps no offset; the answers must: {stamps}"
        assert await market.stock(keripik) == 2
