"""Logins and sessions: resident NIK + PIN, staff password, kiosk card + PIN, refresh, logout, PIN change.

Every attempt, good or bad, lands in the audit log. Failures are committed before the error is raised,
so the trail survives the failed request. Wrong PINs count per resident and per source (device or IP)
in Redis; past the limit both are locked for a period that doubles with each lockout.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from balai.common.auth import RESIDENT
from balai.common.errors import Problem
from balai.common.ratelimit import Lockout
from balai.identity import audit
from balai.identity.cards import normalize_card_uid
from balai.identity.context import IdentityContext
from balai.identity.pins import burn_time, hash_pin, pin_problems, verify_password, verify_pin
from balai.identity.schemas import KioskSessionOut, PinChangeRequiredOut, ResidentSessionOut, TokenPairOut
from balai.identity.tokens import PIN_CHANGE_AUDIENCE
from balai.identity.uow import IdentityUnitOfWork

KIOSK_AUDIENCE = "balai-identity:kiosk-login"
MAX_ASSERTION_AGE = 120
WRONG = "NIK atau PIN salah."


async def _refuse_if_locked(checks: list[tuple[Lockout, str]]) -> None:
    wait = max([await lockout.locked_for(key) for lockout, key in checks] or [0])
    if wait:
        minutes = max(1, round(wait / 60))
        raise Problem(
            429,
            "locked_out",
            f"Terlalu banyak percobaan salah. Coba lagi dalam {minutes} menit.",
            headers={"Retry-After": str(wait)},
            retry_after=wait,
        )


async def _fail(uow: IdentityUnitOfWork, checks: list[tuple[Lockout, str]], *, detail: str, **entry: Any) -> Problem:
    locks = [await lockout.failure(key) for lockout, key in checks]
    await audit.record(uow.session, outcome="locked" if any(locks) else "denied", detail=detail, **entry)
    await uow.commit()
    if any(locks):
        return Problem(
            429,
            "locked_out",
            "Terlalu banyak percobaan salah. Akun dikunci sementara.",
            headers={"Retry-After": str(max(locks))},
            retry_after=max(locks),
        )
    return Problem(401, "wrong_credentials", WRONG)


def resident_claims(resident: Any, *, amr: list[str], device: str | None = None) -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": str(resident.id), "village": resident.village, "roles": [RESIDENT], "amr": amr}
    if device:
        claims["device"] = device
    return claims


async def _check_resident_pin(
    uow: IdentityUnitOfWork, ctx: IdentityContext, resident: Any, pin: str, source: str, action: str
) -> Any:
    """The shared core of NIK and card logins: lockout, PIN check, status check. Returns the PIN row."""
    checks = [(ctx.resident_lockout, str(resident.id)), (ctx.source_lockout, source)]
    await _refuse_if_locked(checks)
    entry = {
        "actor": str(resident.id),
        "action": action,
        "village": resident.village,
        "target": str(resident.id),
        "source": source,
    }
    pin_row = await uow.auth.pin(resident.id)
    if pin_row is None:
        await burn_time()
        raise await _fail(uow, checks, detail="no PIN issued", **entry)
    if not await verify_pin(pin_row.pin_hash, pin, subject=str(resident.id), pepper=ctx.pepper):
        raise await _fail(uow, checks, detail="wrong PIN", **entry)
    if resident.status != "living":
        await audit.record(uow.session, outcome="denied", detail=f"status {resident.status}", **entry)
        await uow.commit()
        raise Problem(
            403, "resident_inactive", "Data penduduk ini tidak aktif (pindah/meninggal). Hubungi kantor desa."
        )
    await ctx.resident_lockout.success(str(resident.id))
    await audit.record(uow.session, outcome="ok", **entry)
    return pin_row


async def resident_login(
    uow: IdentityUnitOfWork, ctx: IdentityContext, nik: str, pin: str, source: str
) -> ResidentSessionOut | PinChangeRequiredOut:
    async with uow:
        resident = await uow.auth.resident_by_nik(nik)
        if resident is None:
            await _refuse_if_locked([(ctx.source_lockout, source)])
            await burn_time()  # an unknown NIK costs what a wrong PIN costs
            raise await _fail(
                uow,
                [(ctx.source_lockout, source)],
                detail="unknown NIK",
                actor="anonymous",
                action="login.pin",
                source=source,
            )
        pin_row = await _check_resident_pin(uow, ctx, resident, pin, source, "login.pin")
        if pin_row.must_change:
            return await _pin_change_required(uow, ctx, resident)
        pair = await ctx.issuer.pair(uow.session, resident_claims(resident, amr=["pin"]))
        await uow.commit()
    return ResidentSessionOut.of(pair)


async def _pin_change_required(uow: IdentityUnitOfWork, ctx: IdentityContext, resident: Any) -> PinChangeRequiredOut:
    """First login after an operator issued the PIN: only a PIN change is allowed (10 minutes)."""
    change = await ctx.issuer.sign(
        {"sub": str(resident.id), "village": resident.village}, ttl=600, audience=PIN_CHANGE_AUDIENCE
    )
    await uow.commit()
    return PinChangeRequiredOut(must_change_pin=True, change_token=change, expires_in=600)


async def change_pin(
    uow: IdentityUnitOfWork,
    ctx: IdentityContext,
    *,
    resident_id: uuid.UUID,
    new_pin: str,
    current_pin: str | None,
    source: str,
) -> TokenPairOut:
    """With a change token (first login) no current PIN is asked; otherwise it must be given and right."""
    async with uow:
        resident = await uow.auth.resident(resident_id)
        pin_row = await uow.auth.pin(resident_id)
        if resident is None or pin_row is None:
            raise Problem(404, "not_found", "Penduduk tidak ditemukan.")
        if current_pin is not None:
            await _check_resident_pin(uow, ctx, resident, current_pin, source, "pin.change")
        problems = pin_problems(new_pin, birth_date_ddmmyy=resident.birth_date.strftime("%d%m%y"))
        if not problems and await verify_pin(pin_row.pin_hash, new_pin, subject=str(resident_id), pepper=ctx.pepper):
            problems = ["PIN baru harus berbeda dari PIN lama."]
        if problems:
            raise Problem(422, "weak_pin", " ".join(problems))
        pin_hash = await hash_pin(new_pin, subject=str(resident_id), pepper=ctx.pepper)
        await uow.auth.set_pin(resident_id, pin_hash, must_change=False, by=str(resident_id))
        await ctx.issuer.revoke_subject(uow.session, str(resident_id))
        await audit.record(
            uow.session,
            actor=str(resident_id),
            action="pin.change",
            village=resident.village,
            target=str(resident_id),
            source=source,
        )
        pair = await ctx.issuer.pair(uow.session, resident_claims(resident, amr=["pin"]))
        await uow.commit()
    return TokenPairOut.of(pair)


async def staff_login(
    uow: IdentityUnitOfWork, ctx: IdentityContext, username: str, password: str, source: str
) -> TokenPairOut:
    checks = [(ctx.staff_lockout, username.lower()), (ctx.source_lockout, source)]
    await _refuse_if_locked(checks)
    async with uow:
        account = await uow.auth.staff_by_username(username)
        entry = {"actor": username.lower()[:64], "action": "login.password", "source": source}
        ok = account is not None and account.active and await verify_password(account.password_hash, password)
        if account is None:
            await burn_time()
        if not ok or account is None:
            problem = await _fail(uow, checks, detail="wrong password or inactive", **entry)
            raise Problem(
                problem.status,
                problem.code,
                "Nama pengguna atau kata sandi salah." if problem.status == 401 else problem.detail,
                headers=problem.headers,
            )
        await ctx.staff_lockout.success(username.lower())
        await audit.record(uow.session, outcome="ok", village=account.area, **entry)
        claims = {
            "sub": str(account.id),
            "village": account.area,
            "roles": list(account.roles),
            "amr": ["password"],
            "name": account.name,
        }
        pair = await ctx.issuer.pair(uow.session, claims)
        await uow.commit()
    return TokenPairOut.of(pair)


async def refresh(uow: IdentityUnitOfWork, ctx: IdentityContext, token: str) -> TokenPairOut:
    async with uow:
        try:
            pair = await ctx.issuer.rotate(uow.session, token)
        except Problem as problem:
            if problem.code == "refresh_reused":
                await audit.record(
                    uow.session,
                    actor="unknown",
                    action="refresh.reuse",
                    outcome="revoked",
                    detail="a rotated refresh token was presented again; its chain is revoked",
                )
                await uow.commit()
            raise
        await uow.commit()
    return TokenPairOut.of(pair)


async def logout(uow: IdentityUnitOfWork, ctx: IdentityContext, token: str) -> None:
    async with uow:
        subject = await ctx.issuer.revoke(uow.session, token)
        if subject:
            await audit.record(uow.session, actor=subject, action="logout")
        await uow.commit()


def device_claims(assertion: str, public_key_b64: str, *, audience: str = KIOSK_AUDIENCE) -> dict[str, Any]:
    key = Ed25519PublicKey.from_public_bytes(
        base64.urlsafe_b64decode(public_key_b64 + "=" * (-len(public_key_b64) % 4))
    )
    claims: dict[str, Any] = jwt.decode(
        assertion,
        key,
        algorithms=["EdDSA"],
        audience=audience,
        leeway=10,
        options={"require": ["iss", "aud", "iat", "exp", "jti"]},
    )
    if claims["exp"] - claims["iat"] > MAX_ASSERTION_AGE:
        raise jwt.InvalidTokenError("assertion lives too long")
    return claims


async def kiosk_login(
    uow: IdentityUnitOfWork, ctx: IdentityContext, *, assertion: str, card_uid: str, pin: str
) -> KioskSessionOut | PinChangeRequiredOut:
    """Enrolled device (signed assertion) + bound e-KTP card + PIN -> a short session tied to the device."""
    bad_device = Problem(401, "device_unknown", "Anjungan ini belum terdaftar atau tidak aktif.")
    try:
        device_id = uuid.UUID(str(jwt.decode(assertion, options={"verify_signature": False})["iss"]))
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise bad_device from exc
    async with uow:
        device = await uow.auth.device(device_id)
        if device is None or device.revoked_at is not None:
            raise bad_device
        try:
            claims = device_claims(assertion, device.public_key)
        except (jwt.PyJWTError, ValueError) as exc:
            raise bad_device from exc
        if not await uow.auth.use_nonce(str(claims["jti"]), device_id, datetime.fromtimestamp(claims["exp"], UTC)):
            raise Problem(401, "assertion_replayed", "Permintaan anjungan diulang. Coba lagi.")
        await uow.auth.touch_device(device_id)
        source = f"device:{device_id}"
        try:
            uid = normalize_card_uid(card_uid)
        except ValueError as exc:
            raise Problem(422, "card_unreadable", "Kartu tidak terbaca. Tempelkan ulang e-KTP Anda.") from exc
        card = await uow.auth.card(uid)
        resident = await uow.auth.resident(card.resident_id) if card else None
        if resident is None or resident.village != device.village:
            await _refuse_if_locked([(ctx.source_lockout, source)])
            raise await _fail(
                uow,
                [(ctx.source_lockout, source)],
                detail="card not bound here",
                actor="anonymous",
                action="login.kiosk",
                village=device.village,
                source=source,
            )
        pin_row = await _check_resident_pin(uow, ctx, resident, pin, source, "login.kiosk")
        if pin_row.must_change:
            return await _pin_change_required(uow, ctx, resident)
        pair = await ctx.issuer.access(
            resident_claims(resident, amr=["card", "pin"], device=str(device_id)),
            ttl=ctx.settings.kiosk_session_ttl_seconds,
        )
        await uow.commit()
    return KioskSessionOut.of(pair)
