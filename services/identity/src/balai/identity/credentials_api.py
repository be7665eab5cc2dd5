"""Routes for operators managing credentials: PINs, e-KTP cards, kiosk devices, staff accounts."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from balai.common.auth import Caller
from balai.common.envelope import area_code
from balai.common.errors import Problem
from balai.identity import credential_handlers as handlers
from balai.identity.context import Ctx
from balai.identity.schemas import (
    CardBoundOut,
    DeviceEnrolledOut,
    PinDeliveryOut,
    PinIssuedOut,
    PinsIssuedOut,
    StaffAccountOut,
)
from balai.identity.uow import UoW

router = APIRouter(tags=["credentials"])
Channel = Literal["whatsapp", "sms", "handover"]


def village_code(code: str) -> str:
    try:
        return area_code(code)
    except ValueError as exc:
        raise Problem(422, "village_code_invalid", "Kode desa tidak valid.") from exc


class PinIssue(BaseModel):
    channel: Channel = "whatsapp"


class BulkPinIssue(BaseModel):
    resident_ids: Annotated[list[uuid.UUID], Field(min_length=1, max_length=500)]
    channel: Channel = "whatsapp"


class CardBind(BaseModel):
    uid: Annotated[str, Field(min_length=1, max_length=40)]


class DeviceEnroll(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    public_key: Annotated[str, Field(min_length=40, max_length=60, description="Ed25519 public key, base64url")]


class StaffCreate(BaseModel):
    username: Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{3,60}$")]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    roles: Annotated[list[str], Field(min_length=1)]
    area: str | None = None


@router.post("/residents/{resident_id}/pin", status_code=201, summary="Issue or reset a resident's PIN (shown once)")
async def issue_pin(resident_id: uuid.UUID, body: PinIssue, caller: Caller, uow: UoW, ctx: Ctx) -> PinIssuedOut:
    return await handlers.issue_pin(uow, ctx, caller, resident_id, body.channel)


@router.post("/villages/{code}/pins", status_code=201, summary="Issue PINs for many residents at once")
async def issue_pins(code: str, body: BulkPinIssue, caller: Caller, uow: UoW, ctx: Ctx) -> PinsIssuedOut:
    results = await handlers.issue_pins(uow, ctx, caller, village_code(code), body.resident_ids, body.channel)
    return PinsIssuedOut(issued=results)


@router.post("/pin-deliveries/{delivery_id}/take", summary="Notifier: fetch a PIN to deliver (once)")
async def take_delivery(delivery_id: uuid.UUID, caller: Caller, uow: UoW, ctx: Ctx) -> PinDeliveryOut:
    return await handlers.take_delivery(uow, ctx, caller, delivery_id)


@router.post("/residents/{resident_id}/cards", summary="Bind an e-KTP card (idempotent for the same resident)")
async def bind_card(resident_id: uuid.UUID, body: CardBind, caller: Caller, uow: UoW, ctx: Ctx) -> CardBoundOut:
    return await handlers.bind_card(uow, ctx, caller, resident_id, body.uid)


@router.delete("/residents/{resident_id}/cards/{uid}", status_code=204, summary="Unbind an e-KTP card")
async def unbind_card(
    resident_id: uuid.UUID,
    uid: str,
    caller: Caller,
    uow: UoW,
    ctx: Ctx,
    reason: Annotated[str, Query(max_length=200)] = "lost",
) -> None:
    await handlers.unbind_card(uow, ctx, caller, resident_id, uid, reason)


@router.post("/villages/{code}/devices", status_code=201, summary="Enrol a kiosk with its own public key")
async def enroll_device(code: str, body: DeviceEnroll, caller: Caller, uow: UoW) -> DeviceEnrolledOut:
    return await handlers.enroll_device(uow, caller, village_code(code), body.name, body.public_key)


@router.delete("/devices/{device_id}", status_code=204, summary="Revoke a kiosk")
async def revoke_device(device_id: uuid.UUID, caller: Caller, uow: UoW) -> None:
    await handlers.revoke_device(uow, caller, device_id)


@router.post("/accounts", status_code=201, summary="Create a staff account (regency admin; a kades for operators)")
async def create_staff(body: StaffCreate, caller: Caller, uow: UoW) -> StaffAccountOut:
    area = village_code(body.area) if body.area else None
    return await handlers.create_staff(
        uow, caller, username=body.username, name=body.name, password=body.password, roles=body.roles, area=area
    )
