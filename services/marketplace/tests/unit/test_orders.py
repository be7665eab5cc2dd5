"""The order state machine and its rules (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from balai.common.errors import Problem
from balai.common.ids import uuid7
from balai.marketplace.domain.orders import (
    Delivery,
    DeliveryInfo,
    Order,
    OrderLine,
    OrderStatus,
    Party,
    Payment,
    requested_lines,
)
from balai.marketplace.domain.shops import Shop, ShopDetails

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BUYER, SELLER = Party.BUYER, Party.SELLER


def open_shop(owner: str = "seller") -> Shop:
    details = ShopDetails.parse(name="Batik Bu Rini", description="", whatsapp="081234567890", pickup_address="Krajan")
    shop = Shop.open(shop_id=uuid7(), village="3317092016", owner=owner, details=details, now=NOW)
    shop.approve(NOW)
    return shop


def an_order(delivery: Delivery = Delivery.VILLAGE_COURIER, payment: Payment = Payment.COD) -> Order:
    info = DeliveryInfo.parse(
        delivery=delivery, address="Dusun Krajan RT 003 RW 002", contact_phone="0813-2222-3333", note=""
    )
    lines = [OrderLine(uuid7(), "Batik tulis", "lembar", 350000, 1), OrderLine(uuid7(), "Keripik", "bks", 12500, 2)]
    return Order.place(
        order_id=uuid7(), shop=open_shop(), buyer="buyer", lines=lines, delivery=info, payment=payment, now=NOW
    )


def test_happy_path_by_courier_with_cash_on_delivery() -> None:
    order = an_order()
    assert order.total == 375000
    assert order.confirm(SELLER, NOW)
    assert order.dispatch(SELLER, NOW, courier="Ojek Pak Darto")
    assert order.status is OrderStatus.SHIPPED
    assert not order.paid
    assert order.complete(BUYER, NOW)
    assert order.status is OrderStatus.COMPLETED
    assert order.paid, "cash changed hands on delivery"
    assert order.completed_by is BUYER


def test_pick_up_orders_become_ready_not_shipped() -> None:
    order = an_order(Delivery.PICKUP, Payment.QRIS)
    order.confirm(SELLER, NOW)
    order.dispatch(SELLER, NOW)
    assert order.status is OrderStatus.READY
    assert order.mark_paid(SELLER, NOW)
    assert not order.mark_paid(SELLER, NOW), "marking paid twice changes nothing"
    order.complete(SELLER, NOW)
    assert order.status is OrderStatus.COMPLETED


def test_parcel_needs_a_courier_and_tracking_number_and_a_corrected_resi_is_an_update() -> None:
    order = an_order(Delivery.PARCEL, Payment.BANK_TRANSFER)
    order.confirm(SELLER, NOW)
    with pytest.raises(Problem, match="resi"):
        order.dispatch(SELLER, NOW, courier="JNE", tracking_number="")
    with pytest.raises(Problem, match="ekspedisi"):
        order.dispatch(SELLER, NOW, tracking_number="JNE0123456789")
    assert order.dispatch(SELLER, NOW, courier="JNE", tracking_number="jne0123456789")
    assert order.tracking_number == "JNE0123456789"
    assert not order.dispatch(SELLER, NOW, courier="JNE", tracking_number="JNE0123456789"), "a retry"
    assert order.dispatch(SELLER, NOW, courier="JNE", tracking_number="JNE0123456780"), "a corrected number"


@pytest.mark.parametrize(
    ("steps", "action", "message"),
    [
        ([], "dispatch", "Konfirmasi pesanan lebih dahulu"),
        ([], "complete", "baru dipesan tidak dapat diselesaikan"),
        (["confirm"], "buyer_cancel", "tidak dapat dibatalkan pembeli"),
        (["confirm", "dispatch"], "seller_cancel", "sudah dikirim tidak dapat dibatalkan"),
        (["confirm", "dispatch", "complete"], "confirm", "sudah selesai tidak dapat dikonfirmasi"),
        (["seller_cancel"], "confirm", "sudah dibatalkan tidak dapat dikonfirmasi"),
        (["seller_cancel"], "pay", "dibatalkan tidak dapat ditandai lunas"),
    ],
)
def test_invalid_transitions_are_409_with_an_indonesian_message(steps: list[str], action: str, message: str) -> None:
    order = an_order()
    for step in steps:
        _do(order, step)
    with pytest.raises(Problem) as caught:
        _do(order, action)
    assert caught.value.status == 409
    assert caught.value.code == "invalid_transition"
    assert message in caught.value.detail


def _do(order: Order, step: str) -> None:
    actions = {
        "confirm": lambda: order.confirm(SELLER, NOW),
        "dispatch": lambda: order.dispatch(SELLER, NOW, courier="Ojek"),
        "complete": lambda: order.complete(BUYER, NOW),
        "buyer_cancel": lambda: order.cancel(BUYER, "", NOW),
        "seller_cancel": lambda: order.cancel(SELLER, "Stok habis di gudang", NOW),
        "pay": lambda: order.mark_paid(SELLER, NOW),
    }
    actions[step]()


def test_cancellation_rules() -> None:
    by_buyer = an_order()
    assert by_buyer.cancel(BUYER, "", NOW)
    assert (by_buyer.status, by_buyer.cancelled_by) == (OrderStatus.CANCELLED, BUYER)
    assert not by_buyer.cancel(SELLER, "Tidak jadi dikirim", NOW), "cancelling a cancelled order changes nothing"

    by_seller = an_order(Delivery.PICKUP)
    by_seller.confirm(SELLER, NOW)
    by_seller.dispatch(SELLER, NOW)
    with pytest.raises(Problem, match="Alasan pembatalan"):
        by_seller.cancel(SELLER, "", NOW)
    assert by_seller.cancel(SELLER, "Pembeli tidak datang mengambil", NOW)
    assert by_seller.cancel_reason == "Pembeli tidak datang mengambil"


def test_only_the_seller_confirms_dispatches_and_marks_paid() -> None:
    order = an_order()
    for step in (
        lambda: order.confirm(BUYER, NOW),
        lambda: order.dispatch(BUYER, NOW),
        lambda: order.mark_paid(BUYER, NOW),
    ):
        with pytest.raises(Problem) as caught:
            step()
        assert caught.value.status == 403


def test_parties_and_strangers() -> None:
    order = an_order()
    assert order.party("buyer") is BUYER
    assert order.party("seller") is SELLER
    with pytest.raises(Problem) as caught:
        order.require_party("someone-else")
    assert (caught.value.status, caught.value.code) == (403, "not_your_order")


def test_orders_need_an_open_shop_of_someone_else() -> None:
    shop = open_shop("seller")
    with pytest.raises(Problem, match="lapak Anda sendiri"):
        Order.check_can_order(shop, "seller")
    shop.suspend("Diperiksa operator", NOW)
    with pytest.raises(Problem, match="dibekukan"):
        Order.check_can_order(shop, "buyer")


def test_requested_lines_are_merged_sorted_and_bounded() -> None:
    a, b = sorted([uuid7(), uuid7()], key=str)
    assert requested_lines([(b, 1), (a, 2), (b, 3)]) == [(a, 2), (b, 4)]
    for bad in ([], [(a, 0)], [(a, 1000)], [(uuid7(), 1) for _ in range(21)]):
        with pytest.raises(Problem):
            requested_lines(bad)


def test_delivery_needs_an_address_unless_picked_up() -> None:
    with pytest.raises(Problem, match="Alamat pengiriman wajib diisi"):
        DeliveryInfo.parse(delivery=Delivery.PARCEL, address="", contact_phone="081234567890", note="")
    pickup = DeliveryInfo.parse(delivery=Delivery.PICKUP, address="", contact_phone="081234567890", note="")
    assert pickup.contact_phone == "+6281234567890"
