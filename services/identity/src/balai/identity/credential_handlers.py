"""Operators manage credentials: PINs (one or many), e-KTP card bindings, kiosk devices, staff accounts."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from balai.common.auth import CAMAT, KADES, OPERATOR, REGENCY_ADMIN, Principal
from balai.common.errors import Problem
from balai.common.ids import uuid7
from balai.common.privacy import keyed_ref
from balai.common.timestamps import as_utc
from balai.contracts.identity import CardBoundV1, CardUnboundV1, DeviceEnrolledV1, PinIssuedV1
from balai.identity import audit
from balai.identity.cards import normalize_card_uid
from balai.identity.context import IdentityContext
from balai.identity.pins import generate_pin, hash_password, hash_pin, password_problems
from balai.identity.regions import dotted_code
from balai.identity.schemas import (
    CardBoundOut,
    DeviceEnrolledOut,
    PinDeliveryOut,
    PinIssuedOut,
    StaffAccountOut,
)
from balai.identity.uow import IdentityUnitOfWork

NOTIFIER = "notifier"
SERVICE = "service"
STAFF_ROLES = {OPERATOR, KADES, CAMAT, REGENCY_ADMIN, NOTIFIER, SERVICE}


async def _resident_managed_by(uow: IdentityUnitOfWork, caller: Principal, resident_id: uuid.UUID) -> Any:
    resident = await uow.auth.resident(resident_id)
    if resident is None or not caller.can_read_village(resident.village):
        raise Problem(404, "not_found", "Penduduk tidak ditemukan.")
    caller.require_manage(resident.village)
    return resident


async def _issue_one(
    uow: IdentityUnitOfWork, ctx: IdentityContext, caller: Principal, resident: Any, channel: str
) -> PinIssuedOut:
    if resident.status != "living":
        raise Problem(409, "resident_inactive", f"{resident.name} tidak berstatus hidup; PIN tidak dapat dibuat.")
    pin = generate_pin()
    pin_hash = await hash_pin(pin, subject=str(resident.id), pepper=ctx.pepper)
    await uow.auth.set_pin(resident.id, pin_hash, must_change=True, by=caller.subject)
    await uow.auth.erase_pending_deliveries(resident.id)
    delivery_id = uuid7()
    if channel != "handover":
        sealed = ctx.box.seal(pin.encode(), context=f"pin-delivery:{delivery_id}")
        expires = datetime.now(UTC) + timedelta(seconds=ctx.settings.pin_delivery_ttl_seconds)
        await uow.auth.add_delivery(delivery_id, resident.id, sealed, channel, expires)
    await ctx.issuer.revoke_subject(uow.session, str(resident.id))
    uow.emit(
        PinIssuedV1(
            resident_id=resident.id,
            village_code=dotted_code(resident.village),
            delivery_id=delivery_id,
            channel=channel,
        ),
        village=resident.village,
        subject=str(resident.id),
    )
    await audit.record(
        uow.session,
        actor=caller.subject,
        action="pin.issue",
        village=resident.village,
        target=str(resident.id),
        detail=f"channel {channel}",
    )
    return PinIssuedOut(
        resident_id=resident.id,
        name=resident.name,
        pin=pin,
        delivery_id=delivery_id,
        channel=channel,
        must_change_on_first_login=True,
    )


async def issue_pin(
    uow: IdentityUnitOfWork, ctx: IdentityContext, caller: Principal, resident_id: uuid.UUID, channel: str
) -> PinIssuedOut:
    async with uow:
        resident = await _resident_managed_by(uow, caller, resident_id)
        result = await _issue_one(uow, ctx, caller, resident, channel)
        await uow.commit()
    return result


async def issue_pins(
    uow: IdentityUnitOfWork, ctx: IdentityContext, caller: Principal, village: str, ids: list[uuid.UUID], channel: str
) -> list[PinIssuedOut]:
    """All or nothing: one unknown or inactive resident refuses the whole batch, so no PIN is half-issued."""
    caller.require_manage(village)
    async with uow:
        found = {r.id: r for r in await uow.auth.residents_in(village, ids)}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise Problem(404, "not_found", "Sebagian penduduk tidak ditemukan di desa ini.", missing=missing)
        results = [await _issue_one(uow, ctx, caller, found[i], channel) for i in dict.fromkeys(ids)]
        await uow.commit()
    return results


async def take_delivery(
    uow: IdentityUnitOfWork, ctx: IdentityContext, caller: Principal, delivery_id: uuid.UUID
) -> PinDeliveryOut:
    """The notifier fetches a PIN once; the sealed copy is erased in the same transaction."""
    if not caller.has(NOTIFIER):
        raise Problem(403, "forbidden", "Hanya layanan notifikasi yang boleh mengambil PIN.")
    async with uow:
        row = await uow.auth.delivery_for_update(delivery_id)
        if row is None:
            raise Problem(404, "not_found", "Pengiriman PIN tidak ditemukan.")
        if row.sealed_pin is None or as_utc(row.expires_at) < datetime.now(UTC):
            raise Problem(410, "delivery_gone", "PIN ini sudah diambil atau kedaluwarsa; terbitkan ulang PIN.")
        pin = ctx.box.open(row.sealed_pin, context=f"pin-delivery:{delivery_id}").decode()
        resident = await uow.auth.resident(row.resident_id)
        await uow.auth.erase_delivery(delivery_id)
        await audit.record(
            uow.session,
            actor=caller.subject,
            action="pin.delivery_fetched",
            village=resident.village if resident else None,
            target=str(row.resident_id),
        )
        await uow.commit()
    return PinDeliveryOut(
        resident_id=row.resident_id,
        channel=row.channel,
        pin=pin,
        phone=resident.phone if resident else "",
        name=resident.name if resident else "",
    )


async def bind_card(
    uow: IdentityUnitOfWork, ctx: IdentityContext, caller: Principal, resident_id: uuid.UUID, raw_uid: str
) -> CardBoundOut:
    try:
        uid = normalize_card_uid(raw_uid)
    except ValueError as exc:
        raise Problem(422, "card_uid_invalid", f"Nomor kartu tidak dikenali: {exc}") from exc
    async with uow:
        resident = await _resident_managed_by(uow, caller, resident_id)
        existing = await uow.auth.card(uid)
        if existing is not None and existing.resident_id != resident_id:
            raise Problem(409, "card_taken", "Kartu ini sudah terhubung dengan penduduk lain.")
        ref = keyed_ref(uid, ctx.nik_key, kind="card")
        if existing is None:
            await uow.auth.bind_card(uid, resident_id, resident.village, caller.subject)
            uow.emit(
                CardBoundV1(resident_id=resident_id, village_code=dotted_code(resident.village), card_ref=ref),
                village=resident.village,
                subject=str(resident_id),
            )
            await audit.record(
                uow.session, actor=caller.subject, action="card.bind", village=resident.village, target=str(resident_id)
            )
        await uow.commit()
    return CardBoundOut(resident_id=resident_id, card_uid=uid, card_ref=ref, created=existing is None)


async def unbind_card(
    uow: IdentityUnitOfWork, ctx: IdentityContext, caller: Principal, resident_id: uuid.UUID, raw_uid: str, reason: str
) -> None:
    uid = normalize_card_uid(raw_uid)
    async with uow:
        resident = await _resident_managed_by(uow, caller, resident_id)
        existing = await uow.auth.card(uid)
        if existing is None or existing.resident_id != resident_id:
            raise Problem(404, "not_found", "Kartu ini tidak terhubung dengan penduduk tersebut.")
        await uow.auth.unbind_card(uid)
        uow.emit(
            CardUnboundV1(
                resident_id=resident_id,
                village_code=dotted_code(resident.village),
                card_ref=keyed_ref(uid, ctx.nik_key, kind="card"),
                reason=reason,
            ),
            village=resident.village,
            subject=str(resident_id),
        )
        await audit.record(
            uow.session,
            actor=caller.subject,
            action="card.unbind",
            village=resident.village,
            target=str(resident_id),
            detail=reason,
        )
        await uow.commit()


def decode_public_key(value: str) -> str:
    """Accept a raw Ed25519 public key as base64url (32 bytes); return it normalised without padding."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError as exc:
        raise Problem(422, "public_key_invalid", "Kunci publik anjungan tidak valid (base64url).") from exc
    if len(raw) != 32:
        raise Problem(422, "public_key_invalid", "Kunci publik anjungan harus 32 byte (Ed25519).")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def enroll_device(
    uow: IdentityUnitOfWork, caller: Principal, village: str, name: str, public_key: str
) -> DeviceEnrolledOut:
    caller.require_manage(village)
    key = decode_public_key(public_key)
    device_id = uuid7()
    async with uow:
        await uow.auth.add_device(device_id, village, name, key, caller.subject)
        uow.emit(
            DeviceEnrolledV1(device_id=device_id, village_code=dotted_code(village), name=name),
            village=village,
            subject=str(device_id),
        )
        await audit.record(
            uow.session,
            actor=caller.subject,
            action="device.enroll",
            village=village,
            target=str(device_id),
            detail=name,
        )
        await uow.commit()
    return DeviceEnrolledOut(device_id=device_id, village=village, name=name)


