"""Shops: a resident opens one, edits it; the village operator approves or suspends it."""

from __future__ import annotations

from balai.common.errors import Problem
from balai.common.ids import uuid7
from balai.marketplace import events
from balai.marketplace.commands import ApproveShop, EditShop, OpenShop, SuspendShop
from balai.marketplace.domain.shops import Shop, ShopDetails
from balai.marketplace.handlers.common import now, own_shop, require_resident, shop
from balai.marketplace.uow import MarketplaceUnitOfWork


async def open_shop(cmd: OpenShop, uow: MarketplaceUnitOfWork) -> Shop:
    village = require_resident(cmd.actor, "Hanya warga desa yang dapat membuka lapak.")
    details = ShopDetails.parse(
        name=cmd.name, description=cmd.description, whatsapp=cmd.whatsapp, pickup_address=cmd.pickup_address
    )
    if await uow.villages.get(village) is None:
        raise Problem(403, "village_not_enabled", "Desa Anda belum bergabung dengan pasar desa Balai.")
    existing = await uow.shops.by_owner(cmd.actor.subject)
    if existing is not None:
        raise Problem(409, "shop_exists", "Anda sudah memiliki lapak.", shop_id=str(existing.id))
    opened = Shop.open(shop_id=uuid7(), village=village, owner=cmd.actor.subject, details=details, now=now())
    await uow.shops.add(opened)
    events.shop_opened(uow, opened)
    return opened


async def edit_shop(cmd: EditShop, uow: MarketplaceUnitOfWork) -> Shop:
    found = await own_shop(uow, cmd.actor, cmd.shop_id)
    current = found.details
    details = ShopDetails.parse(
        name=current.name if cmd.name is None else cmd.name,
        description=current.description if cmd.description is None else cmd.description,
        whatsapp=current.whatsapp if cmd.whatsapp is None else cmd.whatsapp,
        pickup_address=current.pickup_address if cmd.pickup_address is None else cmd.pickup_address,
    )
    if found.edit(details, now()):
        await uow.shops.save(found)
    return found


async def approve_shop(cmd: ApproveShop, uow: MarketplaceUnitOfWork) -> Shop:
    found = await shop(uow, cmd.shop_id)
    cmd.actor.require_manage(found.village)
    if found.approve(now()):
        await uow.shops.save(found)
        events.shop_approved(uow, found, cmd.actor.subject)
    return found


async def suspend_shop(cmd: SuspendShop, uow: MarketplaceUnitOfWork) -> Shop:
    found = await shop(uow, cmd.shop_id)
    cmd.actor.require_manage(found.village)
    if found.suspend(cmd.reason, now()):
        await uow.shops.save(found)
        events.shop_suspended(uow, found, cmd.actor.subject)
    return found
