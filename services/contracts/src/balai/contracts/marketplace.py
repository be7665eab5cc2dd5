"""Events published by the marketplace service.

Buyers and sellers are named by their identity subject (`sub` of their token); no phone number or
delivery address travels in an event -- a notifier that must reach someone asks identity. Money is in
whole rupiah (integers). `village_code` is the shop's village in Kemendagri notation.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from balai.contracts.base import EventContract, event

Delivery = Literal["pickup", "village_courier", "parcel"]
Payment = Literal["cod", "bank_transfer", "qris"]

_SHOP_ID = "0193a1c2-7d4e-7f10-8a2b-3c4d5e6f7a01"
_PRODUCT_ID = "0193a1c2-7d4e-7f10-8a2b-3c4d5e6f7a02"
_ORDER_ID = "0193a1c2-7d4e-7f10-8a2b-3c4d5e6f7a03"
_SELLER = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d1e"
_BUYER = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d50"
_OPERATOR = "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d60"
_VILLAGE = "33.17.09.2016"
_ORDER: dict[str, Any] = {
    "order_id": _ORDER_ID,
    "shop_id": _SHOP_ID,
    "village_code": _VILLAGE,
    "buyer_id": _BUYER,
    "seller_id": _SELLER,
}


@event
class ShopOpenedV1(EventContract):
    """A resident opened a shop (lapak); it waits for the village operator's approval."""

    event_type: ClassVar[str] = "marketplace.shop.opened"
    shop_id: UUID
    village_code: str
    owner_id: str
    name: str
    example: ClassVar[dict[str, Any]] = {
        "shop_id": _SHOP_ID,
        "village_code": _VILLAGE,
        "owner_id": _SELLER,
        "name": "Keripik Bu Siti",
    }


@event
class ShopApprovedV1(EventContract):
    """The village operator approved a shop (or reinstated a suspended one); its products are public."""

    event_type: ClassVar[str] = "marketplace.shop.approved"
    shop_id: UUID
    village_code: str
    owner_id: str
    name: str
    approved_by: str
    example: ClassVar[dict[str, Any]] = {
        "shop_id": _SHOP_ID,
        "village_code": _VILLAGE,
        "owner_id": _SELLER,
        "name": "Keripik Bu Siti",
        "approved_by": _OPERATOR,
    }


@event
class ShopSuspendedV1(EventContract):
    """The village operator suspended a shop; its products leave the public catalogue."""

    event_type: ClassVar[str] = "marketplace.shop.suspended"
    shop_id: UUID
    village_code: str
    owner_id: str
    name: str
    reason: str
    suspended_by: str
    example: ClassVar[dict[str, Any]] = {
        "shop_id": _SHOP_ID,
        "village_code": _VILLAGE,
        "owner_id": _SELLER,
        "name": "Keripik Bu Siti",
        "reason": "Nomor WhatsApp tidak dapat dihubungi.",
        "suspended_by": _OPERATOR,
    }


@event
class ProductListedV1(EventContract):
    """A seller listed a new product."""

    event_type: ClassVar[str] = "marketplace.product.listed"
    product_id: UUID
    shop_id: UUID
    village_code: str
    title: str
    category: str
    price: int
    unit: str
    stock: int
    example: ClassVar[dict[str, Any]] = {
        "product_id": _PRODUCT_ID,
        "shop_id": _SHOP_ID,
        "village_code": _VILLAGE,
        "title": "Keripik singkong pedas",
        "category": "makanan",
        "price": 12500,
        "unit": "bungkus 250 g",
        "stock": 40,
    }


@event
class ProductUpdatedV1(EventContract):
    """A product changed (details, price, stock, photos, or shown again by the operator);
    `changed` names the fields, the rest is the product's state after the change."""

    event_type: ClassVar[str] = "marketplace.product.updated"
    product_id: UUID
    shop_id: UUID
    village_code: str
    changed: list[str]
    title: str
    price: int
    stock: int
    hidden: bool
    example: ClassVar[dict[str, Any]] = {
        "product_id": _PRODUCT_ID,
        "shop_id": _SHOP_ID,
        "village_code": _VILLAGE,
        "changed": ["price", "stock"],
        "title": "Keripik singkong pedas",
        "price": 13000,
        "stock": 60,
        "hidden": False,
    }


