"""Command handlers for villages (tenants): enable, profile, letterhead logo. One small function each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from balai.common.errors import Problem
from balai.contracts.identity import VillageEnabledV1
from balai.identity import audit
from balai.identity.regions import Region, RegionIndex, dotted_code
from balai.identity.register_domain import Village
from balai.identity.register_logo import LogoRejected, normalise_logo
from balai.identity.repo_register import now
from balai.identity.uow import IdentityUnitOfWork


@dataclass(frozen=True)
class Actor:
    """Who does a write, for the audit trail: token subject and client address (or device)."""

    subject: str
    source: str = ""


def village_not_found() -> Problem:
    return Problem(404, "village_not_enabled", "Desa ini belum diaktifkan di Balai.")


async def get_village(uow: IdentityUnitOfWork, code: str) -> Village:
    village = await uow.register.village(code)
    if village is None:
        raise village_not_found()
    return village


async def enable_village(
    uow: IdentityUnitOfWork, regions: RegionIndex, code: str, actor: Actor, *, regency_code: str | None = None
) -> tuple[Village, bool]:
    """Enable a village by its Kemendagri code; (village, created). Enabling twice changes nothing.
    A deployment set up for one regency (`IDENTITY_REGENCY_CODE`) refuses villages of other regencies."""
    region = regions.village(code)
    if region is None:
        raise Problem(404, "unknown_village_code", f"Kode {code} bukan kode desa/kelurahan Kemendagri yang dikenal.")
    if regency_code and not region.compact_code.startswith(regency_code.replace(".", "")):
        raise Problem(
            422, "other_regency", f"Desa {region.name} bukan bagian dari kabupaten layanan ini ({regency_code})."
        )
    compact = region.compact_code
    async with uow:
        existing = await uow.register.village(compact)
        if existing is not None:
            return existing, False
        try:
            await _insert_village(uow, region, regions.ancestors(region.code), actor)
            await uow.commit()
        except IntegrityError:  # a concurrent twin enabled it first
            await uow.rollback()
            return await get_village(uow, compact), False
        return await get_village(uow, compact), True


async def _insert_village(uow: IdentityUnitOfWork, village: Region, parents: tuple[Region, ...], actor: Actor) -> None:
    province, regency, district = parents
    compact = village.compact_code
    await uow.register.add_village(
        {
            "code": compact,
            "name": village.name,
            "district_code": district.compact_code,
            "district_name": district.name,
            "regency_code": regency.compact_code,
            "regency_name": regency.name,
            "province_name": province.name,
            "head_name": "",
            "address": "",
            "phone": "",
            "email": "",
            "enabled_at": now(),
            "enabled_by": actor.subject[:64],
        }
    )
    uow.emit(
        VillageEnabledV1(
            village_code=village.code,
            name=village.name,
            district_code=district.code,
            district_name=district.name,
            regency_code=regency.code,
            regency_name=regency.name,
        ),
        village=compact,
        subject=compact,
    )
    await audit.record(
        uow.session, actor=actor.subject, action="village.enable", village=compact, target=compact, source=actor.source
    )


async def update_profile(uow: IdentityUnitOfWork, code: str, changes: Mapping[str, Any], actor: Actor) -> Village:
    async with uow:
        village = await get_village(uow, code)
        changed = {k: v for k, v in changes.items() if getattr(village, k) != v}
        if changed:
            await uow.register.update_village(code, changed)
            await audit.record(
                uow.session,
                actor=actor.subject,
                action="village.profile",
                village=code,
                target=code,
                source=actor.source,
                detail="fields=" + ",".join(sorted(changed)),
            )
            await uow.commit()
        return await get_village(uow, code)


async def set_logo(uow: IdentityUnitOfWork, code: str, data: bytes, actor: Actor) -> int:
    """Store the village's logo as PNG; the stored size in bytes."""
    try:
        png = normalise_logo(data)
    except LogoRejected as rejected:
        raise Problem(rejected.status, rejected.code, rejected.message) from None
    async with uow:
        await get_village(uow, code)
        await uow.register.update_village(code, {"logo_png": png})
        await audit.record(
            uow.session,
            actor=actor.subject,
            action="village.logo",
            village=code,
            target=code,
            source=actor.source,
            detail=f"png_bytes={len(png)}",
        )
        await uow.commit()
    return len(png)


async def get_logo(uow: IdentityUnitOfWork, code: str) -> bytes:
    async with uow:
        logo = await uow.register.village_logo(code)
    if logo is None:
        raise Problem(404, "no_logo", "Desa ini belum mengunggah logo.")
    return logo


def region_code(code: str) -> str:
    """Dotted code of a path parameter, or a 404 problem for something that is not a region code."""
    try:
        return dotted_code(code)
    except ValueError:
        raise Problem(404, "not_a_region_code", f"'{code}' bukan kode wilayah Kemendagri.") from None
