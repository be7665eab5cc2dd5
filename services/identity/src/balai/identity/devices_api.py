"""Kiosk telemetry: heartbeats signed by the device, and the operator's view of which kiosks are up."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import jwt
from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import update

from balai.common.auth import Caller
from balai.common.errors import Problem
from balai.common.timestamps import as_utc
from balai.identity.auth_handlers import device_claims
from balai.identity.credentials_api import village_code
from balai.identity.models import devices
from balai.identity.schemas import DeviceEnrolledOut, DeviceOut
from balai.identity.uow import UoW

HEARTBEAT_AUDIENCE = "balai-identity:heartbeat"
WHOAMI_AUDIENCE = "balai-identity:device-whoami"
ONLINE_WITHIN = timedelta(seconds=90)
router = APIRouter(tags=["devices"])


class Heartbeat(BaseModel):
    assertion: str
    status: Annotated[dict[str, Any], Field(description="readers, card present, printers, queue length, version")]


@router.post("/devices/heartbeat", status_code=204, summary="A kiosk reports it is alive, with device status")
async def heartbeat(body: Heartbeat, uow: UoW) -> None:
    refused = Problem(401, "device_unknown", "Anjungan ini belum terdaftar atau tidak aktif.")
    if len(str(body.status)) > 8000:
        raise Problem(413, "status_too_large", "Laporan status terlalu besar.")
    try:
        device_id = uuid.UUID(str(jwt.decode(body.assertion, options={"verify_signature": False})["iss"]))
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise refused from exc
    async with uow:
        device = await uow.auth.device(device_id)
        if device is None or device.revoked_at is not None:
            raise refused
        try:
            device_claims(body.assertion, device.public_key, audience=HEARTBEAT_AUDIENCE)
        except (jwt.PyJWTError, ValueError) as exc:
            raise refused from exc
        await uow.session.execute(
            update(devices).where(devices.c.id == device_id).values(last_seen_at=datetime.now(UTC), status=body.status)
        )
        await uow.commit()


class DeviceAssertion(BaseModel):
    assertion: str = Field(max_length=2000, description="signed by the kiosk's key; `iss` is its public key")


@router.post(
    "/devices/whoami",
    summary="A kiosk asks whether its key is enrolled, and under which id (proof: a signature by that key)",
    responses={404: {"description": "the key is not enrolled (or its kiosk was revoked)"}},
)
async def whoami(body: DeviceAssertion, uow: UoW) -> DeviceEnrolledOut:
    """Lets a kiosk PC pick up its device id by itself once an operator enrolled its public key, instead of
    someone typing the id into its config. Only the holder of the private key can ask: the assertion must be
    signed by the key it names, so a key copied from a screen tells nobody else anything."""
    refused = Problem(401, "assertion_invalid", "Tanda tangan anjungan tidak sah.")
    try:
        public_key = str(jwt.decode(body.assertion, options={"verify_signature": False})["iss"])
        device_claims(body.assertion, public_key, audience=WHOAMI_AUDIENCE)
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise refused from exc
    async with uow:
        device = await uow.auth.active_device_with_key(public_key)
    if device is None:
        raise Problem(404, "device_not_enrolled", "Anjungan ini belum didaftarkan di konsol desa.")
    return DeviceEnrolledOut(device_id=device.id, village=device.village, name=device.name)


@router.get("/villages/{code}/devices", summary="Kiosks of a village, with their last status")
async def list_devices(code: str, caller: Caller, uow: UoW) -> list[DeviceOut]:
    village = village_code(code)
    caller.require_read(village)
    async with uow:
        rows = await uow.auth.devices_in(village)
    now = datetime.now(UTC)

    def online(seen: datetime | None) -> bool:
        return seen is not None and now - as_utc(seen) < ONLINE_WITHIN

    return [
        DeviceOut(
            device_id=r.id,
            name=r.name,
            enrolled_at=r.enrolled_at,
            revoked=r.revoked_at is not None,
            last_seen_at=r.last_seen_at,
            online=online(r.last_seen_at) and r.revoked_at is None,
            status=r.status or {},
        )
        for r in rows
    ]
