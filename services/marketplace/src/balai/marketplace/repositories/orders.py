from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from balai.marketplace.domain.orders import Delivery, DeliveryInfo, Order, OrderLine, OrderStatus, Party, Payment
from balai.marketplace.models import order_items, orders
from balai.marketplace.repositories.common import changed_meanwhile, rowcount


class Orders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, order: Order) -> None:
        await self.session.execute(
            insert(orders).values(
                id=order.id,
                shop_id=order.shop_id,
                village=order.village,
                seller=order.seller,
                buyer=order.buyer,
                delivery=order.delivery.delivery.value,
                address=order.delivery.address,
                contact_phone=order.delivery.contact_phone,
                note=order.delivery.note,
                payment=order.payment.value,
                total=order.total,
                created_at=order.created_at,
                **_state(order),
            )
        )
        await self.session.execute(
            insert(order_items),
            [
                {
                    "order_id": order.id,
                    "line": number,
                    "product_id": line.product_id,
                    "title": line.title,
                    "unit": line.unit,
                    "unit_price": line.unit_price,
                    "quantity": line.quantity,
                }
                for number, line in enumerate(order.lines, start=1)
            ],
        )

    async def get(self, order_id: UUID) -> Order | None:
        found = await self._load(orders.c.id == order_id, limit=1, offset=0)
        return found[0] if found else None

    async def save(self, order: Order) -> None:
        """Compare-and-set on `version`: when buyer and seller act at once (cancel vs confirm), one wins
        and the other gets a 409 -- the stock is never returned for an order that goes on."""
        result = await self.session.execute(
            update(orders)
            .where(orders.c.id == order.id, orders.c.version == order.version)
            .values(**_state(order) | {"version": order.version + 1})
        )
        if not rowcount(result):
            raise changed_meanwhile("Pesanan")
        order.version += 1

    async def of_buyer(self, buyer: str, *, limit: int, offset: int) -> list[Order]:
        return await self._load(orders.c.buyer == buyer, limit=limit, offset=offset)

    async def of_shop(self, shop_id: UUID, status: OrderStatus | None, *, limit: int, offset: int) -> list[Order]:
        condition = orders.c.shop_id == shop_id
        if status is not None:
            condition = condition & (orders.c.status == status.value)
        return await self._load(condition, limit=limit, offset=offset)

    async def _load(self, condition: ColumnElement[bool], *, limit: int, offset: int) -> list[Order]:
        query = select(orders).where(condition).order_by(orders.c.id.desc()).limit(limit).offset(offset)
        rows = (await self.session.execute(query)).all()
        if not rows:
            return []
        lines: dict[UUID, list[OrderLine]] = defaultdict(list)
        items = await self.session.execute(
            select(order_items)
            .where(order_items.c.order_id.in_([row.id for row in rows]))
            .order_by(order_items.c.order_id, order_items.c.line)
        )
        for item in items.all():
            lines[item.order_id].append(
                OrderLine(item.product_id, item.title, item.unit, int(item.unit_price), item.quantity)
            )
        return [_order(row, lines[row.id]) for row in rows]


def _state(order: Order) -> dict[str, Any]:
    return {
        "status": order.status.value,
        "paid_at": order.paid_at,
        "courier": order.courier,
        "tracking_number": order.tracking_number,
        "cancel_reason": order.cancel_reason,
        "cancelled_by": order.cancelled_by.value if order.cancelled_by else None,
        "completed_by": order.completed_by.value if order.completed_by else None,
        "version": order.version,
        "updated_at": order.updated_at,
    }


def _order(row: Row[Any], lines: list[OrderLine]) -> Order:
    return Order(
        id=row.id,
        shop_id=row.shop_id,
        village=row.village,
        seller=row.seller,
        buyer=row.buyer,
        lines=lines,
        delivery=DeliveryInfo(Delivery(row.delivery), row.address, row.contact_phone, row.note),
        payment=Payment(row.payment),
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=OrderStatus(row.status),
        courier=row.courier,
        tracking_number=row.tracking_number,
        cancel_reason=row.cancel_reason,
        cancelled_by=Party(row.cancelled_by) if row.cancelled_by else None,
        completed_by=Party(row.completed_by) if row.completed_by else None,
        paid_at=row.paid_at,
        version=row.version,
    )
