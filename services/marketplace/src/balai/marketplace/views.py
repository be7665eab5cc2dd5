"""Response shapes of the HTTP API and how domain objects become them.

Texts (names, descriptions, notes) are answered exactly as stored, as JSON strings: plain text that the
PWA shows as text, never as HTML. Photo URLs are absolute (they follow the service's mount point).
Timestamps are UTC with the offset written out (`2026-11-23T14:00:00+00:00`), also on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel

from balai.common.timestamps import UtcDateTime
from balai.marketplace.domain.orders import LABELS, Delivery, Order, OrderStatus, Party, Payment
from balai.marketplace.domain.products import Photo, Product, ProductStatus
from balai.marketplace.domain.shops import Shop, ShopStatus
from balai.marketplace.domain.values import CATEGORIES, format_rupiah
from balai.marketplace.domain.villages import Village
from balai.marketplace.repositories.catalogue import ProductCard

T = TypeVar("T")
UrlFor = Callable[[str], str]
"""Media file name -> its absolute URL."""


class VillageOut(BaseModel):
    code: str
    name: str
    district_code: str
    district_name: str
    regency_code: str
    regency_name: str


class CategoryOut(BaseModel):
    slug: str
    label: str


class ShopOut(BaseModel):
    id: UUID
    village: str
    name: str
    description: str
    whatsapp: str
    whatsapp_link: str
    pickup_address: str
    status: ShopStatus
    status_reason: str | None = None
    """Only for the owner and the village's staff."""
    created_at: UtcDateTime


class PhotoOut(BaseModel):
    id: UUID
    url: str
    thumb_url: str
    width: int
    height: int
    position: int


class ProductOut(BaseModel):
    id: UUID
    shop_id: UUID
    village: str
    title: str
    description: str
    category: str
    price: int
    price_label: str
    unit: str
    stock: int
    status: ProductStatus
    hidden_reason: str | None = None
    """Only for the owner and the village's staff."""
    photos: list[PhotoOut]
    created_at: UtcDateTime
    updated_at: UtcDateTime


class ProductCardOut(BaseModel):
    id: UUID
    shop_id: UUID
    shop_name: str
    village: str
    village_name: str | None
    title: str
    category: str
    price: int
    price_label: str
    unit: str
    stock: int
    thumb_url: str | None


class OrderLineOut(BaseModel):
    product_id: UUID
    title: str
    unit: str
    unit_price: int
    quantity: int
    subtotal: int


class OrderOut(BaseModel):
    id: UUID
    shop_id: UUID
    village: str
    buyer: str
    seller: str
    status: OrderStatus
    status_label: str
    items: list[OrderLineOut]
    total: int
    total_label: str
    delivery: Delivery
    address: str
    contact_phone: str
    note: str
    payment: Payment
    paid: bool
    paid_at: UtcDateTime | None
    courier: str
    tracking_number: str
    cancelled_by: Party | None
    cancel_reason: str
    completed_by: Party | None
    created_at: UtcDateTime
    updated_at: UtcDateTime


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_offset: int | None
    """Offset of the next page, or null on the last one."""


def village_out(village: Village) -> VillageOut:
    return VillageOut(
        code=village.code,
        name=village.name,
        district_code=village.district_code,
        district_name=village.district_name,
        regency_code=village.regency_code,
        regency_name=village.regency_name,
    )


def categories() -> list[CategoryOut]:
    return [CategoryOut(slug=slug, label=label) for slug, label in CATEGORIES.items()]


def shop_out(shop: Shop, *, private: bool) -> ShopOut:
    d = shop.details
    return ShopOut(
        id=shop.id,
        village=shop.village,
        name=d.name,
        description=d.description,
        whatsapp=d.whatsapp,
        whatsapp_link=f"https://wa.me/{d.whatsapp.lstrip('+')}",
        pickup_address=d.pickup_address,
        status=shop.status.value,
        status_reason=shop.status_reason if private else None,
        created_at=shop.created_at,
    )


def photo_out(photo: Photo, url_for: UrlFor) -> PhotoOut:
    return PhotoOut(
        id=photo.id,
        url=url_for(photo.name),
        thumb_url=url_for(photo.thumb),
        width=photo.width,
        height=photo.height,
        position=photo.position,
    )


def product_out(product: Product, url_for: UrlFor, *, private: bool) -> ProductOut:
    d = product.details
    return ProductOut(
        id=product.id,
        shop_id=product.shop_id,
        village=product.village,
        title=d.title,
        description=d.description,
        category=d.category,
        price=d.price,
        price_label=format_rupiah(d.price),
        unit=d.unit,
        stock=product.stock,
        status=product.status.value,
        hidden_reason=product.hidden_reason if private else None,
        photos=[photo_out(p, url_for) for p in product.photos],
        created_at=product.created_at,
        updated_at=product.updated_at,
    )


def card_out(card: ProductCard, url_for: UrlFor) -> ProductCardOut:
    return ProductCardOut(
        id=card.id,
        shop_id=card.shop_id,
        shop_name=card.shop_name,
        village=card.village,
        village_name=card.village_name,
        title=card.title,
        category=card.category,
        price=card.price,
        price_label=format_rupiah(card.price),
        unit=card.unit,
        stock=card.stock,
        thumb_url=url_for(card.thumb) if card.thumb else None,
    )


def order_out(order: Order) -> OrderOut:
    return OrderOut(
        id=order.id,
        shop_id=order.shop_id,
        village=order.village,
        buyer=order.buyer,
        seller=order.seller,
        status=order.status.value,
        status_label=LABELS[order.status],
        items=[
            OrderLineOut(
                product_id=line.product_id,
                title=line.title,
                unit=line.unit,
                unit_price=line.unit_price,
                quantity=line.quantity,
                subtotal=line.subtotal,
            )
            for line in order.lines
        ],
        total=order.total,
        total_label=format_rupiah(order.total),
        delivery=order.delivery.delivery.value,
        address=order.delivery.address,
        contact_phone=order.delivery.contact_phone,
        note=order.delivery.note,
        payment=order.payment.value,
        paid=order.paid,
        paid_at=order.paid_at,
        courier=order.courier,
        tracking_number=order.tracking_number,
        cancelled_by=order.cancelled_by.value if order.cancelled_by else None,
        cancel_reason=order.cancel_reason,
        completed_by=order.completed_by.value if order.completed_by else None,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )
