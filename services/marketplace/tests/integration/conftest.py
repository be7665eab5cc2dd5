"""A running marketplace on the real PostgreSQL + NATS, three enabled villages, and helpers that act
as residents, sellers and operators through the HTTP API."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from balai.common.envelope import Envelope
from balai.common.testing.harness import RunningService
from balai.contracts.identity import VillageEnabledV1
from balai.marketplace.config import Settings
from balai.marketplace.handlers.villages import village_enabled
from balai.marketplace.main import create_app
from balai.marketplace.models import messaging
from balai.marketplace.uow import unit_of_work

pytestmark = pytest.mark.integration

MOJOWARNO = "3317092016"  # Kaliori, Rembang
BANGGI = "3317092005"  # Kaliori, Rembang: same district
PRAWOTO = "3318012001"  # Sukolilo, Pati: another regency
VILLAGES = [
    ("33.17.09.2016", "Mojowarno", "33.17.09", "Kaliori", "33.17", "Kabupaten Rembang"),
    ("33.17.09.2005", "Banggi", "33.17.09", "Kaliori", "33.17", "Kabupaten Rembang"),
    ("33.18.01.2001", "Prawoto", "33.18.01", "Sukolilo", "33.18", "Kabupaten Pati"),
]


def village_event(code: str, name: str, district: str, district_name: str, regency: str, regency_name: str) -> Any:
    return VillageEnabledV1(
        village_code=code,
        name=name,
        district_code=district,
        district_name=district_name,
        regency_code=regency,
        regency_name=regency_name,
    )


@dataclass
class Market:
    svc: RunningService

    @property
    def client(self) -> httpx.AsyncClient:
        return self.svc.client

    def resident(self, subject: str, village: str = MOJOWARNO) -> dict[str, str]:
        return self.svc.headers(subject, roles=["resident"], village=village)

    def operator(self, village: str = MOJOWARNO, subject: str = "operator-1") -> dict[str, str]:
        return self.svc.headers(subject, roles=["operator"], village=village)

    async def enable_villages(self) -> None:
        for values in VILLAGES:
            event = village_event(*values)
            uow = unit_of_work(self.svc.runtime)
            async with uow:
                await village_enabled(event, Envelope.wrap(event, village=values[0], subject=values[0]), uow)
                await uow.commit()

    async def open_shop(
        self, owner: str, village: str = MOJOWARNO, approve: bool = True, **fields: Any
    ) -> dict[str, Any]:
        body = {
            "name": f"Lapak {owner}",
            "description": "Produk rumahan",
            "whatsapp": "0812-3456-7890",
            "pickup_address": "Dusun Krajan RT 003 RW 002",
        } | fields
        response = await self.client.post("/shops", json=body, headers=self.resident(owner, village))
        assert response.status_code == 201, response.text
        shop: dict[str, Any] = response.json()
        if approve:
            approved = await self.client.post(f"/shops/{shop['id']}/approve", headers=self.operator(village))
            assert approved.status_code == 200, approved.text
            shop = approved.json()
        return shop

    async def add_product(self, owner: str, shop: dict[str, Any], **fields: Any) -> dict[str, Any]:
        body = {
            "title": "Keripik singkong pedas",
            "description": "Renyah, digoreng dengan minyak baru.",
            "category": "makanan",
            "price": 12500,
            "unit": "bungkus 250 g",
            "stock": 10,
        } | fields
        response = await self.client.post(
            f"/shops/{shop['id']}/products", json=body, headers=self.resident(owner, shop["village"])
        )
        assert response.status_code == 201, response.text
        product: dict[str, Any] = response.json()
        return product

    async def order(
        self, buyer: str, shop: dict[str, Any], items: list[tuple[str, int]], key: str | None = None, **fields: Any
    ) -> httpx.Response:
        body = {
            "shop_id": shop["id"],
            "items": [{"product_id": product_id, "quantity": quantity} for product_id, quantity in items],
            "delivery": "village_courier",
            "payment": "cod",
            "address": "Dusun Krajan RT 001 RW 001, rumah cat hijau",
            "contact_phone": "0813-2222-3333",
        } | fields
        headers = self.resident(buyer) | {"Idempotency-Key": key or str(uuid.uuid4())}
        return await self.client.post("/orders", json=body, headers=headers)

    async def stock(self, product: dict[str, Any]) -> int:
        response = await self.client.get(f"/products/{product['id']}")
        assert response.status_code == 200, response.text
        return int(response.json()["stock"])

    async def outbox_types(self) -> list[str]:
        async with self.svc.runtime.db.session() as session:
            rows = await session.execute(select(messaging.outbox.c.type).order_by(messaging.outbox.c.seq))
            return [row.type for row in rows.all()]

    async def count(self, table: Any) -> int:
        async with self.svc.runtime.db.session() as session:
            return int(await session.scalar(select(func.count()).select_from(table)) or 0)


@pytest.fixture
async def market(balai_service: Any, tmp_path: Path) -> AsyncIterator[Market]:
    async with balai_service(create_app, Settings, media_dir=str(tmp_path / "media")) as svc:
        helper = Market(svc)
        await helper.enable_villages()
        yield helper
