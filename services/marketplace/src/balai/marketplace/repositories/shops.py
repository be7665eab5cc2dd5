from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from balai.common.errors import Problem
from balai.marketplace.domain.shops import Shop, ShopDetails, ShopStatus
from balai.marketplace.models import shops
from balai.marketplace.repositories.common import changed_meanwhile, rowcount


class Shops:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, shop_id: UUID) -> Shop | None:
        row = (await self.session.execute(select(shops).where(shops.c.id == shop_id))).first()
        return _shop(row) if row else None

    async def by_owner(self, owner: str) -> Shop | None:
        row = (await self.session.execute(select(shops).where(shops.c.owner == owner))).first()
        return _shop(row) if row else None

    async def add(self, shop: Shop) -> None:
        try:
            await self.session.execute(insert(shops).values(id=shop.id, **_values(shop)))
        except IntegrityError as exc:  # a concurrent twin opened the owner's shop first; the unit rolls back
            raise Problem(409, "shop_exists", "Anda sudah memiliki lapak.") from exc

    async def save(self, shop: Shop) -> None:
        """Compare-and-set on `version`: a change made meanwhile by someone else is a 409."""
        result = await self.session.execute(
            update(shops)
            .where(shops.c.id == shop.id, shops.c.version == shop.version)
            .values(**_values(shop) | {"version": shop.version + 1})
        )
        if not rowcount(result):
            raise changed_meanwhile("Lapak")
        shop.version += 1

    async def in_village(self, village: str, status: ShopStatus | None, *, limit: int, offset: int) -> list[Shop]:
        query = select(shops).where(shops.c.village == village)
        if status is not None:
            query = query.where(shops.c.status == status.value)
        query = query.order_by(shops.c.id).limit(limit).offset(offset)
        return [_shop(row) for row in (await self.session.execute(query)).all()]


def _values(shop: Shop) -> dict[str, Any]:
    return {
        "village": shop.village,
        "owner": shop.owner,
        "name": shop.details.name,
        "description": shop.details.description,
        "whatsapp": shop.details.whatsapp,
        "pickup_address": shop.details.pickup_address,
        "status": shop.status.value,
        "status_reason": shop.status_reason,
        "version": shop.version,
        "created_at": shop.created_at,
        "updated_at": shop.updated_at,
    }


def _shop(row: Row[Any]) -> Shop:
    return Shop(
        id=row.id,
        village=row.village,
        owner=row.owner,
        details=ShopDetails(
            name=row.name, description=row.description, whatsapp=row.whatsapp, pickup_address=row.pickup_address
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=ShopStatus(row.status),
        status_reason=row.status_reason,
        version=row.version,
    )
