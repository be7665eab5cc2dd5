"""Read side of the register: one resident, a page of residents, a family, the resident's own view."""

from __future__ import annotations

from uuid import UUID

from balai.common.errors import Problem
from balai.identity.nik import mask_kk
from balai.identity.regions import dotted_code
from balai.identity.register_access import require_register, require_resident, sees_full_numbers
from balai.identity.register_domain import family_members
from balai.identity.register_handlers import RegisterContext, kk_of, load_resident
from balai.identity.register_schemas import FamilyOut, ResidentOut, ResidentPage
from balai.identity.register_village_handlers import get_village
from balai.identity.uow import IdentityUnitOfWork


async def get_resident(uow: IdentityUnitOfWork, resident_id: UUID, ctx: RegisterContext) -> ResidentOut:
    async with uow:
        resident = await load_resident(uow, resident_id, ctx)
        kk = await kk_of(uow, resident)
    return ResidentOut.of(resident, kk, full=sees_full_numbers(ctx.caller, resident.village))


async def list_residents(
    uow: IdentityUnitOfWork,
    village: str,
    ctx: RegisterContext,
    *,
    text: str | None,
    status: str | None,
    flagged: bool,
    page: int,
    size: int,
) -> ResidentPage:
    require_register(ctx.caller, village)
    async with uow:
        await get_village(uow, village)
        found, total = await uow.register.search(
            village, text=text, status=status, flagged=flagged, limit=size, offset=(page - 1) * size
        )
        families = await uow.register.families_by_id(r.family_id for r in found if r.family_id)
    full = sees_full_numbers(ctx.caller, village)
    items = [
        ResidentOut.of(r, families[r.family_id].kk_number if r.family_id in families else None, full=full)
        for r in found
    ]
    return ResidentPage(items=items, total=total, page=page, size=size)


async def get_family(uow: IdentityUnitOfWork, village: str, family_id: UUID, ctx: RegisterContext) -> FamilyOut:
    require_register(ctx.caller, village)
    async with uow:
        family = await uow.register.family(family_id)
        if family is None or family.village != village:
            raise Problem(404, "family_not_found", "Keluarga (KK) tidak ditemukan di desa ini.")
        members = (await uow.register.members([family.id])).get(family.id, [])
    full = sees_full_numbers(ctx.caller, village)
    head, listed = family_members(members)
    order = {m.resident_id: i for i, m in enumerate(listed)}
    members.sort(key=lambda r: (order.get(r.id, len(order)), r.birth_date))
    return FamilyOut(
        id=family.id,
        village_code=dotted_code(village),
        kk_number=family.kk_number if full else mask_kk(family.kk_number),
        head_resident_id=head,
        members=[ResidentOut.of(r, family.kk_number, full=full) for r in members],
    )


async def my_record(uow: IdentityUnitOfWork, ctx: RegisterContext) -> ResidentOut:
    """The caller's own record, with their full NIK (it is theirs)."""
    resident_id = require_resident(ctx.caller)
    async with uow:
        resident = await uow.register.resident(resident_id)
        if resident is None:
            raise Problem(404, "resident_not_found", "Data penduduk Anda tidak ditemukan.")
        kk = await kk_of(uow, resident)
    return ResidentOut.of(resident, kk, full=True)


async def my_family(uow: IdentityUnitOfWork, ctx: RegisterContext) -> FamilyOut:
    """The caller's family: their own NIK in full, the others' masked."""
    resident_id = require_resident(ctx.caller)
    async with uow:
        resident = await uow.register.resident(resident_id)
        if resident is None or resident.family_id is None:
            raise Problem(404, "family_not_found", "Anda belum tercatat dalam sebuah keluarga (KK).")
        family = await uow.register.family(resident.family_id)
        assert family is not None
        members = (await uow.register.members([family.id])).get(family.id, [])
    head, listed = family_members(members)
    position = {m.resident_id: i for i, m in enumerate(listed)}
    shown = sorted(
        (r for r in members if r.id in position or r.id == resident_id), key=lambda r: position.get(r.id, len(position))
    )
    return FamilyOut(
        id=family.id,
        village_code=dotted_code(family.village),
        kk_number=family.kk_number,
        head_resident_id=head,
        members=[ResidentOut.of(r, family.kk_number, full=r.id == resident_id) for r in shown],
    )
