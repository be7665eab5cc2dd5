"""Products: the seller lists and edits them and manages their photos; the operator hides them."""

from __future__ import annotations

from balai.common.ids import uuid7
from balai.marketplace import events
from balai.marketplace.commands import AddPhoto, EditProduct, HideProduct, ListProduct, RemovePhoto, UnhideProduct
from balai.marketplace.domain.products import Photo, Product, ProductDetails
from balai.marketplace.handlers.common import now, own_product, own_shop, product, shop
from balai.marketplace.uow import MarketplaceUnitOfWork


async def list_product(cmd: ListProduct, uow: MarketplaceUnitOfWork) -> Product:
    owned = await own_shop(uow, cmd.actor, cmd.shop_id)
    details = ProductDetails.parse(
        title=cmd.title, description=cmd.description, category=cmd.category, price=cmd.price, unit=cmd.unit
    )
    listed = Product.list_new(
        product_id=uuid7(), shop_id=owned.id, village=owned.village, details=details, stock=cmd.stock, now=now()
    )
    await uow.products.add(listed)
    events.product_listed(uow, listed)
    return listed


async def edit_product(cmd: EditProduct, uow: MarketplaceUnitOfWork) -> Product:
    found, _ = await own_product(uow, cmd.actor, cmd.product_id)
    changed = found.edit(
        now(),
        title=cmd.title,
        description=cmd.description,
        category=cmd.category,
        price=cmd.price,
        unit=cmd.unit,
        stock=cmd.stock,
    )
    if changed:
        await uow.products.save_details(found, changed)
        events.product_updated(uow, found, changed)
    return found


async def hide_product(cmd: HideProduct, uow: MarketplaceUnitOfWork) -> Product:
    found = await product(uow, cmd.product_id)
    cmd.actor.require_manage(found.village)
    if found.hide(cmd.reason, now()):
        await uow.products.save_visibility(found)
        owner = (await shop(uow, found.shop_id)).owner
        events.product_hidden(uow, found, owner, cmd.actor.subject)
    return found


async def unhide_product(cmd: UnhideProduct, uow: MarketplaceUnitOfWork) -> Product:
    found = await product(uow, cmd.product_id)
    cmd.actor.require_manage(found.village)
    if found.unhide(now()):
        await uow.products.save_visibility(found)
        events.product_updated(uow, found, ["hidden"])
    return found


async def add_photo(cmd: AddPhoto, uow: MarketplaceUnitOfWork) -> Photo:
    found, _ = await own_product(uow, cmd.actor, cmd.product_id)
    photo = Photo(cmd.photo_id, cmd.name, cmd.thumb, cmd.width, cmd.height, position=len(found.photos))
    placed = await uow.products.add_photo(found.id, photo, now())
    found.photos.append(placed)
    events.product_updated(uow, found, ["photos"])
    return placed


async def remove_photo(cmd: RemovePhoto, uow: MarketplaceUnitOfWork) -> Photo:
    found, _ = await own_product(uow, cmd.actor, cmd.product_id)
    photo = found.photo(cmd.photo_id)
    await uow.products.remove_photo(found.id, photo, now())
    found.photos.remove(photo)
    events.product_updated(uow, found, ["photos"])
    return photo
