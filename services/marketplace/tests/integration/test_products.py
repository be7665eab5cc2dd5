"""Products over HTTP: listing (with an Idempotency-Key), edits, hiding by the operator, ownership."""

from __future__ import annotations

import pytest

from .conftest import BANGGI, PRAWOTO, Market

pytestmark = pytest.mark.integration


async def test_a_seller_lists_and_edits_a_product(market: Market) -> None:
    shop = await market.open_shop("siti")
    product = await market.add_product("siti", shop, description='<img src=x onerror="alert(1)"> Renyah & gurih')
    assert product["price_label"] == "Rp12.500"
    assert product["stock"] == 10
    shown = await market.client.get(f"/products/{product['id']}")
    assert shown.headers["content-type"] == "application/json"
    assert shown.json()["description"] == '<img src=x onerror="alert(1)"> Renyah & gurih', "plain text, as typed"
    assert shown.json()["hidden_reason"] is None

    edited = await market.client.patch(
        f"/products/{product['id']}", json={"price": 13000, "stock": 25}, headers=market.resident("siti")
    )
    assert (edited.json()["price"], edited.json()["stock"]) == (13000, 25)
    unchanged = await market.client.patch(
        f"/products/{product['id']}", json={"price": 13000}, headers=market.resident("siti")
    )
    assert unchanged.status_code == 200
    assert await market.outbox_types() == [
        "marketplace.shop.opened",
        "marketplace.shop.approved",
        "marketplace.product.listed",
        "marketplace.product.updated",
    ], "an edit that changes nothing publishes nothing"


async def test_product_validation_speaks_indonesian(market: Market) -> None:
    shop = await market.open_shop("siti")
    url, headers = f"/shops/{shop['id']}/products", market.resident("siti")
    base = {"title": "Gula aren", "category": "makanan", "price": 20000, "unit": "kg"}
    cases = [
        ({"price": 0}, "invalid_price"),
        ({"category": "senjata"}, "invalid_category"),
        ({"title": "ab"}, "too_short"),
        ({"stock": -3}, "invalid_stock"),
    ]
    for change, code in cases:
        response = await market.client.post(url, json=base | change, headers=headers)
        assert response.status_code == 422, change
        assert response.json()["code"] == code
    fractional = await market.client.post(url, json=base | {"price": 12500.5}, headers=headers)
    assert fractional.status_code == 422
    assert fractional.json()["code"] == "validation"


async def test_a_retried_listing_with_the_same_key_makes_one_product(market: Market) -> None:
    shop = await market.open_shop("siti")
    body = {"title": "Madu hutan", "category": "makanan", "price": 85000, "unit": "botol 500 ml", "stock": 5}
    headers = market.resident("siti") | {"Idempotency-Key": "listing-1"}
    first = await market.client.post(f"/shops/{shop['id']}/products", json=body, headers=headers)
    retry = await market.client.post(f"/shops/{shop['id']}/products", json=body, headers=headers)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert first.json()["id"] == retry.json()["id"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert (await market.outbox_types()).count("marketplace.product.listed") == 1


async def test_operator_hides_with_a_reason_and_shows_again(market: Market) -> None:
    shop = await market.open_shop("siti")
    product = await market.add_product("siti", shop)
    url = f"/products/{product['id']}"
    hidden = await market.client.post(
        f"{url}/hide", json={"reason": "Foto tidak sesuai produk"}, headers=market.operator()
    )
    assert hidden.json()["status"] == "hidden"
    assert (await market.client.get(url)).status_code == 404
    seen = await market.client.get(url, headers=market.resident("siti"))
    assert seen.json()["hidden_reason"] == "Foto tidak sesuai produk"
    edit = await market.client.patch(url, json={"stock": 3}, headers=market.resident("siti"))
    assert edit.json()["status"] == "hidden", "the seller's edit does not unhide it"
    order = await market.order("budi", shop, [(product["id"], 1)])
    assert order.status_code == 409
    assert order.json()["code"] == "product_unavailable"
    shown = await market.client.post(f"{url}/unhide", headers=market.operator())
    assert shown.json()["status"] == "active"
    assert (await market.client.get(url)).status_code == 200
    types = await market.outbox_types()
    assert "marketplace.product.hidden" in types
    assert types[-1] == "marketplace.product.updated"


async def test_one_seller_cannot_touch_another_sellers_products(market: Market) -> None:
    siti = await market.open_shop("siti")
    await market.open_shop("budi")
    product = await market.add_product("siti", siti)
    budi = market.resident("budi")
    body = {"title": "Palsu", "category": "makanan", "price": 1000, "unit": "bks"}
    assert (await market.client.post(f"/shops/{siti['id']}/products", json=body, headers=budi)).status_code == 403
    patch = await market.client.patch(f"/products/{product['id']}", json={"price": 1}, headers=budi)
    assert patch.status_code == 403
    assert patch.json()["code"] == "not_your_shop"
    assert (await market.client.get(f"/shops/{siti['id']}/products", headers=budi)).status_code == 404
    assert (
        await market.client.post(f"/products/{product['id']}/hide", json={"reason": "Saingan saya"}, headers=budi)
    ).status_code == 403
    assert (await market.client.get(f"/products/{product['id']}")).json()["price"] == 12500


async def test_an_operator_of_another_village_cannot_hide(market: Market) -> None:
    shop = await market.open_shop("siti")
    product = await market.add_product("siti", shop)
    for village in (BANGGI, PRAWOTO):
        response = await market.client.post(
            f"/products/{product['id']}/hide", json={"reason": "Bukan urusan saya"}, headers=market.operator(village)
        )
        assert response.status_code == 403
        assert response.json()["code"] == "other_village"
        assert (
            await market.client.post(f"/products/{product['id']}/unhide", headers=market.operator(village))
        ).status_code == 403
    assert (await market.client.get(f"/products/{product['id']}")).json()["status"] == "active"


async def test_the_owner_and_the_operator_see_every_product_of_the_shop(market: Market) -> None:
    shop = await market.open_shop("siti")
    first = await market.add_product("siti", shop, title="Keripik tempe")
    second = await market.add_product("siti", shop, title="Keripik pisang")
    await market.client.post(
        f"/products/{first['id']}/hide", json={"reason": "Perlu foto baru"}, headers=market.operator()
    )
    for headers in (market.resident("siti"), market.operator()):
        listing = await market.client.get(f"/shops/{shop['id']}/products?limit=1", headers=headers)
        assert [p["id"] for p in listing.json()["items"]] == [second["id"]]
        assert listing.json()["next_offset"] == 1
        rest = await market.client.get(f"/shops/{shop['id']}/products?limit=1&offset=1", headers=headers)
        assert [(p["id"], p["status"]) for p in rest.json()["items"]] == [(first["id"], "hidden")]
        assert rest.json()["next_offset"] is None
