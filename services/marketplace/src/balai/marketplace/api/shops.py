"""Shops: a resident opens and edits theirs; the village operator lists, approves and suspends them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from balai.common.auth import Caller
from balai.common.errors import Problem
from balai.marketplace import commands as c
from balai.marketplace import queries, views
from balai.marketplace.api.deps import Limit, MediaUrl, Offset, Reader, RuntimeDep, area, page
from balai.marketplace.domain.shops import ShopStatus
from balai.marketplace.handlers import run, shops
from balai.marketplace.schemas import ReasonIn, ShopIn, ShopPatch

router = APIRouter(tags=["lapak"])


@router.post("/shops", status_code=201, summary="Buka lapak (warga desa yang sudah bergabung)")
async def open_shop(body: ShopIn, caller: Caller, runtime: RuntimeDep) -> views.ShopOut:
    command = c.OpenShop(caller, body.name, body.description, body.whatsapp, body.pickup_address)
    return views.shop_out(await run(runtime, shops.open_shop, command), private=True)


@router.get("/shops/mine", summary="Lapak saya")
async def my_shop(caller: Caller, uow: Reader) -> views.ShopOut:
    return views.shop_out(await queries.my_shop(uow, caller), private=True)


@router.patch("/shops/{shop_id}", summary="Ubah lapak (pemilik)")
async def edit_shop(shop_id: UUID, body: ShopPatch, caller: Caller, runtime: RuntimeDep) -> views.ShopOut:
    command = c.EditShop(caller, shop_id, body.name, body.description, body.whatsapp, body.pickup_address)
    return views.shop_out(await run(runtime, shops.edit_shop, command), private=True)


@router.post("/shops/{shop_id}/approve", summary="Setujui lapak (operator desa)")
async def approve_shop(shop_id: UUID, caller: Caller, runtime: RuntimeDep) -> views.ShopOut:
    return views.shop_out(await run(runtime, shops.approve_shop, c.ApproveShop(caller, shop_id)), private=True)


@router.post("/shops/{shop_id}/suspend", summary="Bekukan lapak (operator desa)")
async def suspend_shop(shop_id: UUID, body: ReasonIn, caller: Caller, runtime: RuntimeDep) -> views.ShopOut:
    command = c.SuspendShop(caller, shop_id, body.reason)
    return views.shop_out(await run(runtime, shops.suspend_shop, command), private=True)


@router.get("/shops/{shop_id}/products", summary="Semua produk lapak, termasuk yang disembunyikan (pemilik, operator)")
async def shop_products(
    shop_id: UUID, caller: Caller, uow: Reader, url_for: MediaUrl, limit: Limit = 20, offset: Offset = 0
) -> views.Page[views.ProductOut]:
    found = await queries.products_of_shop(uow, caller, shop_id, limit + 1, offset)
    return page([views.product_out(p, url_for, private=True) for p in found], limit, offset)


@router.get("/villages/{village}/shops", summary="Lapak di satu desa (operator desa)")
async def village_shops(
    village: str,
    caller: Caller,
    uow: Reader,
    status: ShopStatus | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> views.Page[views.ShopOut]:
    code = area(village, 10, "desa")
    if code is None:
        raise Problem(422, "invalid_area", "Kode desa wajib diisi.")
    found = await queries.shops_in_village(uow, caller, code, status, limit + 1, offset)
    return page([views.shop_out(s, private=True) for s in found], limit, offset)
