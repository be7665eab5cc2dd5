"""Reactions to identity's events: keep the read model of villages/residents/families, and hold the
enrolments of a resident who died or moved away for review (instead of paying on silently).

Each runs inside the consumer's transaction together with its inbox row, so an event delivered
twice is handled once; each is also harmless when repeated (upserts, "flag again" changes nothing).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from balai.aid.domain import enrolment
from balai.aid.domain.model import Flag, ResidentStatus
from balai.aid.events import publish
from balai.aid.uow import AidUnitOfWork
from balai.common.envelope import Envelope, area_code
from balai.contracts.identity import (
    FamilyChangedV1,
    ResidentDiedV1,
    ResidentMovedV1,
    ResidentProfile,
    ResidentRegisteredV1,
    ResidentUpdatedV1,
    VillageEnabledV1,
)

_FLAGS = {ResidentStatus.DECEASED: Flag.DECEASED, ResidentStatus.MOVED: Flag.MOVED}


async def flag_enrolments(uow: AidUnitOfWork, resident_id: UUID, reason: Flag, since: date | None) -> None:
    resident = await uow.residents.get(resident_id)
    nik_hashes = [resident.nik_hash] if resident and resident.nik_hash else []
    for beneficiary in await uow.beneficiaries.for_person([resident_id], nik_hashes):
        flagged, event = enrolment.flag(beneficiary, reason, since)
        if event is not None:
            await uow.beneficiaries.save(flagged)
            publish(uow, [event])


async def on_village_enabled(event: VillageEnabledV1, envelope: Envelope, uow: AidUnitOfWork) -> None:
    await uow.residents.upsert_village(
        {
            "code": area_code(event.village_code),
            "name": event.name,
            "district_code": area_code(event.district_code),
            "district_name": event.district_name,
            "regency_code": area_code(event.regency_code),
            "regency_name": event.regency_name,
        }
    )


async def _profile(
    uow: AidUnitOfWork,
    envelope: Envelope,
    resident_id: UUID,
    village: str,
    family_id: UUID | None,
    profile: ResidentProfile,
    nik_hash: str | None,
) -> None:
    values = {
        "resident_id": resident_id,
        "village": area_code(village),
        "family_id": family_id,
        "name": profile.name,
        "status": profile.status,
    }
    if nik_hash is not None:  # registration, or an update that corrected the NIK
        values["nik_hash"] = nik_hash
    before = await uow.residents.get(resident_id)
    applied = await uow.residents.upsert_resident(values, envelope.time)
    if not applied:
        return  # a newer event already spoke
    if before is not None and before.nik_hash and nik_hash and before.nik_hash != nik_hash:
        await uow.beneficiaries.rehash(before.nik_hash, nik_hash)
    resident = await uow.residents.get(resident_id)
    if resident is not None and resident.nik_hash:
        await uow.beneficiaries.link_resident(resident.nik_hash, resident_id, family_id)
    flag = _FLAGS.get(ResidentStatus(profile.status))
    if flag is not None:
        await flag_enrolments(uow, resident_id, flag, None)


async def on_resident_registered(event: ResidentRegisteredV1, envelope: Envelope, uow: AidUnitOfWork) -> None:
    await _profile(uow, envelope, event.resident_id, event.village_code, event.family_id, event.profile, event.nik_hash)


async def on_resident_updated(event: ResidentUpdatedV1, envelope: Envelope, uow: AidUnitOfWork) -> None:
    await _profile(uow, envelope, event.resident_id, event.village_code, event.family_id, event.profile, event.nik_hash)


async def on_resident_moved(event: ResidentMovedV1, envelope: Envelope, uow: AidUnitOfWork) -> None:
    village = area_code(event.village_code)
    await uow.residents.set_status(event.resident_id, village, ResidentStatus.MOVED, event.moved_on, envelope.time)
    await flag_enrolments(uow, event.resident_id, Flag.MOVED, event.moved_on)


async def on_resident_died(event: ResidentDiedV1, envelope: Envelope, uow: AidUnitOfWork) -> None:
    village = area_code(event.village_code)
    await uow.residents.set_status(event.resident_id, village, ResidentStatus.DECEASED, event.died_on, envelope.time)
    await flag_enrolments(uow, event.resident_id, Flag.DECEASED, event.died_on)


async def on_family_changed(event: FamilyChangedV1, envelope: Envelope, uow: AidUnitOfWork) -> None:
    values = {
        "family_id": event.family_id,
        "village": area_code(event.village_code),
        "kk_hash": event.kk_hash,
        "head_resident_id": event.head_resident_id,
    }
    if await uow.residents.upsert_family(values, envelope.time):
        await uow.residents.set_members(event.family_id, [m.resident_id for m in event.members], envelope.time)
        await uow.beneficiaries.link_family(event.kk_hash, event.family_id)
