"""Shops and products: opening, approval, suspension, edits, hiding (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from balai.common.errors import Problem
from balai.common.ids import uuid7
from balai.marketplace.domain.products import MAX_PHOTOS, Photo, Product, ProductDetails, ProductStatus
from balai.marketplace.domain.shops import Shop, ShopDetails, ShopStatus

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def a_shop(owner: str = "seller-1") -> Shop:
    details = ShopDetails.parse(
        name="Keripik Bu Siti", description="", whatsapp="0812-3456-7890", pickup_address="Dusun Krajan RT 3"
    )
    return Shop.open(shop_id=uuid7(), village="3317092016", owner=owner, details=details, now=NOW)


def a_product(stock: int = 10) -> Product:
    details = ProductDetails.parse(
        title="Keripik singkong", description="Pedas", category="makanan", price=12500, unit="bungkus"
    )
    return Product.list_new(
        product_id=uuid7(), shop_id=uuid7(), village="3317092016", details=details, stock=stock, now=NOW
    )


def test_a_new_shop_waits_for_approval_and_keeps_its_normalised_details() -> None:
    shop = a_shop()
    assert shop.status is ShopStatus.PENDING
    assert not shop.is_public
    assert shop.details.whatsapp == "+6281234567890"


def test_approve_suspend_and_reinstate() -> None:
    shop = a_shop()
    assert shop.approve(NOW) is True
    assert shop.approve(NOW) is False, "approving twice changes nothing (a retried request)"
    with pytest.raises(Problem, match="minimal 5 karakter"):
        shop.suspend("x", NOW)
    assert shop.suspend("Menjual barang terlarang", NOW + timedelta(hours=1)) is True
    assert (shop.status, shop.status_reason) == (ShopStatus.SUSPENDED, "Menjual barang terlarang")
    assert shop.suspend("Alasan lain lagi", NOW) is False
    with pytest.raises(Problem) as caught:
        shop.require_open_for_orders()
    assert caught.value.status == 409
    assert "dibekukan" in caught.value.detail
    assert shop.approve(NOW) is True
    assert shop.status_reason == ""


def test_only_the_owner_passes_the_ownership_check() -> None:
    shop = a_shop("seller-1")
    shop.require_owner("seller-1")
    with pytest.raises(Problem) as caught:
        shop.require_owner("seller-2")
    assert (caught.value.status, caught.value.code) == (403, "not_your_shop")


def test_shop_edit_reports_what_changed() -> None:
    shop = a_shop()
    same = ShopDetails.parse(
        name="Keripik Bu Siti", description="", whatsapp="+6281234567890", pickup_address="Dusun Krajan RT 3"
    )
    assert shop.edit(same, NOW) == []
    other = ShopDetails.parse(name="Keripik Bu Siti", description="", whatsapp="0813 1111 2222", pickup_address="Balai")
    assert shop.edit(other, NOW) == ["whatsapp", "pickup_address"]


def test_product_edit_validates_and_reports_changed_fields() -> None:
    product = a_product()
    assert product.edit(NOW, price=13000, stock=4, title="Keripik singkong") == ["price", "stock"]
    assert (product.details.price, product.stock) == (13000, 4)
    with pytest.raises(Problem, match="Stok"):
        product.edit(NOW, stock=-1)
    with pytest.raises(Problem, match="Kategori"):
        product.edit(NOW, category="narkoba")


def test_hide_needs_a_reason_and_unhide_restores() -> None:
    product = a_product()
    with pytest.raises(Problem):
        product.hide("", NOW)
    assert product.hide("Foto tidak sesuai", NOW) is True
    assert product.status is ProductStatus.HIDDEN
    assert product.hide("Foto tidak sesuai", NOW) is False
    assert product.unhide(NOW) is True
    assert (product.status, product.hidden_reason) == (ProductStatus.ACTIVE, "")


def test_at_most_five_photos() -> None:
    product = a_product()
    product.photos = [Photo(uuid7(), f"n{i}", f"t{i}", 10, 10, i) for i in range(MAX_PHOTOS)]
    with pytest.raises(Problem) as caught:
        product.require_room_for_photo()
    assert caught.value.status == 409
    with pytest.raises(Problem) as missing:
        product.photo(uuid7())
    assert missing.value.status == 404