async def revoke_device(uow: IdentityUnitOfWork, caller: Principal, device_id: uuid.UUID) -> None:
    async with uow:
        device = await uow.auth.device(device_id)
        if device is None or not caller.can_read_village(device.village):
            raise Problem(404, "not_found", "Anjungan tidak ditemukan.")
        caller.require_manage(device.village)
        await uow.auth.revoke_device(device_id)
        await audit.record(
            uow.session, actor=caller.subject, action="device.revoke", village=device.village, target=str(device_id)
        )
        await uow.commit()


def _may_create(caller: Principal, roles: set[str], area: str | None) -> bool:
    if caller.has(REGENCY_ADMIN):
        return True
    # a village head may add the operators of their own village
    return caller.has(KADES) and roles == {OPERATOR} and area == caller.village


async def create_staff(
    uow: IdentityUnitOfWork,
    caller: Principal,
    *,
    username: str,
    name: str,
    password: str,
    roles: list[str],
    area: str | None,
) -> StaffAccountOut:
    wanted = set(roles)
    if not wanted or not wanted <= STAFF_ROLES:
        raise Problem(422, "roles_invalid", f"Peran yang dikenal: {', '.join(sorted(STAFF_ROLES))}.")
    if not _may_create(caller, wanted, area):
        raise Problem(403, "forbidden", "Anda tidak berhak membuat akun dengan peran ini.")
    if problems := password_problems(password):
        raise Problem(422, "weak_password", " ".join(problems))
    async with uow:
        if await uow.auth.staff_by_username(username) is not None:
            raise Problem(409, "username_taken", "Nama pengguna sudah dipakai.")
        account_id = uuid7()
        await uow.auth.add_staff(account_id, username, name, await hash_password(password), sorted(wanted), area)
        await audit.record(
            uow.session,
            actor=caller.subject,
            action="staff.create",
            village=area,
            target=str(account_id),
            detail=f"{username} {sorted(wanted)}",
        )
        await uow.commit()
    return StaffAccountOut(id=account_id, username=username.lower(), name=name, roles=sorted(wanted), area=area)
