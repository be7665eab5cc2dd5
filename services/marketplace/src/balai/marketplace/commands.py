"""Commands: what a caller asks the marketplace to do, parsed from a request by the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from balai.common.auth import Principal
from balai.marketplace.domain.orders import Delivery, Payment


@dataclass(frozen=True)
class OpenShop:
    actor: Principal
    name: str
    description: str
    whatsapp: str
    pickup_address: str


@dataclass(frozen=True)
class EditShop:
    actor: Principal
    shop_id: UUID
    name: str | None = None
    description: str | None = None
    whatsapp: str | None = None
    pickup_address: str | None = None


@dataclass(frozen=True)
class ApproveShop:
    actor: Principal
    shop_id: UUID


@dataclass(frozen=True)
class SuspendShop:
    actor: Principal
    shop_id: UUID
    reason: str


@dataclass(frozen=True)
class ListProduct:
    actor: Principal
    shop_id: UUID
    title: str
    description: str
    category: str
    price: int
    unit: str
    stock: int


@dataclass(frozen=True)
class EditProduct:
    actor: Principal
    product_id: UUID
    title: str | None = None
    description: str | None = None
    category: str | None = None
    price: int | None = None
    unit: str | None = None
    stock: int | None = None


@dataclass(frozen=True)
class HideProduct:
    actor: Principal
    product_id: UUID
    reason: str


@dataclass(frozen=True)
class UnhideProduct:
    actor: Principal
    product_id: UUID


@dataclass(frozen=True)
class AddPhoto:
    actor: Principal
    product_id: UUID
    photo_id: UUID
    name: str
    thumb: str
    width: int
    height: int


@dataclass(frozen=True)
class RemovePhoto:
    actor: Principal
    product_id: UUID
    photo_id: UUID


@dataclass(frozen=True)
class PlaceOrder:
    actor: Principal
    shop_id: UUID
    items: tuple[tuple[UUID, int], ...]
    delivery: Delivery
    payment: Payment
    address: str
    contact_phone: str
    note: str = ""


OrderAction = Literal["confirm", "dispatch", "complete", "cancel", "pay"]


@dataclass(frozen=True)
class ChangeOrder:
    """One step of the order's state machine, by its buyer or its seller."""

    actor: Principal
    order_id: UUID
    action: OrderAction
    reason: str = ""
    courier: str = ""
    tracking_number: str = ""
