"""Shops over HTTP: opening, the operator's approval and suspension, edits, who may do what."""

from __future__ import annotations

import pytest

from .conftest import BANGGI, MOJOWARNO, PRAWOTO, Market

pytestmark = pytest.mark.integration


async def test_a_resident_opens_a_shop_that_an_operator_approves(market: Market) -> None:
    shop = await market.open_shop("siti", approve=False, whatsapp="+62 812 3456 7890")
    assert shop["status"] == "pending"
    assert shop["whatsapp"] == "+6281234567890"
    assert shop["whatsapp_link"] == "https://wa.me/6281234567890"
    assert shop["village"] == MOJOWARNO
    assert (await market.client.get(f"/shops/{shop['id']}")).status_code == 404, "pending shops are not public"
    assert (await market.client.get("/shops/mine", headers=market.resident("siti"))).json()["id"] == shop["id"]

    listing = await market.client.get(f"/villages/{MOJOWARNO}/shops?status=pending", headers=market.operator())
    assert [s["id"] for s in listing.json()["items"]] == [shop["id"]]
    approved = await market.client.post(f"/shops/{shop['id']}/approve", headers=market.operator())
    assert approved.json()["status"] == "approved"
    again = await market.client.post(f"/shops/{shop['id']}/approve", headers=market.operator())
    assert again.status_code == 200, "approving twice is harmless"
    public = await market.client.get(f"/shops/{shop['id']}")
    assert public.status_code == 200
    assert public.json()["status_reason"] is None
    assert await market.outbox_types() == ["marketplace.shop.opened", "marketplace.shop.approved"]


async def test_suspension_needs_a_reason_and_takes_the_shop_off_the_market(market: Market) -> None:
    shop = await market.open_shop("siti")
    product = await market.add_product("siti", shop)
    no_reason = await market.client.post(f"/shops/{shop['id']}/suspend", json={"reason": ""}, headers=market.operator())
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"] == "Alasan pembekuan wajib diisi."
    suspended = await market.client.post(
        f"/shops/{shop['id']}/suspend", json={"reason": "Menjual barang tanpa izin edar"}, headers=market.operator()
    )
    assert suspended.json()["status"] == "suspended"
    assert suspended.json()["status_reason"] == "Menjual barang tanpa izin edar"
    assert (await market.client.get(f"/products/{product['id']}")).status_code == 404
    assert (await market.client.get("/products")).json()["items"] == []
    seen_by_owner = await market.client.get(f"/products/{product['id']}", headers=market.resident("siti"))
    assert seen_by_owner.status_code == 200
    ordered = await market.order("budi", shop, [(product["id"], 1)])
    assert ordered.status_code == 409
    assert ordered.json()["code"] == "shop_not_open"
    assert "dibekukan" in ordered.json()["detail"]
    assert "marketplace.shop.suspended" in await market.outbox_types()


async def test_one_shop_per_resident_and_only_in_an_enabled_village(market: Market) -> None:
    shop = await market.open_shop("siti", approve=False)
    body = {"name": "Lapak Kedua", "whatsapp": "081234567890", "pickup_address": "Dusun Krajan RT 1"}
    second = await market.client.post("/shops", json=body, headers=market.resident("siti"))
    assert second.status_code == 409
    assert second.json()["shop_id"] == shop["id"], "a retried open finds the shop it made"
    elsewhere = await market.client.post("/shops", json=body, headers=market.resident("eka", village="3317012001"))
    assert elsewhere.status_code == 403
    assert elsewhere.json()["code"] == "village_not_enabled"
    operator = await market.client.post("/shops", json=body, headers=market.operator())
    assert operator.status_code == 403
    assert operator.json()["code"] == "residents_only"
    bad_phone = await market.client.post(
        "/shops", json=body | {"whatsapp": "021-5551234"}, headers=market.resident("dewi")
    )
    assert bad_phone.status_code == 422
    assert bad_phone.headers["content-type"] == "application/problem+json"
    assert "WhatsApp" in bad_phone.json()["detail"]
    anonymous = await market.client.post("/shops", json=body)
    assert anonymous.status_code == 401


async def test_the_owner_edits_the_shop_nobody_else(market: Market) -> None:
    shop = await market.open_shop("siti")
    edited = await market.client.patch(
        f"/shops/{shop['id']}",
        json={"name": "Keripik Bu Siti", "whatsapp": "0857 1234 5678"},
        headers=market.resident("siti"),
    )
    assert edited.status_code == 200
    assert (edited.json()["name"], edited.json()["whatsapp"]) == ("Keripik Bu Siti", "+6285712345678")
    other = await market.client.patch(f"/shops/{shop['id']}", json={"name": "Dibajak"}, headers=market.resident("budi"))
    assert other.status_code == 403
    assert other.json()["code"] == "not_your_shop"
    assert other.json()["detail"] == "Lapak ini bukan milik Anda."
    operator = await market.client.patch(f"/shops/{shop['id']}", json={"name": "Diubah"}, headers=market.operator())
    assert operator.status_code == 403
    assert (await market.client.get(f"/shops/{shop['id']}")).json()["name"] == "Keripik Bu Siti"


async def test_an_operator_of_another_village_can_neither_approve_nor_suspend(market: Market) -> None:
    shop = await market.open_shop("siti", approve=False)
    for village in (BANGGI, PRAWOTO):
        approve = await market.client.post(f"/shops/{shop['id']}/approve", headers=market.operator(village))
        assert approve.status_code == 403
        assert approve.json()["code"] == "other_village"
        suspend = await market.client.post(
            f"/shops/{shop['id']}/suspend", json={"reason": "Coba-coba saja"}, headers=market.operator(village)
        )
        assert suspend.status_code == 403
        listing = await market.client.get(f"/villages/{MOJOWARNO}/shops", headers=market.operator(village))
        assert listing.status_code == 403
    resident = await market.client.post(f"/shops/{shop['id']}/approve", headers=market.resident("budi"))
    assert resident.status_code == 403
    neighbours = await market.client.get(f"/villages/{MOJOWARNO}/shops", headers=market.resident("budi"))
    assert (neighbours.status_code, neighbours.json()["code"]) == (403, "staff_only")
    assert (await market.client.get(f"/shops/{shop['id']}", headers=market.resident("budi"))).status_code == 404
    camat = market.svc.headers("camat-1", roles=["camat"], village="331709")
    assert (await market.client.post(f"/shops/{shop['id']}/approve", headers=camat)).status_code == 403
    assert (await market.client.get(f"/villages/{MOJOWARNO}/shops", headers=camat)).status_code == 200
    admin = market.svc.headers("admin-1", roles=["regency_admin"], village=None)
    assert (await market.client.post(f"/shops/{shop['id']}/approve", headers=admin)).json()["status"] == "approved"
    assert await market.outbox_types() == ["marketplace.shop.opened", "marketplace.shop.approved"]


async def test_unknown_shop_is_404_in_indonesian(market: Market) -> None:
    missing = await market.client.get("/shops/0193a1c2-7d4e-7f10-8a2b-3c4d5e6f7a01")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Lapak tidak ditemukan."
    assert (await market.client.get("/shops/mine", headers=market.resident("nobody"))).status_code == 404
