"""Command handlers for residents and families: register, correct, move, death, review. One function each.

Every write checks the caller's scope first, changes the rows, queues its events and an audit row, and
commits them together. Residents are never deleted: a move or a death changes the status and is an event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from balai.common.auth import Principal
from balai.common.errors import Problem
from balai.common.ids import uuid7
from balai.common.privacy import personal_number_hash
from balai.contracts.identity import (
    FamilyChangedV1,
    ResidentRegisteredV1,
    ResidentUpdatedV1,
)
from balai.identity import audit
from balai.identity.nik import mask_nik
from balai.identity.regions import DistrictLookup, dotted_code
from balai.identity.register_access import can_use_register, require_register, require_register_role
from balai.identity.register_domain import (
    FLAG_SOURCES,
    PROFILE_FIELDS,
    ROW_FIELDS,
    Family,
    RegisterInvalid,
    Resident,
    ResidentFields,
    changed_fields,
    check_resident,
    family_members,
    merge,
    profile_of,
)
from balai.identity.register_village_handlers import Actor, get_village
from balai.identity.repo_register import now
from balai.identity.uow import IdentityUnitOfWork
from balai.identity.vocab import ResidentStatus


@dataclass(frozen=True)
class RegisterContext:
    """What register handlers need besides the unit of work: keys, region table, today, the caller."""

    caller: Principal
    actor: Actor
    nik_hash_key: str
    regions: DistrictLookup
    today: dt.date

    def nik_hash(self, nik: str) -> str:
        return personal_number_hash(nik, self.nik_hash_key, kind="nik")

    def kk_hash(self, kk: str) -> str:
        return personal_number_hash(kk, self.nik_hash_key, kind="kk")


def invalid(exc: RegisterInvalid) -> Problem:
    issues = [{"code": i.code, "message": i.message} for i in exc.issues]
    detail = "Data penduduk tidak valid: " + " ".join(i.message for i in exc.issues)
    return Problem(422, "resident_invalid", detail, issues=issues)


def resident_not_found() -> Problem:
    return Problem(404, "resident_not_found", "Penduduk tidak ditemukan.")


def checked(data: ResidentFields, ctx: RegisterContext) -> list[dict[str, Any]]:
    try:
        return check_resident(data, regions=ctx.regions, today=ctx.today)
    except RegisterInvalid as exc:
        raise invalid(exc) from None


async def load_resident(
    uow: IdentityUnitOfWork, resident_id: UUID, ctx: RegisterContext, *, lock: bool = False
) -> Resident:
    """A resident the caller may use; another village's resident is 'not found' (ids reveal nothing)."""
    require_register_role(ctx.caller)
    resident = await uow.register.resident(resident_id, for_update=lock)
    if resident is None or not can_use_register(ctx.caller, resident.village):
        raise resident_not_found()
    return resident


async def kk_of(uow: IdentityUnitOfWork, resident: Resident) -> str | None:
    if resident.family_id is None:
        return None
    family = await uow.register.family(resident.family_id)
    return family.kk_number if family is not None else None


async def family_for(uow: IdentityUnitOfWork, village: str, kk: str, ctx: RegisterContext) -> tuple[Family, bool]:
    """The family of KK number ``kk`` in ``village``, created when new; (family, created)."""
    family = (await uow.register.families_by_kk([kk])).get(kk)
    if family is not None:
        if family.village != village:
            raise Problem(409, "kk_other_village", "Nomor KK ini terdaftar di desa lain.")
        return family, False
    family = Family(uuid7(), village, kk, ctx.kk_hash(kk))
    await uow.register.add_families(
        [{"id": family.id, "village": village, "kk_number": kk, "kk_hash": family.kk_hash, "created_at": now()}]
    )
    return family, True


async def emit_family(uow: IdentityUnitOfWork, family: Family) -> None:
    await emit_families(uow, [family])


async def emit_families(uow: IdentityUnitOfWork, changed: Sequence[Family]) -> None:
    """FamilyChangedV1 with the full member list of each family (one query for all of them)."""
    members = await uow.register.members(f.id for f in changed)
    for family in changed:
        head, listed = family_members(members.get(family.id, []))
        uow.emit(
            FamilyChangedV1(
                family_id=family.id,
                village_code=dotted_code(family.village),
                kk_hash=family.kk_hash,
                head_resident_id=head,
                members=listed,
            ),
            village=family.village,
            subject=str(family.id),
        )


def row_values(data: ResidentFields) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in ROW_FIELDS}
    values["extras"] = dict(data.extras)
    return values


