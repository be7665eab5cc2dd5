"""Status and review handlers: a move out, a death (events, never deletes), marking flags as reviewed."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from balai.common.errors import Problem
from balai.contracts.identity import ResidentDiedV1, ResidentMovedV1
from balai.identity import audit
from balai.identity.regions import dotted_code
from balai.identity.register_domain import Resident, member
from balai.identity.register_handlers import RegisterContext, emit_family, load_resident
from balai.identity.repo_register import now
from balai.identity.uow import IdentityUnitOfWork
from balai.identity.vocab import ResidentStatus


async def _end_residence(
    uow: IdentityUnitOfWork, resident_id: UUID, status: ResidentStatus, on: dt.date, note: str, ctx: RegisterContext
) -> Resident:
    async with uow:
        current = await load_resident(uow, resident_id, ctx, lock=True)
        if not current.is_member:
            raise Problem(409, "resident_not_active", f"Penduduk ini sudah berstatus {_label(current.status)}.")
        if not current.birth_date <= on <= ctx.today:
            raise Problem(
                422, "date_out_of_range", "Tanggal harus antara tanggal lahir penduduk dan hari ini.", field="date"
            )
        await uow.register.update_resident(
            resident_id, {"status": status.value, "status_date": on, "status_note": note, "updated_at": now()}
        )
        village = dotted_code(current.village)
        if status is ResidentStatus.MOVED:
            event: Any = ResidentMovedV1(resident_id=resident_id, village_code=village, moved_on=on, destination=note)
        else:
            event = ResidentDiedV1(resident_id=resident_id, village_code=village, died_on=on)
        uow.emit(event, village=current.village, subject=str(resident_id))
        family = await uow.register.family(current.family_id) if current.family_id else None
        if family is not None:
            await emit_family(uow, family)
        await audit.record(
            uow.session,
            actor=ctx.actor.subject,
            action=f"resident.{'move' if status is ResidentStatus.MOVED else 'death'}",
            village=current.village,
            target=str(resident_id),
            source=ctx.actor.source,
            detail=f"date={on.isoformat()}",
        )
        await uow.commit()
        updated = await uow.register.resident(resident_id)
        assert updated is not None
        return updated


def _label(status: str) -> str:
    found = member(ResidentStatus, status)
    return found.label.lower() if found is not None else status


async def move_resident(
    uow: IdentityUnitOfWork, resident_id: UUID, moved_on: dt.date, destination: str, ctx: RegisterContext
) -> Resident:
    return await _end_residence(uow, resident_id, ResidentStatus.MOVED, moved_on, destination, ctx)


async def record_death(
    uow: IdentityUnitOfWork, resident_id: UUID, died_on: dt.date, note: str, ctx: RegisterContext
) -> Resident:
    return await _end_residence(uow, resident_id, ResidentStatus.DECEASED, died_on, note, ctx)


async def mark_reviewed(uow: IdentityUnitOfWork, resident_id: UUID, ctx: RegisterContext) -> Resident:
    """The operator checked the flagged data against the documents: the flags are cleared."""
    async with uow:
        current = await load_resident(uow, resident_id, ctx, lock=True)
        if not current.review_flags:
            return current
        await uow.register.update_resident(resident_id, {"review_flags": [], "updated_at": now()})
        codes = ",".join(sorted({str(f.get("code")) for f in current.review_flags}))
        await audit.record(
            uow.session,
            actor=ctx.actor.subject,
            action="resident.reviewed",
            village=current.village,
            target=str(resident_id),
            source=ctx.actor.source,
            detail=f"flags={codes}",
        )
        await uow.commit()
        updated = await uow.register.resident(resident_id)
        assert updated is not None
        return updated
