from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from balai.common.errors import Problem
from balai.marketplace.domain import values
from balai.marketplace.domain.orders import OrderLine
from balai.marketplace.domain.products import MAX_PHOTOS, Photo, Product, ProductDetails, ProductStatus
from balai.marketplace.models import product_photos, products
from balai.marketplace.repositories.common import rowcount


class Products:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, product_id: UUID) -> Product | None:
        row = (await self.session.execute(select(products).where(products.c.id == product_id))).first()
        if row is None:
            return None
        product = _product(row)
        product.photos = await self._photos(product_id)
        return product

    async def many(self, product_ids: list[UUID]) -> dict[UUID, Product]:
        rows = (await self.session.execute(select(products).where(products.c.id.in_(product_ids)))).all()
        return {row.id: _product(row) for row in rows}

    async def add(self, product: Product) -> None:
        district, regency = values.area_parts(product.village)
        await self.session.execute(
            insert(products).values(
                id=product.id,
                shop_id=product.shop_id,
                village=product.village,
                district=district,
                regency=regency,
                photo_count=0,
                created_at=product.created_at,
                **_details(product),
                **_visibility(product),
            )
        )

    async def save_details(self, product: Product, changed: list[str]) -> None:
        """The seller's fields only: an operator hiding the product meanwhile is not undone. The stock is
        written only when the seller set it, so an order reserving items meanwhile is not undone either."""
        fields = _details(product)
        if "stock" not in changed:
            del fields["stock"]
        await self.session.execute(update(products).where(products.c.id == product.id).values(**fields))

    async def save_visibility(self, product: Product) -> None:
        """The operator's fields only: a seller's edit meanwhile is not undone."""
        await self.session.execute(
            update(products)
            .where(products.c.id == product.id)
            .values(updated_at=product.updated_at, **_visibility(product))
        )

    async def add_photo(self, product_id: UUID, photo: Photo, now: datetime) -> Photo:
        """Atomic: `photo_count` only grows while below the limit, so concurrent uploads never pass it."""
        position = (
            await self.session.execute(
                update(products)
                .where(products.c.id == product_id, products.c.photo_count < MAX_PHOTOS)
                .values(photo_count=products.c.photo_count + 1, updated_at=now)
                .returning(products.c.photo_count)
            )
        ).scalar()
        if position is None:
            raise Problem(409, "too_many_photos", f"Satu produk paling banyak {MAX_PHOTOS} foto.")
        placed = Photo(photo.id, photo.name, photo.thumb, photo.width, photo.height, position - 1)
        await self.session.execute(
            insert(product_photos).values(
                id=placed.id,
                product_id=product_id,
                position=placed.position,
                name=placed.name,
                thumb=placed.thumb,
                width=placed.width,
                height=placed.height,
                created_at=now,
            )
        )
        return placed

    async def remove_photo(self, product_id: UUID, photo: Photo, now: datetime) -> None:
        table = product_photos
        removed = await self.session.execute(
            delete(table).where(table.c.id == photo.id, table.c.product_id == product_id)
        )
        if not rowcount(removed):
            raise Problem(404, "photo_not_found", "Foto tidak ditemukan pada produk ini.")
        await self.session.execute(
            update(table)
            .where(table.c.product_id == product_id, table.c.position > photo.position)
            .values(position=table.c.position - 1)
        )
        await self.session.execute(
            update(products)
            .where(products.c.id == product_id)
            .values(photo_count=products.c.photo_count - 1, updated_at=now)
        )

    async def reserve(self, shop_id: UUID, product_id: UUID, quantity: int) -> OrderLine | None:
        """Take `quantity` from the stock in one conditional UPDATE, or nothing (None).

        The row lock and the re-checked `stock >= quantity` make concurrent orders for the last items
        queue up on the row: each sees the stock the previous one left, so the stock never goes below
        zero (the CHECK constraint would refuse it anyway). The price is read in the same statement,
        so the order keeps the price of the moment its stock was taken."""
        row = (
            await self.session.execute(
                update(products)
                .where(
                    products.c.id == product_id,
                    products.c.shop_id == shop_id,
                    products.c.status == ProductStatus.ACTIVE.value,
                    products.c.stock >= quantity,
                )
                .values(stock=products.c.stock - quantity)
                .returning(products.c.title, products.c.unit, products.c.price)
            )
        ).first()
        if row is None:
            return None
        return OrderLine(product_id, row.title, row.unit, int(row.price), quantity)

    async def stock_of(self, product_id: UUID) -> int:
        return int(await self.session.scalar(select(products.c.stock).where(products.c.id == product_id)) or 0)

    async def of_shop(self, shop_id: UUID, *, limit: int, offset: int) -> list[Product]:
        query = (
            select(products)
            .where(products.c.shop_id == shop_id)
            .order_by(products.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        found = [_product(row) for row in (await self.session.execute(query)).all()]
        photos = await self._photos_of([p.id for p in found])
        for product in found:
            product.photos = photos.get(product.id, [])
        return found

    async def release(self, product_id: UUID, quantity: int) -> None:
        await self.session.execute(
            update(products).where(products.c.id == product_id).values(stock=products.c.stock + quantity)
        )

    async def _photos(self, product_id: UUID) -> list[Photo]:
        return (await self._photos_of([product_id])).get(product_id, [])

    async def _photos_of(self, product_ids: list[UUID]) -> dict[UUID, list[Photo]]:
        if not product_ids:
            return {}
        table = product_photos
        rows = await self.session.execute(
            select(table).where(table.c.product_id.in_(product_ids)).order_by(table.c.product_id, table.c.position)
        )
        photos: dict[UUID, list[Photo]] = {}
        for r in rows.all():
            photos.setdefault(r.product_id, []).append(Photo(r.id, r.name, r.thumb, r.width, r.height, r.position))
        return photos


def _details(product: Product) -> dict[str, Any]:
    d = product.details
    return {
        "title": d.title,
        "description": d.description,
        "category": d.category,
        "price": d.price,
        "unit": d.unit,
        "stock": product.stock,
        "updated_at": product.updated_at,
    }


def _visibility(product: Product) -> dict[str, Any]:
    return {"status": product.status.value, "hidden_reason": product.hidden_reason}


def _product(row: Row[Any]) -> Product:
    return Product(
        id=row.id,
        shop_id=row.shop_id,
        village=row.village,
        details=ProductDetails(
            title=row.title, description=row.description, category=row.category, price=int(row.price), unit=row.unit
        ),
        stock=row.stock,
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=ProductStatus(row.status),
        hidden_reason=row.hidden_reason,
    )
