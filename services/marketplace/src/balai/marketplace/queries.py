"""Reads, with who may see what: the public sees approved shops and their visible products; an owner
and the village's staff also see pending, suspended and hidden ones; an order is seen by its buyer
and its seller only (it holds the buyer's phone number and address)."""

from __future__ import annotations

from uuid import UUID

from balai.common.auth import CAMAT, KADES, OPERATOR, REGENCY_ADMIN, Principal
from balai.common.errors import Problem, not_found
from balai.marketplace.domain.orders import Order, OrderStatus
from balai.marketplace.domain.products import Product
from balai.marketplace.domain.shops import Shop, ShopStatus
from balai.marketplace.handlers import common
from balai.marketplace.uow import MarketplaceUnitOfWork

STAFF = (OPERATOR, KADES, CAMAT, REGENCY_ADMIN)


def is_staff_of(viewer: Principal, village: str) -> bool:
    """Village staff of that village, its camat, a regency admin (a resident of the village is not)."""
    return viewer.has(*STAFF) and viewer.can_read_village(village)


def sees_private(viewer: Principal | None, shop: Shop) -> bool:
    """The owner, and the staff over the shop's village."""
    return viewer is not None and (shop.owned_by(viewer.subject) or is_staff_of(viewer, shop.village))


async def shop(uow: MarketplaceUnitOfWork, viewer: Principal | None, shop_id: UUID) -> tuple[Shop, bool]:
    found = await uow.shops.get(shop_id)
    if found is None:
        raise not_found("Lapak", "shop_not_found")
    private = sees_private(viewer, found)
    if not found.is_public and not private:
        raise not_found("Lapak", "shop_not_found")
    return found, private


async def my_shop(uow: MarketplaceUnitOfWork, viewer: Principal) -> Shop:
    found = await uow.shops.by_owner(viewer.subject)
    if found is None:
        raise not_found("Lapak Anda", "shop_not_found")
    return found


async def shops_in_village(
    uow: MarketplaceUnitOfWork, viewer: Principal, village: str, status: ShopStatus | None, limit: int, offset: int
) -> list[Shop]:
    if not viewer.has(*STAFF):
        raise Problem(403, "staff_only", "Hanya petugas desa yang dapat melihat daftar ini.")
    viewer.require_read(village)
    return await uow.shops.in_village(village, status, limit=limit, offset=offset)


async def product(uow: MarketplaceUnitOfWork, viewer: Principal | None, product_id: UUID) -> tuple[Product, bool]:
    found = await common.product(uow, product_id)
    owner_shop = await common.shop(uow, found.shop_id)
    private = sees_private(viewer, owner_shop)
    if not private and (found.hidden or not owner_shop.is_public):
        raise not_found("Produk", "product_not_found")
    return found, private


async def products_of_shop(
    uow: MarketplaceUnitOfWork, viewer: Principal, shop_id: UUID, limit: int, offset: int
) -> list[Product]:
    """Every product of the shop, hidden ones too: for its owner and the village's staff."""
    found, private = await shop(uow, viewer, shop_id)
    if not private:
        raise not_found("Lapak", "shop_not_found")
    return await uow.products.of_shop(found.id, limit=limit, offset=offset)


async def order(uow: MarketplaceUnitOfWork, viewer: Principal, order_id: UUID) -> Order:
    found = await uow.orders.get(order_id)
    if found is None:
        raise not_found("Pesanan", "order_not_found")
    found.require_party(viewer.subject)
    return found


async def orders_of_buyer(uow: MarketplaceUnitOfWork, viewer: Principal, limit: int, offset: int) -> list[Order]:
    return await uow.orders.of_buyer(viewer.subject, limit=limit, offset=offset)


async def orders_of_shop(
    uow: MarketplaceUnitOfWork, viewer: Principal, shop_id: UUID, status: OrderStatus | None, limit: int, offset: int
) -> list[Order]:
    owned = await common.own_shop(uow, viewer, shop_id)
    return await uow.orders.of_shop(owned.id, status, limit=limit, offset=offset)
