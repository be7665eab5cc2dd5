"""Concurrent orders for the last items never oversell (conditional UPDATE on PostgreSQL)."""

from __future__ import annotations

import asyncio
import random

import pytest
from sqlalchemy import func, select

from balai.marketplace.models import order_items, orders

from .conftest import Market

pytestmark = pytest.mark.integration


async def reserved_quantity(market: Market) -> int:
    async with market.svc.runtime.db.session() as session:
        return int(await session.scalar(select(func.coalesce(func.sum(order_items.c.quantity), 0))) or 0)


async def test_twenty_buyers_race_for_the_last_three_items(market: Market) -> None:
    assert not market.svc.runtime.db.is_sqlite, "this proof needs the real PostgreSQL"
    shop = await market.open_shop("siti")
    product = await market.add_product("siti", shop, title="Batik tulis motif lasem", stock=3)
    responses = await asyncio.gather(*(market.order(f"buyer-{i}", shop, [(product["id"], 1)]) for i in range(20)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 3 + [409] * 17, [r.text for r in responses if r.status_code not in (201, 409)]
    refused = [r.json() for r in responses if r.status_code == 409]
    assert {p["code"] for p in refused} == {"out_of_stock"}
    assert all(p["detail"].startswith("Stok Batik tulis motif lasem tinggal") for p in refused)
    assert await market.stock(product) == 0
    assert await market.count(orders) == 3
    assert (await market.outbox_types()).count("marketplace.order.placed") == 3


async def test_mixed_quantities_and_two_products_in_any_order(market: Market) -> None:
    shop = await market.open_shop("siti")
    tempe = await market.add_product("siti", shop, title="Keripik tempe", stock=7)
    pisang = await market.add_product("siti", shop, title="Keripik pisang", stock=7)
    rng = random.Random(6)
    baskets = []
    for _ in range(20):
        lines = [(tempe["id"], rng.randint(1, 3)), (pisang["id"], rng.randint(1, 3))]
        rng.shuffle(lines)  # opposite lock orders would deadlock without sorting by product id
        baskets.append(lines)
    responses = await asyncio.gather(*(market.order(f"buyer-{i}", shop, b) for i, b in enumerate(baskets)))
    assert {r.status_code for r in responses} <= {201, 409}, [r.text for r in responses]
    won = [b for b, r in zip(baskets, responses, strict=True) if r.status_code == 201]
    sold_tempe = sum(q for b in won for p, q in b if p == tempe["id"])
    sold_pisang = sum(q for b in won for p, q in b if p == pisang["id"])
    assert sold_tempe <= 7
    assert sold_pisang <= 7
    assert await market.stock(tempe) == 7 - sold_tempe
    assert await market.stock(pisang) == 7 - sold_pisang
    assert await reserved_quantity(market) == sold_tempe + sold_pisang