@event
class ProductHiddenV1(EventContract):
    """The village operator hid a product from the public catalogue, with a reason for the seller."""

    event_type: ClassVar[str] = "marketplace.product.hidden"
    product_id: UUID
    shop_id: UUID
    village_code: str
    owner_id: str
    title: str
    reason: str
    hidden_by: str
    example: ClassVar[dict[str, Any]] = {
        "product_id": _PRODUCT_ID,
        "shop_id": _SHOP_ID,
        "village_code": _VILLAGE,
        "owner_id": _SELLER,
        "title": "Keripik singkong pedas",
        "reason": "Foto tidak sesuai dengan produk.",
        "hidden_by": _OPERATOR,
    }


class OrderItem(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    product_id: UUID
    title: str
    unit: str
    unit_price: int
    quantity: int
    subtotal: int


@event
class OrderPlacedV1(EventContract):
    """A buyer placed an order with one shop; the stock is reserved. Prices are those at order time."""

    event_type: ClassVar[str] = "marketplace.order.placed"
    order_id: UUID
    shop_id: UUID
    village_code: str
    buyer_id: str
    seller_id: str
    items: list[OrderItem]
    total: int
    delivery: Delivery
    payment: Payment
    example: ClassVar[dict[str, Any]] = {
        **_ORDER,
        "items": [
            {
                "product_id": _PRODUCT_ID,
                "title": "Keripik singkong pedas",
                "unit": "bungkus 250 g",
                "unit_price": 12500,
                "quantity": 2,
                "subtotal": 25000,
            }
        ],
        "total": 25000,
        "delivery": "village_courier",
        "payment": "cod",
    }


@event
class OrderConfirmedV1(EventContract):
    """The seller accepted the order and will prepare it."""

    event_type: ClassVar[str] = "marketplace.order.confirmed"
    order_id: UUID
    shop_id: UUID
    village_code: str
    buyer_id: str
    seller_id: str
    example: ClassVar[dict[str, Any]] = dict(_ORDER)


@event
class OrderShippedV1(EventContract):
    """The seller sent the order (`status` shipped: village courier or parcel service, with the tracking
    number the seller typed) or made it ready for pick-up (`status` ready). Sent again when the seller
    corrects a tracking number."""

    event_type: ClassVar[str] = "marketplace.order.shipped"
    order_id: UUID
    shop_id: UUID
    village_code: str
    buyer_id: str
    seller_id: str
    status: Literal["shipped", "ready"]
    delivery: Delivery
    courier: str = ""
    tracking_number: str = ""
    example: ClassVar[dict[str, Any]] = {
        **_ORDER,
        "status": "shipped",
        "delivery": "parcel",
        "courier": "JNE",
        "tracking_number": "JNE0123456789",
    }


@event
class OrderPaidV1(EventContract):
    """The seller marked the order paid (bank transfer or QRIS seen, or cash received)."""

    event_type: ClassVar[str] = "marketplace.order.paid"
    order_id: UUID
    shop_id: UUID
    village_code: str
    buyer_id: str
    seller_id: str
    payment: Payment
    total: int
    example: ClassVar[dict[str, Any]] = {**_ORDER, "payment": "qris", "total": 25000}


@event
class OrderCompletedV1(EventContract):
    """The order reached the buyer (confirmed by the buyer or the seller)."""

    event_type: ClassVar[str] = "marketplace.order.completed"
    order_id: UUID
    shop_id: UUID
    village_code: str
    buyer_id: str
    seller_id: str
    completed_by: Literal["buyer", "seller"]
    paid: bool
    example: ClassVar[dict[str, Any]] = {**_ORDER, "completed_by": "buyer", "paid": True}


@event
class OrderCancelledV1(EventContract):
    """The order was cancelled (by the buyer before confirmation, or by the seller with a reason);
    its reserved stock went back to the products."""

    event_type: ClassVar[str] = "marketplace.order.cancelled"
    order_id: UUID
    shop_id: UUID
    village_code: str
    buyer_id: str
    seller_id: str
    cancelled_by: Literal["buyer", "seller"]
    reason: str
    example: ClassVar[dict[str, Any]] = {
        **_ORDER,
        "cancelled_by": "seller",
        "reason": "Stok keripik habis terjual di pasar.",
    }