async def register_resident(
    uow: IdentityUnitOfWork, village: str, data: ResidentFields, ctx: RegisterContext
) -> Resident:
    """Add a resident to ``village`` (inside an open unit of work; the caller commits).

    A NIK already registered is a conflict, unless that resident moved out: then this is their arrival,
    and the same record (same id, PIN and card) moves to the new village.
    """
    require_register(ctx.caller, village)
    flags = checked(data, ctx)
    await get_village(uow, village)
    existing = await uow.register.resident_by_nik(data.nik)
    if existing is not None and existing.status != ResidentStatus.MOVED.value:
        where = "desa ini" if existing.village == village else "desa lain; penduduk itu harus pindah dulu"
        raise Problem(409, "nik_exists", f"NIK ini sudah terdaftar di {where}.")
    family = (await family_for(uow, village, data.kk_number, ctx))[0] if data.kk_number else None
    values = row_values(data) | {
        "village": village,
        "family_id": family.id if family else None,
        "nik_hash": ctx.nik_hash(data.nik),
        "status": ResidentStatus.LIVING.value,
        "status_date": None,
        "status_note": "",
        "review_flags": flags,
        "updated_at": now(),
    }
    if existing is None:
        resident_id = uuid7()
        await uow.register.add_residents([values | {"id": resident_id, "created_at": values["updated_at"]}])
    else:
        resident_id = existing.id
        await uow.register.update_resident(resident_id, values)
        await uow.register.move_cards(resident_id, village)
    uow.emit(
        ResidentRegisteredV1(
            resident_id=resident_id,
            village_code=dotted_code(village),
            family_id=family.id if family else None,
            nik_hash=values["nik_hash"],
            nik_masked=mask_nik(data.nik),
            profile=profile_of(data),
        ),
        village=village,
        subject=str(resident_id),
    )
    if family is not None:
        await emit_family(uow, family)
    detail = "arrived from another village" if existing is not None else ""
    await audit.record(
        uow.session,
        actor=ctx.actor.subject,
        action="resident.register",
        village=village,
        target=str(resident_id),
        source=ctx.actor.source,
        detail=detail,
    )
    resident = await uow.register.resident(resident_id)
    assert resident is not None
    return resident


async def update_resident(
    uow: IdentityUnitOfWork, resident_id: UUID, patch: Mapping[str, Any], ctx: RegisterContext
) -> tuple[Resident, str | None]:
    """Correct a resident's data; events only when something others can see changed."""
    async with uow:
        current = await load_resident(uow, resident_id, ctx, lock=True)
        current_kk = await kk_of(uow, current)
        new = merge(current, current_kk, patch)
        changed = changed_fields(current, current_kk, new)
        if not changed:
            return current, current_kk
        values = row_values(new) | {"updated_at": now()}
        if FLAG_SOURCES.intersection(changed):
            values["review_flags"] = checked(new, ctx)
        if "nik" in changed:
            if await uow.register.resident_by_nik(new.nik) is not None:
                raise Problem(409, "nik_exists", "NIK ini sudah terdaftar untuk penduduk lain.")
            values["nik_hash"] = ctx.nik_hash(new.nik)
        old_family = await uow.register.family(current.family_id) if current.family_id else None
        new_family = old_family
        if "kk_number" in changed:
            new_family = (await family_for(uow, current.village, new.kk_number, ctx))[0] if new.kk_number else None
            values["family_id"] = new_family.id if new_family else None
        await uow.register.update_resident(resident_id, values)
        updated = await uow.register.resident(resident_id)
        assert updated is not None
        await _emit_update(uow, updated, changed, old_family, new_family)
        await audit.record(
            uow.session,
            actor=ctx.actor.subject,
            action="resident.update",
            village=current.village,
            target=str(resident_id),
            source=ctx.actor.source,
            detail="fields=" + ",".join(changed),
        )
        await uow.commit()
        return updated, new.kk_number


async def _emit_update(
    uow: IdentityUnitOfWork, resident: Resident, changed: list[str], old: Family | None, new: Family | None
) -> None:
    visible = [("family" if c == "kk_number" else c) for c in changed if c in PROFILE_FIELDS | {"nik", "kk_number"}]
    if visible:
        nik_changed = "nik" in changed
        uow.emit(
            ResidentUpdatedV1(
                resident_id=resident.id,
                village_code=dotted_code(resident.village),
                family_id=resident.family_id,
                profile=profile_of(resident),
                changed=visible,
                nik_hash=resident.nik_hash if nik_changed else None,
                nik_masked=mask_nik(resident.nik) if nik_changed else None,
            ),
            village=resident.village,
            subject=str(resident.id),
        )
    if old is not None and (old != new or "relationship" in changed):
        await emit_family(uow, old)
    if new is not None and new != old:
        await emit_family(uow, new)
