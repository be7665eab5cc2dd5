"""Browse and full-text search on PostgreSQL (generated tsvector, `indonesian` configuration)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import BANGGI, MOJOWARNO, PRAWOTO, Market

pytestmark = pytest.mark.integration

CATALOGUE = [
    # (seller, village, title, description, category, price)
    ("siti", MOJOWARNO, "Keripik singkong pedas", "Singkong dari kebun sendiri, digoreng renyah.", "makanan", 12500),
    ("siti", MOJOWARNO, "Keripik tempe", "Tempe tipis berbumbu ketumbar.", "makanan", 15000),
    ("rini", BANGGI, "Batik tulis Lasem motif latohan", "Kain batik tulis tangan, pewarna alam.", "pakaian", 450000),
    ("rini", BANGGI, "Batik cap kombinasi", "Batik cap untuk seragam, bukan tulis.", "pakaian", 95000),
    ("agus", PRAWOTO, "Gula aren cetak", "Nira aren dimasak tanpa campuran. Cocok untuk minuman.", "makanan", 30000),
    ("agus", PRAWOTO, "Anyaman bambu", "Kerajinan tangan warga: tampah dan besek.", "kerajinan", 45000),
]


async def seeded(market: Market) -> dict[str, dict[str, Any]]:
    shops: dict[str, dict[str, Any]] = {}
    products: dict[str, dict[str, Any]] = {}
    for seller, village, title, description, category, price in CATALOGUE:
        if seller not in shops:
            shops[seller] = await market.open_shop(seller, village)
        products[title] = await market.add_product(
            seller, shops[seller], title=title, description=description, category=category, price=price
        )
    return products


async def titles(market: Market, query: str = "") -> list[str]:
    response = await market.client.get(f"/products?{query}")
    assert response.status_code == 200, response.text
    return [card["title"] for card in response.json()["items"]]


async def test_indonesian_words_find_their_products(market: Market) -> None:
    await seeded(market)
    assert sorted(await titles(market, "q=keripik")) == ["Keripik singkong pedas", "Keripik tempe"]
    assert await titles(market, "q=Keripik+SINGKONG") == ["Keripik singkong pedas"]
    assert await titles(market, "q=kerip") == ["Keripik tempe", "Keripik singkong pedas"], "a prefix while typing"
    tulis = await titles(market, "q=batik+tulis")
    assert tulis[0] == "Batik tulis Lasem motif latohan", "the title match ranks first"
    assert set(tulis) == {"Batik tulis Lasem motif latohan", "Batik cap kombinasi"}, "description matches too"
    assert await titles(market, "q=minum") == ["Gula aren cetak"], "stemmed: minuman -> minum"
    assert await titles(market, "q=kerajinan") == ["Anyaman bambu"]
    assert await titles(market, "q=rendang") == []
    assert len(await titles(market, "q=%27%3B+drop+table+products%3B+--+%21%3A*%26")) == 0
    assert len(await titles(market)) == 6


async def test_price_category_and_stock_filters(market: Market) -> None:
    products = await seeded(market)
    assert await titles(market, "max_price=20000&sort=price_asc") == ["Keripik singkong pedas", "Keripik tempe"]
    assert await titles(market, "min_price=40000&max_price=100000&sort=price_desc") == [
        "Batik cap kombinasi",
        "Anyaman bambu",
    ]
    assert await titles(market, "q=batik&max_price=100000") == ["Batik cap kombinasi"]
    assert sorted(await titles(market, "category=pakaian")) == [
        "Batik cap kombinasi",
        "Batik tulis Lasem motif latohan",
    ]
    await market.client.patch(
        f"/products/{products['Keripik tempe']['id']}", json={"stock": 0}, headers=market.resident("siti")
    )
    assert await titles(market, "q=keripik&in_stock=true") == ["Keripik singkong pedas"]
    bad = await market.client.get("/products?category=senjata")
    assert bad.status_code == 422


async def test_village_district_and_regency(market: Market) -> None:
    await seeded(market)
    assert sorted(await titles(market, "village=33.17.09.2016")) == ["Keripik singkong pedas", "Keripik tempe"]
    assert len(await titles(market, "district=33.17.09")) == 4, "Mojowarno and Banggi are both in Kaliori"
    assert len(await titles(market, f"regency={PRAWOTO[:4]}")) == 2
    assert await titles(market, "regency=3317&q=gula") == []
    wrong = await market.client.get("/products?district=3317")
    assert wrong.status_code == 422
    assert wrong.json()["detail"] == "Kode kecamatan harus 6 digit, misalnya 33.17.09."
    card = (await market.client.get("/products?q=gula")).json()["items"][0]
    assert (card["village"], card["village_name"], card["shop_name"]) == (PRAWOTO, "Prawoto", "Lapak agus")
    villages = (await market.client.get("/villages?regency=33.17")).json()
    assert [v["name"] for v in villages] == ["Banggi", "Mojowarno"]


async def test_pages_are_bounded_and_chain(market: Market) -> None:
    await seeded(market)
    first = (await market.client.get("/products?limit=4")).json()
    assert (len(first["items"]), first["next_offset"]) == (4, 4)
    second = (await market.client.get(f"/products?limit=4&offset={first['next_offset']}")).json()
    assert (len(second["items"]), second["next_offset"]) == (2, None)
    seen = [c["id"] for c in first["items"] + second["items"]]
    assert len(set(seen)) == 6
    assert (await market.client.get("/products?limit=51")).status_code == 422
    assert (await market.client.get("/products?offset=2001")).status_code == 422


async def test_only_approved_shops_visible_products_are_public(market: Market) -> None:
    products = await seeded(market)
    pending = await market.open_shop("baru", MOJOWARNO, approve=False)
    await market.add_product("baru", pending, title="Keripik belum disetujui")
    await market.client.post(
        f"/products/{products['Keripik tempe']['id']}/hide",
        json={"reason": "Foto buram sekali"},
        headers=market.operator(),
    )
    assert await titles(market, "q=keripik") == ["Keripik singkong pedas"]
    assert await titles(market, f"shop={pending['id']}") == []
