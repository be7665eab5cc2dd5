"""The public catalogue: browse and full-text search over approved shops' visible products.

PostgreSQL: the generated `products.search` tsvector (GIN index). Each word the buyer typed matches as a
prefix, both stemmed with the column's configuration (`indonesian` where the server has it) and as typed
(`simple`), every word must match, and results rank by `ts_rank`. SQLite (the embedded default): each
word must appear in the title or the description (LIKE, case-insensitive for ASCII).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from balai.marketplace.domain.products import ProductStatus
from balai.marketplace.domain.shops import ShopStatus
from balai.marketplace.models import product_photos, products, shops, villages

Sort = Literal["relevance", "newest", "price_asc", "price_desc"]
MAX_WORDS = 8
_WORD = re.compile(r"[^\W_]+")
_CONFIG_IN_EXPRESSION = re.compile(r"to_tsvector\('([a-z_]+)'::regconfig")


def search_terms(query: str) -> list[str]:
    """Letters-and-digits words of what the buyer typed, lower-cased, at most 8, each at most 40 long."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(query.lower()):
        seen.setdefault(word[:40], None)
    return list(seen)[:MAX_WORDS]


@dataclass(frozen=True)
class CatalogueFilter:
    text: str = ""
    village: str | None = None
    district: str | None = None
    regency: str | None = None
    category: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    shop_id: UUID | None = None
    in_stock: bool = False
    sort: Sort | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class ProductCard:
    id: UUID
    shop_id: UUID
    shop_name: str
    village: str
    village_name: str | None
    title: str
    category: str
    price: int
    unit: str
    stock: int
    thumb: str | None
    created_at: datetime


def public_products() -> ColumnElement[bool]:
    return and_(products.c.status == ProductStatus.ACTIVE.value, shops.c.status == ShopStatus.APPROVED.value)


class Catalogue:
    def __init__(self, session: AsyncSession, *, sqlite: bool, config: str) -> None:
        self.session = session
        self.sqlite = sqlite
        self.config = config if re.fullmatch(r"[a-z_]+", config) else "simple"

    async def search(self, f: CatalogueFilter) -> tuple[list[ProductCard], bool]:
        """One page of cards, and whether there is a next page (one row more is fetched to know).

        Two steps in one statement: the inner query filters, orders and cuts the page using only
        indexed product columns (and the shop's status); the outer one decorates just those rows with
        the shop and village names and the first photo."""
        keys = self._sort_keys(f)
        page = (
            select(products.c.id, *(key.label(f"k{i}") for i, (key, _) in enumerate(keys)))
            .select_from(products.join(shops, shops.c.id == products.c.shop_id))
            .where(public_products(), *self._filters(f))
            .order_by(*(key.desc() if desc else key.asc() for key, desc in keys))
            .limit(f.limit + 1)
            .offset(f.offset)
            .subquery("page")
        )
        thumb = (
            select(product_photos.c.thumb)
            .where(product_photos.c.product_id == products.c.id, product_photos.c.position == 0)
            .scalar_subquery()
        )
        query = (
            select(
                products.c.id,
                products.c.shop_id,
                shops.c.name.label("shop_name"),
                products.c.village,
                villages.c.name.label("village_name"),
                products.c.title,
                products.c.category,
                products.c.price,
                products.c.unit,
                products.c.stock,
                thumb.label("thumb"),
                products.c.created_at,
            )
            .select_from(
                page.join(products, products.c.id == page.c.id)
                .join(shops, shops.c.id == products.c.shop_id)
                .outerjoin(villages, villages.c.code == products.c.village)
            )
            .order_by(*(page.c[f"k{i}"].desc() if desc else page.c[f"k{i}"].asc() for i, (_, desc) in enumerate(keys)))
        )
        rows = (await self.session.execute(query)).all()
        cards = [ProductCard(**{**row._mapping, "price": int(row.price)}) for row in rows[: f.limit]]
        return cards, len(rows) > f.limit

    async def is_public(self, product_id: UUID) -> bool:
        query = (
            select(products.c.id)
            .select_from(products.join(shops, shops.c.id == products.c.shop_id))
            .where(products.c.id == product_id, public_products())
        )
        return (await self.session.execute(query)).first() is not None

    def _filters(self, f: CatalogueFilter) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        for column, value in (
            (products.c.village, f.village),
            (products.c.district, f.district),
            (products.c.regency, f.regency),
            (products.c.category, f.category),
            (products.c.shop_id, f.shop_id),
        ):
            if value is not None:
                conditions.append(column == value)
        if f.min_price is not None:
            conditions.append(products.c.price >= f.min_price)
        if f.max_price is not None:
            conditions.append(products.c.price <= f.max_price)
        if f.in_stock:
            conditions.append(products.c.stock > 0)
        terms = search_terms(f.text)
        if terms and self.sqlite:
            conditions += [
                or_(
                    products.c.title.icontains(t, autoescape=True), products.c.description.icontains(t, autoescape=True)
                )
                for t in terms
            ]
        elif terms:
            conditions.append(products.c.search.op("@@")(self._tsquery(terms)))
        return conditions

    def _tsquery(self, terms: list[str]) -> ColumnElement[Any]:
        stemmed: ColumnElement[Any] = literal_column(f"'{self.config}'::regconfig")
        typed: ColumnElement[Any] = literal_column("'simple'::regconfig")
        query: ColumnElement[Any] | None = None
        for term in terms:  # words are letters and digits only; still sent as bound parameters
            either = func.to_tsquery(stemmed, f"{term}:*").op("||")(func.to_tsquery(typed, f"{term}:*"))
            query = either if query is None else query.op("&&")(either)
        assert query is not None
        return query

    def _sort_keys(self, f: CatalogueFilter) -> list[tuple[ColumnElement[Any], bool]]:
        """(expression, descending) pairs; the product id (UUIDv7: newest first) breaks ties."""
        terms = search_terms(f.text)
        sort = f.sort or ("relevance" if terms else "newest")
        newest: tuple[ColumnElement[Any], bool] = (products.c.id, True)
        if sort == "price_asc":
            return [(products.c.price, False), newest]
        if sort == "price_desc":
            return [(products.c.price, True), newest]
        if sort == "relevance" and terms and not self.sqlite:
            return [(func.ts_rank(products.c.search, self._tsquery(terms)), True), newest]
        return [newest]


async def detect_search_config(session: AsyncSession) -> str:
    """The configuration the generated column was built with (read back from the catalogue), so queries
    stem exactly as the column did even if the server gained `indonesian` after the migration ran."""
    expression = await session.scalar(
        text(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
            "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = 'products'::regclass AND a.attname = 'search'"
        )
    )
    found = _CONFIG_IN_EXPRESSION.search(expression or "")
    return found.group(1) if found else "simple"
