"""Routes for logging in and sessions. Parse -> handler; no rules here."""

from __future__ import annotations

import uuid
from typing import Annotated

import jwt
from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from balai.common.auth import REGENCY_ADMIN, Principal, require_roles
from balai.common.errors import Problem
from balai.identity import auth_handlers as handlers
from balai.identity.context import Ctx, client_source
from balai.identity.schemas import (
    JwkSet,
    KeyRotatedOut,
    KioskSessionOut,
    PinChangeRequiredOut,
    ResidentSessionOut,
    TokenPairOut,
)
from balai.identity.tokens import PIN_CHANGE_AUDIENCE
from balai.identity.uow import UoW

router = APIRouter(tags=["auth"])

NikField = Annotated[str, Field(pattern=r"^\d{16}$", description="16 digit NIK")]
PinField = Annotated[str, Field(pattern=r"^\d{6}$", description="6 digit PIN")]


class ResidentLogin(BaseModel):
    nik: NikField
    pin: PinField


class StaffLogin(BaseModel):
    username: Annotated[str, Field(min_length=1, max_length=60)]
    password: Annotated[str, Field(min_length=1, max_length=200)]


class KioskLogin(BaseModel):
    assertion: Annotated[str, Field(description="JWT signed by the kiosk's Ed25519 key (iss = device id)")]
    card_uid: Annotated[str, Field(min_length=1, max_length=40, description="hex, or the decimal a USB reader types")]
    pin: PinField


class RefreshRequest(BaseModel):
    refresh_token: Annotated[str, Field(min_length=10, max_length=200)]


class PinChange(BaseModel):
    new_pin: PinField
    current_pin: PinField | None = None


@router.get("/.well-known/jwks.json", summary="Public keys that verify Balai tokens")
async def jwks(ctx: Ctx, response: Response) -> JwkSet:
    response.headers["Cache-Control"] = "public, max-age=300"
    return JwkSet.model_validate(await ctx.keyring.jwks())


@router.post(
    "/auth/resident/login",
    summary="Resident login with NIK + PIN; the first login after a PIN was issued asks for a new PIN",
)
async def resident_login(
    body: ResidentLogin, request: Request, uow: UoW, ctx: Ctx
) -> ResidentSessionOut | PinChangeRequiredOut:
    return await handlers.resident_login(uow, ctx, body.nik, body.pin, client_source(request))


@router.post("/auth/staff/login", summary="Village staff / district / regency login with password")
async def staff_login(body: StaffLogin, request: Request, uow: UoW, ctx: Ctx) -> TokenPairOut:
    return await handlers.staff_login(uow, ctx, body.username, body.password, client_source(request))


@router.post("/auth/kiosk/login", summary="Kiosk login: enrolled device + e-KTP card + PIN")
async def kiosk_login(body: KioskLogin, uow: UoW, ctx: Ctx) -> KioskSessionOut | PinChangeRequiredOut:
    return await handlers.kiosk_login(uow, ctx, assertion=body.assertion, card_uid=body.card_uid, pin=body.pin)


@router.post("/auth/refresh", summary="Rotate a refresh token (a reused one revokes its whole chain)")
async def refresh(body: RefreshRequest, uow: UoW, ctx: Ctx) -> TokenPairOut:
    return await handlers.refresh(uow, ctx, body.refresh_token)


@router.post("/auth/logout", status_code=204, summary="Revoke a refresh token chain")
async def logout(body: RefreshRequest, uow: UoW, ctx: Ctx) -> None:
    await handlers.logout(uow, ctx, body.refresh_token)


async def _pin_subject(request: Request, ctx: Ctx) -> tuple[uuid.UUID, bool]:
    """The resident changing their PIN, and whether they came with a first-login change token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Problem(401, "unauthorized", "Silakan masuk terlebih dahulu.", headers={"WWW-Authenticate": "Bearer"})
    try:
        audience = jwt.decode(token, options={"verify_signature": False}).get("aud")
    except jwt.PyJWTError as exc:
        raise Problem(401, "unauthorized", "Token rusak.") from exc
    if audience == PIN_CHANGE_AUDIENCE:
        jwks_doc = await ctx.keyring.jwks()
        kid = jwt.get_unverified_header(token).get("kid")
        keys = {k["kid"]: jwt.PyJWK(k) for k in jwks_doc["keys"]}
        if kid not in keys:
            raise Problem(401, "unauthorized", "Token tidak dikenal.")
        try:
            claims = jwt.decode(
                token, keys[kid].key, algorithms=["EdDSA"], audience=PIN_CHANGE_AUDIENCE, issuer=ctx.settings.jwt_issuer
            )
        except jwt.PyJWTError as exc:
            raise Problem(401, "token_expired", "Waktu penggantian PIN habis. Silakan masuk kembali.") from exc
        return uuid.UUID(claims["sub"]), True
    principal: Principal = await request.app.state.runtime.verifier.verify(token)
    if "resident" not in principal.roles:
        raise Problem(403, "forbidden", "Hanya penduduk yang dapat mengganti PIN.")
    return uuid.UUID(principal.subject), False


@router.post("/auth/pin/change", summary="Change the PIN (first login: with the change token)")
async def change_pin(
    body: PinChange,
    request: Request,
    uow: UoW,
    ctx: Ctx,
    who: Annotated[tuple[uuid.UUID, bool], Depends(_pin_subject)],
) -> TokenPairOut:
    resident_id, first_login = who
    if not first_login and body.current_pin is None:
        raise Problem(422, "current_pin_required", "Masukkan PIN lama untuk mengganti PIN.")
    return await handlers.change_pin(
        uow,
        ctx,
        resident_id=resident_id,
        new_pin=body.new_pin,
        current_pin=None if first_login else body.current_pin,
        source=client_source(request),
    )


@router.post("/keys/rotate", summary="Publish a new signing key (signs after the lead time)")
async def rotate_keys(ctx: Ctx, _: Annotated[Principal, Depends(require_roles(REGENCY_ADMIN))]) -> KeyRotatedOut:
    return KeyRotatedOut(kid=await ctx.keyring.rotate())
