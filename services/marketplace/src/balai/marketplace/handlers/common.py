"""What the handlers share: the clock, loading with a 404, and ownership checks."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from balai.common.auth import RESIDENT, SELLER, Principal
from balai.common.errors import Problem, not_found
from balai.marketplace.domain.products import Product
from balai.marketplace.domain.shops import Shop
from balai.marketplace.uow import MarketplaceUnitOfWork


def now() -> datetime:
    return datetime.now(UTC)


def require_resident(actor: Principal, detail: str) -> str:
    """A resident (or seller) token of a village; answers the compact village code."""
    if not actor.has(RESIDENT, SELLER) or actor.village is None or len(actor.village) != 10:
        raise Problem(403, "residents_only", detail)
    return actor.village


async def shop(uow: MarketplaceUnitOfWork, shop_id: UUID) -> Shop:
    found = await uow.shops.get(shop_id)
    if found is None:
        raise not_found("Lapak", "shop_not_found")
    return found


async def own_shop(uow: MarketplaceUnitOfWork, actor: Principal, shop_id: UUID) -> Shop:
    found = await shop(uow, shop_id)
    found.require_owner(actor.subject)
    return found


async def product(uow: MarketplaceUnitOfWork, product_id: UUID) -> Product:
    found = await uow.products.get(product_id)
    if found is None:
        raise not_found("Produk", "product_not_found")
    return found


async def own_product(uow: MarketplaceUnitOfWork, actor: Principal, product_id: UUID) -> tuple[Product, Shop]:
    found = await product(uow, product_id)
    return found, await own_shop(uow, actor, found.shop_id)
