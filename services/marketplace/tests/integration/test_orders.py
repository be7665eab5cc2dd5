"""Orders over HTTP: placing (stock reserved, price captured), the state machine, cancellation returning
stock, idempotent retries, and who may see or move an order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from balai.marketplace.models import orders

from .conftest import Market

pytestmark = pytest.mark.integration


async def shop_with(market: Market, **product: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    shop = await market.open_shop("siti")
    return shop, await market.add_product("siti", shop, **product)


async def step(market: Market, order: dict[str, Any], action: str, who: str, **body: Any) -> Any:
    return await market.client.post(f"/orders/{order['id']}/{action}", json=body or None, headers=market.resident(who))


async def test_courier_order_from_placement_to_completion(market: Market) -> None:
    shop, keripik = await shop_with(market, stock=10, price=12500)
    batik = await market.add_product("siti", shop, title="Batik tulis Lasem", category="pakaian", price=350000, stock=2)
    placed = await market.order("budi", shop, [(keripik["id"], 2), (batik["id"], 1), (keripik["id"], 1)])
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "placed"
    assert order["total"] == 3 * 12500 + 350000
    assert order["total_label"] == "Rp387.500"
    assert sorted((i["title"], i["quantity"]) for i in order["items"]) == [
        ("Batik tulis Lasem", 1),
        ("Keripik singkong pedas", 3),
    ]
    assert await market.stock(keripik) == 7
    assert await market.stock(batik) == 1

    await market.client.patch(f"/products/{keripik['id']}", json={"price": 15000}, headers=market.resident("siti"))
    kept = (await market.client.get(f"/orders/{order['id']}", headers=market.resident("budi"))).json()
    assert kept["total"] == order["total"], "the price is the one at order time"

    assert (await step(market, order, "confirm", "siti")).json()["status"] == "confirmed"
    shipped = await step(market, order, "dispatch", "siti", courier="Ojek Pak Darto")
    assert (shipped.json()["status"], shipped.json()["courier"]) == ("shipped", "Ojek Pak Darto")
    done = await step(market, order, "complete", "budi")
    assert (done.json()["status"], done.json()["paid"], done.json()["completed_by"]) == ("completed", True, "buyer")
    assert [t for t in await market.outbox_types() if t.startswith("marketplace.order")] == [
        "marketplace.order.placed",
        "marketplace.order.confirmed",
        "marketplace.order.shipped",
        "marketplace.order.completed",
    ]


async def test_parcel_with_qris_marked_paid_and_a_tracking_number(market: Market) -> None:
    shop, product = await shop_with(market)
    order = (await market.order("budi", shop, [(product["id"], 1)], delivery="parcel", payment="qris")).json()
    early = await step(market, order, "dispatch", "siti", courier="JNE", tracking_number="JNE0123456789")
    assert early.status_code == 409
    assert early.json()["detail"] == "Konfirmasi pesanan lebih dahulu sebelum mengirimnya."
    assert early.json()["code"] == "invalid_transition"
    await step(market, order, "confirm", "siti")
    no_resi = await step(market, order, "dispatch", "siti", courier="JNE")
    assert no_resi.status_code == 422
    paid = await step(market, order, "paid", "siti")
    assert paid.json()["paid"] is True
    by_buyer = await step(market, order, "paid", "budi")
    assert by_buyer.status_code == 403
    shipped = await step(market, order, "dispatch", "siti", courier="JNE", tracking_number="jne0123456789")
    assert shipped.json()["tracking_number"] == "JNE0123456789"
    assert "marketplace.order.paid" in await market.outbox_types()


async def test_pick_up_order_is_ready_then_collected(market: Market) -> None:
    shop, product = await shop_with(market)
    order = (await market.order("budi", shop, [(product["id"], 1)], delivery="pickup", address="")).json()
    await step(market, order, "confirm", "siti")
    ready = await step(market, order, "dispatch", "siti")
    assert ready.json()["status"] == "ready"
    assert ready.json()["status_label"] == "siap diambil"
    assert (await step(market, order, "complete", "siti")).json()["completed_by"] == "seller"


async def test_cancellation_returns_the_stock_once(market: Market) -> None:
    shop, product = await shop_with(market, stock=5)
    by_buyer = (await market.order("budi", shop, [(product["id"], 2)])).json()
    assert await market.stock(product) == 3
    cancelled = await step(market, by_buyer, "cancel", "budi")
    assert (cancelled.json()["status"], cancelled.json()["cancelled_by"]) == ("cancelled", "buyer")
    assert await market.stock(product) == 5
    again = await step(market, by_buyer, "cancel", "budi")
    assert again.status_code == 200, "a retried cancel is harmless"
    assert await market.stock(product) == 5, "and returns nothing twice"

    confirmed = (await market.order("budi", shop, [(product["id"], 4)])).json()
    await step(market, confirmed, "confirm", "siti")
    too_late = await step(market, confirmed, "cancel", "budi")
    assert too_late.status_code == 409
    assert "tidak dapat dibatalkan pembeli" in too_late.json()["detail"]
    no_reason = await step(market, confirmed, "cancel", "siti")
    assert no_reason.status_code == 422
    by_seller = await step(market, confirmed, "cancel", "siti", reason="Keripik habis terjual di pasar")
    assert by_seller.json()["cancel_reason"] == "Keripik habis terjual di pasar"
    assert await market.stock(product) == 5
    assert (await market.outbox_types()).count("marketplace.order.cancelled") == 2


async def test_racing_cancel_and_confirm_never_both_win(market: Market) -> None:
    shop, product = await shop_with(market, stock=5)
    for _ in range(5):
        order = (await market.order("budi", shop, [(product["id"], 1)])).json()
        cancel, confirm = await asyncio.gather(
            step(market, order, "cancel", "budi"), step(market, order, "confirm", "siti")
        )
        assert sorted([cancel.status_code, confirm.status_code]) in ([200, 409], [409, 200])
        final = (await market.client.get(f"/orders/{order['id']}", headers=market.resident("budi"))).json()["status"]
        if final == "confirmed":
            await step(market, order, "cancel", "siti", reason="Dibatalkan untuk pengujian")
    assert await market.stock(product) == 5, "stock returned exactly once per cancelled order"


async def test_a_retried_order_with_the_same_key_makes_one_order(market: Market) -> None:
    shop, product = await shop_with(market, stock=10)
    first, *retries = await asyncio.gather(
        *(market.order("budi", shop, [(product["id"], 2)], key="checkout-7") for _ in range(4))
    )
    assert {r.status_code for r in [first, *retries]} == {201}
    assert len({r.json()["id"] for r in [first, *retries]}) == 1
    assert sum(r.headers["Idempotent-Replayed"] == "false" for r in [first, *retries]) == 1
    later = await market.order("budi", shop, [(product["id"], 2)], key="checkout-7")
    assert later.headers["Idempotent-Replayed"] == "true"
    assert await market.count(orders) == 1
    assert await market.stock(product) == 8, "stock reserved once"
    assert (await market.outbox_types()).count("marketplace.order.placed") == 1
    changed = await market.order("budi", shop, [(product["id"], 3)], key="checkout-7")
    assert changed.status_code == 422
    assert changed.json()["code"] == "idempotency_key_reused"
    missing = await market.client.post("/orders", json={}, headers=market.resident("budi"))
    assert missing.status_code in (400, 422)
    body = {
        "shop_id": shop["id"],
        "items": [{"product_id": product["id"], "quantity": 1}],
        "delivery": "pickup",
        "payment": "cod",
        "contact_phone": "081322223333",
    }
    no_key = await market.client.post("/orders", json=body, headers=market.resident("budi"))
    assert no_key.status_code == 400
    assert no_key.json()["code"] == "idempotency_key_required"


async def test_order_rules(market: Market) -> None:
    shop, product = await shop_with(market, stock=3)
    other_shop = await market.open_shop("budi")
    foreign = await market.add_product("budi", other_shop)
    mixed = await market.order("eka", shop, [(product["id"], 1), (foreign["id"], 1)])
    assert mixed.status_code == 422
    assert mixed.json()["code"] == "product_not_in_shop"
    own = await market.order("siti", shop, [(product["id"], 1)])
    assert own.status_code == 409
    assert own.json()["detail"] == "Anda tidak dapat memesan dari lapak Anda sendiri."
    too_many = await market.order("eka", shop, [(product["id"], 4)])
    assert too_many.status_code == 409
    assert (too_many.json()["code"], too_many.json()["available"]) == ("out_of_stock", 3)
    assert too_many.json()["detail"] == "Stok Keripik singkong pedas tinggal 3."
    no_address = await market.order("eka", shop, [(product["id"], 1)], address="")
    assert no_address.status_code == 422
    assert await market.count(orders) == 0
    assert await market.stock(product) == 3


async def test_buyers_see_their_orders_and_sellers_their_shops_orders_only(market: Market) -> None:
    siti_shop, siti_product = await shop_with(market)
    budi_shop = await market.open_shop("budi")
    budi_product = await market.add_product("budi", budi_shop)
    to_siti = (await market.order("eka", siti_shop, [(siti_product["id"], 1)])).json()
    to_budi = (await market.order("dewi", budi_shop, [(budi_product["id"], 1)])).json()

    mine = await market.client.get("/orders/mine", headers=market.resident("eka"))
    assert [o["id"] for o in mine.json()["items"]] == [to_siti["id"]]
    incoming = await market.client.get(
        f"/shops/{siti_shop['id']}/orders?status=placed", headers=market.resident("siti")
    )
    assert [o["id"] for o in incoming.json()["items"]] == [to_siti["id"]]
    assert incoming.json()["items"][0]["contact_phone"] == "+6281322223333"

    for who, order in (("budi", to_siti), ("siti", to_budi), ("dewi", to_siti)):
        seen = await market.client.get(f"/orders/{order['id']}", headers=market.resident(who))
        assert seen.status_code == 403
        assert seen.json()["detail"] == "Pesanan ini bukan milik Anda."
        for action in ("confirm", "cancel", "complete", "paid"):
            moved = await step(
                market, order, action, who, **({"reason": "Saya batalkan saja"} if action == "cancel" else {})
            )
            assert moved.status_code == 403, (who, action)
    stolen = await market.client.get(f"/shops/{siti_shop['id']}/orders", headers=market.resident("budi"))
    assert stolen.status_code == 403
    operator = await market.client.get(f"/orders/{to_siti['id']}", headers=market.operator())
    assert operator.status_code == 403
    assert (await market.client.get(f"/orders/{to_siti['id']}", headers=market.resident("eka"))).json()[
        "status"
    ] == "placed"
