"""An order: items from one shop, a delivery and a payment choice, and its state machine.

    placed --confirm--> confirmed --dispatch--> shipped (village courier, parcel) --complete--> completed
                                            \\-> ready (pick-up)                   --complete--/
    placed --cancel (buyer or seller)--> cancelled;  confirmed/ready --cancel (seller, reason)--> cancelled

Repeating the step that led to the current state changes nothing (a retried request is harmless);
any other step the state does not allow is a 409 problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from balai.common.errors import Problem
from balai.marketplace.domain import values
from balai.marketplace.domain.shops import Shop

MAX_LINES = 20
MAX_QUANTITY = 999
_TRACKING = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\- ]{3,39}$")


class OrderStatus(StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    SHIPPED = "shipped"
    READY = "ready"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


LABELS = {
    OrderStatus.PLACED: "baru dipesan",
    OrderStatus.CONFIRMED: "sudah dikonfirmasi",
    OrderStatus.SHIPPED: "sudah dikirim",
    OrderStatus.READY: "siap diambil",
    OrderStatus.COMPLETED: "sudah selesai",
    OrderStatus.CANCELLED: "sudah dibatalkan",
}


class Delivery(StrEnum):
    PICKUP = "pickup"
    VILLAGE_COURIER = "village_courier"
    PARCEL = "parcel"


class Payment(StrEnum):
    COD = "cod"
    BANK_TRANSFER = "bank_transfer"
    QRIS = "qris"


class Party(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"


def requested_lines(lines: Iterable[tuple[UUID, int]]) -> list[tuple[UUID, int]]:
    """The buyer's (product, quantity) wishes merged per product and sorted by product id, so every
    order locks product rows in the same order (no deadlocks between concurrent orders)."""
    merged: dict[UUID, int] = {}
    for product_id, quantity in lines:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise values.invalid("invalid_quantity", "Jumlah setiap barang minimal 1.")
        merged[product_id] = merged.get(product_id, 0) + quantity
    if not merged:
        raise values.invalid("empty_order", "Pesanan harus berisi minimal satu barang.")
    if len(merged) > MAX_LINES:
        raise values.invalid("too_many_lines", f"Satu pesanan paling banyak {MAX_LINES} jenis barang.")
    if any(q > MAX_QUANTITY for q in merged.values()):
        raise values.invalid("invalid_quantity", f"Jumlah setiap barang paling banyak {MAX_QUANTITY}.")
    return sorted(merged.items(), key=lambda item: str(item[0]))


@dataclass(frozen=True)
class OrderLine:
    product_id: UUID
    title: str
    unit: str
    unit_price: int
    """Captured when the order was placed; later price changes do not touch it."""
    quantity: int

    @property
    def subtotal(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class DeliveryInfo:
    delivery: Delivery
    address: str
    contact_phone: str
    note: str

    @classmethod
    def parse(cls, *, delivery: Delivery, address: str, contact_phone: str, note: str) -> DeliveryInfo:
        if delivery is Delivery.PICKUP:
            address = values.clean_text(address, "Alamat pengiriman", min_len=0, max_len=300)
        else:
            address = values.clean_text(address, "Alamat pengiriman", min_len=10, max_len=300)
        return cls(
            delivery=delivery,
            address=address,
            contact_phone=values.whatsapp_number(contact_phone),
            note=values.clean_text(note, "Catatan", min_len=0, max_len=500, multiline=True),
        )


@dataclass
class Order:
    id: UUID
    shop_id: UUID
    village: str
    seller: str
    buyer: str
    lines: list[OrderLine]
    delivery: DeliveryInfo
    payment: Payment
    created_at: datetime
    updated_at: datetime
    status: OrderStatus = OrderStatus.PLACED
    courier: str = ""
    tracking_number: str = ""
    cancel_reason: str = ""
    cancelled_by: Party | None = None
    completed_by: Party | None = None
    paid_at: datetime | None = None
    version: int = 0
    """Saved with compare-and-set: a change made meanwhile by the other party is a 409, never lost."""

    @classmethod
    def place(
        cls,
        *,
        order_id: UUID,
        shop: Shop,
        buyer: str,
        lines: list[OrderLine],
        delivery: DeliveryInfo,
        payment: Payment,
        now: datetime,
    ) -> Order:
        cls.check_can_order(shop, buyer)
        if not lines:
            raise values.invalid("empty_order", "Pesanan harus berisi minimal satu barang.")
        return cls(
            id=order_id,
            shop_id=shop.id,
            village=shop.village,
            seller=shop.owner,
            buyer=buyer,
            lines=lines,
            delivery=delivery,
            payment=payment,
            created_at=now,
            updated_at=now,
        )

    @staticmethod
    def check_can_order(shop: Shop, buyer: str) -> None:
        shop.require_open_for_orders()
        if shop.owned_by(buyer):
            raise values.conflict("own_shop", "Anda tidak dapat memesan dari lapak Anda sendiri.")

    @property
    def total(self) -> int:
        return sum(line.subtotal for line in self.lines)

    @property
    def paid(self) -> bool:
        return self.paid_at is not None

    def party(self, subject: str) -> Party | None:
        if subject == self.buyer:
            return Party.BUYER
        if subject == self.seller:
            return Party.SELLER
        return None

    def require_party(self, subject: str) -> Party:
        party = self.party(subject)
        if party is None:
            raise Problem(403, "not_your_order", "Pesanan ini bukan milik Anda.")
        return party

    # --- transitions ------------------------------------------------------------------------------
    def confirm(self, by: Party, now: datetime) -> bool:
        _only(by, Party.SELLER, "Hanya penjual yang dapat mengonfirmasi pesanan.")
        if self.status is OrderStatus.CONFIRMED:
            return False
        self._require(OrderStatus.PLACED, f"Pesanan yang {LABELS[self.status]} tidak dapat dikonfirmasi.")
        self._move(OrderStatus.CONFIRMED, now)
        return True

    def dispatch(self, by: Party, now: datetime, *, courier: str = "", tracking_number: str = "") -> bool:
        """Shipped (village courier, parcel service) or ready (pick-up), depending on the delivery choice."""
        _only(by, Party.SELLER, "Hanya penjual yang dapat mengirim pesanan.")
        target = OrderStatus.READY if self.delivery.delivery is Delivery.PICKUP else OrderStatus.SHIPPED
        courier = values.clean_text(courier, "Nama kurir", min_len=0, max_len=60)
        tracking = tracking_number.strip().upper()
        if self.delivery.delivery is Delivery.PARCEL:
            if not courier:
                raise values.invalid("courier_required", "Nama jasa ekspedisi wajib diisi (misalnya JNE, J&T, Pos).")
            if not _TRACKING.match(tracking):
                raise values.invalid("invalid_tracking_number", "Nomor resi 4-40 huruf/angka wajib diisi.")
        elif tracking and not _TRACKING.match(tracking):
            raise values.invalid("invalid_tracking_number", "Nomor resi harus 4-40 huruf/angka.")
        if self.status is target:
            if (courier, tracking) == (self.courier, self.tracking_number):
                return False
            self.courier, self.tracking_number, self.updated_at = courier, tracking, now  # a corrected resi
            return True
        if self.status is OrderStatus.PLACED:
            raise self._invalid("Konfirmasi pesanan lebih dahulu sebelum mengirimnya.")
        self._require(OrderStatus.CONFIRMED, f"Pesanan yang {LABELS[self.status]} tidak dapat dikirim.")
        self.courier, self.tracking_number = courier, tracking
        self._move(target, now)
        return True

    def complete(self, by: Party, now: datetime) -> bool:
        if self.status is OrderStatus.COMPLETED:
            return False
        if self.status not in (OrderStatus.SHIPPED, OrderStatus.READY):
            raise self._invalid(f"Pesanan yang {LABELS[self.status]} tidak dapat diselesaikan.")
        self.completed_by = by
        if self.payment is Payment.COD and self.paid_at is None:
            self.paid_at = now  # cash changes hands on delivery
        self._move(OrderStatus.COMPLETED, now)
        return True

    def cancel(self, by: Party, reason: str, now: datetime) -> bool:
        if self.status is OrderStatus.CANCELLED:
            return False
        if by is Party.BUYER:
            text = values.clean_text(reason, "Alasan pembatalan", min_len=0, max_len=300)
            if self.status is not OrderStatus.PLACED:
                raise self._invalid(
                    f"Pesanan yang {LABELS[self.status]} tidak dapat dibatalkan pembeli. Silakan hubungi penjual."
                )
        else:
            text = values.reason(reason, "Alasan pembatalan")
            if self.status not in (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.READY):
                raise self._invalid(f"Pesanan yang {LABELS[self.status]} tidak dapat dibatalkan.")
        self.cancelled_by, self.cancel_reason = by, text
        self._move(OrderStatus.CANCELLED, now)
        return True

    def mark_paid(self, by: Party, now: datetime) -> bool:
        _only(by, Party.SELLER, "Hanya penjual yang dapat menandai pesanan lunas.")
        if self.paid_at is not None:
            return False
        if self.status is OrderStatus.CANCELLED:
            raise self._invalid("Pesanan yang sudah dibatalkan tidak dapat ditandai lunas.")
        self.paid_at = self.updated_at = now
        return True

    def _require(self, status: OrderStatus, detail: str) -> None:
        if self.status is not status:
            raise self._invalid(detail)

    def _invalid(self, detail: str) -> Problem:
        return values.conflict("invalid_transition", detail, order_status=self.status.value)

    def _move(self, status: OrderStatus, now: datetime) -> None:
        self.status = status
        self.updated_at = now


def _only(by: Party, allowed: Party, detail: str) -> None:
    if by is not allowed:
        raise Problem(403, "not_allowed", detail)
