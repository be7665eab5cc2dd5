"""Domain objects -> contract models -> envelopes in the outbox: the only place events are built.

Each event goes out under the shop's village (`marketplace.<village>.<aggregate>.<event>`) with the
aggregate's id as the envelope subject.
"""

from __future__ import annotations

from typing import Any

from balai.common.uow import UnitOfWork
from balai.contracts import marketplace as c
from balai.contracts.base import EventContract
from balai.marketplace.domain.orders import Order, OrderStatus, Party
from balai.marketplace.domain.products import Product
from balai.marketplace.domain.shops import Shop
from balai.marketplace.domain.values import dotted


def shop_opened(uow: UnitOfWork, shop: Shop) -> None:
    payload = c.ShopOpenedV1(
        shop_id=shop.id, village_code=dotted(shop.village), owner_id=shop.owner, name=shop.details.name
    )
    uow.emit(payload, village=shop.village, subject=str(shop.id))


def shop_approved(uow: UnitOfWork, shop: Shop, by: str) -> None:
    payload = c.ShopApprovedV1(
        shop_id=shop.id, village_code=dotted(shop.village), owner_id=shop.owner, name=shop.details.name, approved_by=by
    )
    uow.emit(payload, village=shop.village, subject=str(shop.id))


def shop_suspended(uow: UnitOfWork, shop: Shop, by: str) -> None:
    payload = c.ShopSuspendedV1(
        shop_id=shop.id,
        village_code=dotted(shop.village),
        owner_id=shop.owner,
        name=shop.details.name,
        reason=shop.status_reason,
        suspended_by=by,
    )
    uow.emit(payload, village=shop.village, subject=str(shop.id))


def product_listed(uow: UnitOfWork, product: Product) -> None:
    d = product.details
    payload = c.ProductListedV1(
        product_id=product.id,
        shop_id=product.shop_id,
        village_code=dotted(product.village),
        title=d.title,
        category=d.category,
        price=d.price,
        unit=d.unit,
        stock=product.stock,
    )
    uow.emit(payload, village=product.village, subject=str(product.id))


def product_updated(uow: UnitOfWork, product: Product, changed: list[str]) -> None:
    payload = c.ProductUpdatedV1(
        product_id=product.id,
        shop_id=product.shop_id,
        village_code=dotted(product.village),
        changed=changed,
        title=product.details.title,
        price=product.details.price,
        stock=product.stock,
        hidden=product.hidden,
    )
    uow.emit(payload, village=product.village, subject=str(product.id))


def product_hidden(uow: UnitOfWork, product: Product, owner: str, by: str) -> None:
    payload = c.ProductHiddenV1(
        product_id=product.id,
        shop_id=product.shop_id,
        village_code=dotted(product.village),
        owner_id=owner,
        title=product.details.title,
        reason=product.hidden_reason,
        hidden_by=by,
    )
    uow.emit(payload, village=product.village, subject=str(product.id))


def order_placed(uow: UnitOfWork, order: Order) -> None:
    items = [
        c.OrderItem(
            product_id=line.product_id,
            title=line.title,
            unit=line.unit,
            unit_price=line.unit_price,
            quantity=line.quantity,
            subtotal=line.subtotal,
        )
        for line in order.lines
    ]
    payload = c.OrderPlacedV1(
        **_order(order),
        items=items,
        total=order.total,
        delivery=order.delivery.delivery.value,
        payment=order.payment.value,
    )
    uow.emit(payload, village=order.village, subject=str(order.id))


def order_changed(uow: UnitOfWork, order: Order, *, by: Party, paid_now: bool = False) -> None:
    """The event of the state the order has just reached (`paid_now`: the seller marked it paid)."""
    payload: EventContract
    if paid_now:
        payload = c.OrderPaidV1(**_order(order), payment=order.payment.value, total=order.total)
    elif order.status is OrderStatus.CONFIRMED:
        payload = c.OrderConfirmedV1(**_order(order))
    elif order.status in (OrderStatus.SHIPPED, OrderStatus.READY):
        payload = c.OrderShippedV1(
            **_order(order),
            status=order.status.value,
            delivery=order.delivery.delivery.value,
            courier=order.courier,
            tracking_number=order.tracking_number,
        )
    elif order.status is OrderStatus.COMPLETED:
        payload = c.OrderCompletedV1(**_order(order), completed_by=by.value, paid=order.paid)
    elif order.status is OrderStatus.CANCELLED:
        payload = c.OrderCancelledV1(**_order(order), cancelled_by=by.value, reason=order.cancel_reason)
    else:
        raise ValueError(f"no event for an order that is {order.status}")
    uow.emit(payload, village=order.village, subject=str(order.id))


def _order(order: Order) -> dict[str, Any]:
    return {
        "order_id": order.id,
        "shop_id": order.shop_id,
        "village_code": dotted(order.village),
        "buyer_id": order.buyer,
        "seller_id": order.seller,
    }
