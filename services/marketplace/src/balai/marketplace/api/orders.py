"""Orders: a resident places one (with an Idempotency-Key); buyer and seller move it along."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from balai.common.auth import Caller
from balai.common.errors import Problem
from balai.marketplace import commands as c
from balai.marketplace import queries, views
from balai.marketplace.api.deps import Limit, Offset, Reader, RuntimeDep, page
from balai.marketplace.domain.orders import Order, OrderStatus
from balai.marketplace.handlers import orders, run, run_once
from balai.marketplace.schemas import CancelIn, DispatchIn, OrderIn

router = APIRouter(tags=["pesanan"])


def _render(order: Order) -> Any:
    return views.order_out(order).model_dump(mode="json")


@router.post(
    "/orders",
    status_code=201,
    response_model=views.OrderOut,
    summary="Pesan barang dari satu lapak (wajib Idempotency-Key)",
)
async def place_order(
    body: OrderIn,
    caller: Caller,
    runtime: RuntimeDep,
    idempotency_key: Annotated[
        str | None, Header(description="Satu kunci per pesanan, diulang saat mencoba lagi")
    ] = None,
) -> JSONResponse:
    if not idempotency_key:
        raise Problem(
            400, "idempotency_key_required", "Sertakan header Idempotency-Key agar pesanan tidak tercatat dua kali."
        )
    command = c.PlaceOrder(
        actor=caller,
        shop_id=body.shop_id,
        items=tuple((item.product_id, item.quantity) for item in body.items),
        delivery=body.delivery,
        payment=body.payment,
        address=body.address,
        contact_phone=body.contact_phone,
        note=body.note,
    )
    result = await run_once(
        runtime,
        orders.place_order,
        command,
        scope=f"orders:{caller.subject}",
        key=idempotency_key,
        request=body.model_dump(mode="json"),
        render=_render,
    )
    return result.as_response()


@router.get("/orders/mine", summary="Pesanan saya (pembeli)")
async def my_orders(caller: Caller, uow: Reader, limit: Limit = 20, offset: Offset = 0) -> views.Page[views.OrderOut]:
    found = await queries.orders_of_buyer(uow, caller, limit + 1, offset)
    return page([views.order_out(o) for o in found], limit, offset)


@router.get("/shops/{shop_id}/orders", summary="Pesanan masuk ke lapak (pemilik lapak)")
async def shop_orders(
    shop_id: UUID, caller: Caller, uow: Reader, status: OrderStatus | None = None, limit: Limit = 20, offset: Offset = 0
) -> views.Page[views.OrderOut]:
    found = await queries.orders_of_shop(uow, caller, shop_id, status, limit + 1, offset)
    return page([views.order_out(o) for o in found], limit, offset)


@router.get("/orders/{order_id}", summary="Satu pesanan (pembeli atau penjualnya)")
async def get_order(order_id: UUID, caller: Caller, uow: Reader) -> views.OrderOut:
    return views.order_out(await queries.order(uow, caller, order_id))


async def _step(runtime: RuntimeDep, command: c.ChangeOrder) -> views.OrderOut:
    return views.order_out(await run(runtime, orders.change_order, command))


@router.post("/orders/{order_id}/confirm", summary="Konfirmasi pesanan (penjual)")
async def confirm(order_id: UUID, caller: Caller, runtime: RuntimeDep) -> views.OrderOut:
    return await _step(runtime, c.ChangeOrder(caller, order_id, "confirm"))


@router.post("/orders/{order_id}/dispatch", summary="Kirim pesanan, atau siap diambil bila ambil sendiri (penjual)")
async def dispatch(
    order_id: UUID, caller: Caller, runtime: RuntimeDep, body: DispatchIn | None = None
) -> views.OrderOut:
    body = body or DispatchIn()
    command = c.ChangeOrder(caller, order_id, "dispatch", courier=body.courier, tracking_number=body.tracking_number)
    return await _step(runtime, command)


@router.post("/orders/{order_id}/complete", summary="Pesanan sudah diterima (pembeli atau penjual)")
async def complete(order_id: UUID, caller: Caller, runtime: RuntimeDep) -> views.OrderOut:
    return await _step(runtime, c.ChangeOrder(caller, order_id, "complete"))


@router.post(
    "/orders/{order_id}/cancel", summary="Batalkan pesanan (pembeli sebelum dikonfirmasi; penjual dengan alasan)"
)
async def cancel(order_id: UUID, caller: Caller, runtime: RuntimeDep, body: CancelIn | None = None) -> views.OrderOut:
    return await _step(runtime, c.ChangeOrder(caller, order_id, "cancel", reason=body.reason if body else ""))


@router.post("/orders/{order_id}/paid", summary="Tandai lunas: transfer, QRIS atau tunai diterima (penjual)")
async def mark_paid(order_id: UUID, caller: Caller, runtime: RuntimeDep) -> views.OrderOut:
    return await _step(runtime, c.ChangeOrder(caller, order_id, "pay"))
