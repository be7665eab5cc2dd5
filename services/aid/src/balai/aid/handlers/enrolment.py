"""Enrolling, removing and reviewing beneficiaries."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from balai.aid.domain import enrolment
from balai.aid.domain.enrolment import Applicant, member_key
from balai.aid.domain.errors import invalid
from balai.aid.domain.model import Beneficiary, ResidentInfo
from balai.aid.domain.numbers import Hasher, compact_number, kk_problem, nik_problem
from balai.aid.events import publish
from balai.aid.handlers.access import managed_beneficiary, now, visible_program
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import Principal
from balai.common.ids import uuid7


@dataclass(frozen=True, slots=True)
class EnrolBeneficiary:
    program_id: UUID
    village: str
    resident_id: UUID | None = None
    nik: str | None = None
    kk: str | None = None
    name: str = ""
    address: str = ""
    reference: str = ""
    participant_no: str = ""


def hash_number(value: str | None, kind: str, hasher: Hasher) -> str | None:
    """Check and hash a NIK/KK typed on a form; the number itself goes no further."""
    if not value:
        return None
    number = compact_number(value)
    problem = nik_problem(number) if kind == "nik" else kk_problem(number)
    if problem:
        raise invalid(f"{kind}_invalid", problem)
    return hasher(number, kind)


async def _resident(uow: AidUnitOfWork, cmd: EnrolBeneficiary, nik_hash: str | None) -> ResidentInfo | None:
    if cmd.resident_id is not None:
        resident = await uow.residents.get(cmd.resident_id)
        if resident is None:
            raise invalid("resident_unknown", "Penduduk tersebut belum dikenal oleh layanan bantuan.")
        if nik_hash and resident.nik_hash and resident.nik_hash != nik_hash:
            raise invalid("nik_mismatch", "NIK tidak sesuai dengan data penduduk yang dipilih.")
        return resident
    if nik_hash is None:
        return None
    return (await uow.residents.by_nik_hashes([nik_hash])).get(nik_hash)


async def enrol_beneficiary(
    cmd: EnrolBeneficiary, uow: AidUnitOfWork, caller: Principal, hasher: Hasher
) -> Beneficiary:
    caller.require_manage(cmd.village)
    program = await visible_program(uow, cmd.program_id, caller)
    await uow.beneficiaries.serialise_enrolments(cmd.village[:4])  # the checks below see every other enrolment
    nik_hash = hash_number(cmd.nik, "nik", hasher)
    resident = await _resident(uow, cmd, nik_hash)
    applicant = Applicant(
        nik_hash=nik_hash or (resident.nik_hash if resident else None),
        kk_hash=hash_number(cmd.kk, "kk", hasher),
        reference=cmd.reference,
        name=cmd.name,
        address=cmd.address,
        participant_no=cmd.participant_no,
        resident=resident,
    )
    key = member_key(program.target, applicant)
    existing = await uow.beneficiaries.by_member(program.id, key)
    nik_hashes = [applicant.nik_hash] if applicant.nik_hash else []
    kk_hashes = [applicant.family_hash] if applicant.family_hash else []
    beneficiary, enrolled = enrolment.enrol(
        program,
        cmd.village,
        applicant,
        existing=existing,
        others=await uow.beneficiaries.active_enrolments(nik_hashes, kk_hashes),
        rules=await uow.rules.applicable(cmd.village),
        beneficiary_id=uuid7(),
        by=caller.subject,
        now=now(),
    )
    if existing is None:
        await uow.beneficiaries.add([beneficiary])
    else:
        await uow.beneficiaries.save(beneficiary)
    publish(uow, [enrolled])
    return beneficiary


async def remove_beneficiary(beneficiary_id: UUID, reason: str, uow: AidUnitOfWork, caller: Principal) -> Beneficiary:
    beneficiary = await managed_beneficiary(uow, beneficiary_id, caller)
    removed, event = enrolment.remove(beneficiary, reason)
    if event is not None:
        await uow.beneficiaries.save(removed)
        publish(uow, [event])
    return removed


class Decision(StrEnum):
    KEEP = "keep"
    REMOVE = "remove"


async def review_beneficiary(
    beneficiary_id: UUID, decision: Decision, note: str, uow: AidUnitOfWork, caller: Principal
) -> Beneficiary:
    """Settle a flag: keep the enrolment (with a note), or remove it (the note is the reason)."""
    beneficiary = await managed_beneficiary(uow, beneficiary_id, caller)
    if decision is Decision.REMOVE:
        return await remove_beneficiary(beneficiary_id, note, uow, caller)
    kept = enrolment.clear_flag(beneficiary, note)
    await uow.beneficiaries.save(kept)
    return kept
