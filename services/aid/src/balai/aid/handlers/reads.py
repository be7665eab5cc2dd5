"""Reads: lists, the public check, a resident's own aid, the conflicts report, statistics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from balai.aid.domain.errors import invalid
from balai.aid.domain.exclusions import Conflict, ExclusionRule, find_conflicts
from balai.aid.domain.model import Beneficiary, BeneficiaryStatus, Disbursement, Program
from balai.aid.domain.numbers import Hasher, compact_number, nik_problem
from balai.aid.domain.views import public_answer, statistics
from balai.aid.handlers.access import require_people, visible_program
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import RESIDENT, Principal
from balai.common.envelope import area_code
from balai.common.errors import Problem
from balai.common.privacy import mask_personal_number


def area_of(code: str, *, village_only: bool = False) -> str:
    """A compact village (10), district (6) or regency (4) code, or a 422."""
    try:
        area = area_code(code.strip())
    except ValueError:
        area = ""
    lengths = (10,) if village_only else (4, 6, 10)
    if len(area) not in lengths:
        what = "kode desa (10 digit)" if village_only else "kode desa, kecamatan atau kabupaten"
        raise invalid("area_code", f"'{code[:20]}' bukan {what} Kemendagri.")
    return area


async def programs_in(area: str, uow: AidUnitOfWork, caller: Principal) -> list[Program]:
    caller.require_read(area)
    return await uow.programs.in_area(area)


async def beneficiaries_in(
    village: str,
    uow: AidUnitOfWork,
    caller: Principal,
    *,
    program_id: UUID | None,
    status: BeneficiaryStatus | None,
    flagged: bool | None,
    limit: int,
    offset: int,
) -> list[Beneficiary]:
    require_people(caller, village)
    return await uow.beneficiaries.in_village(
        village, program_id=program_id, status=status, flagged=flagged, limit=limit, offset=offset
    )


async def disbursements_of(
    program_id: UUID, village: str, period: str | None, uow: AidUnitOfWork, caller: Principal
) -> list[Disbursement]:
    require_people(caller, village)
    program = await visible_program(uow, program_id, caller)
    return await uow.disbursements.for_program(program.id, village, period)


async def rules_in(village: str, uow: AidUnitOfWork, caller: Principal) -> list[ExclusionRule]:
    caller.require_read(village)
    return await uow.rules.applicable(village)


async def conflicts_in(village: str, uow: AidUnitOfWork, caller: Principal) -> list[Conflict]:
    """Existing enrolments that break the rules in force in `village` (e.g. after a rule was added)."""
    require_people(caller, village)
    pairs = await uow.beneficiaries.conflict_candidates(village)
    return find_conflicts(pairs, await uow.rules.applicable(village))


async def check_aid(nik: str, uow: AidUnitOfWork, hasher: Hasher) -> dict[str, Any]:
    """Cek bantuan: anyone, by NIK. The answer never holds the full NIK or a full name."""
    number = compact_number(nik)
    problem = nik_problem(number)
    if problem:
        raise invalid("nik_invalid", problem)
    nik_hash = hasher(number, "nik")
    resident = (await uow.residents.by_nik_hashes([nik_hash])).get(nik_hash)
    rows = await uow.queries.check(nik_hash, resident.kk_hash if resident else None)
    return public_answer(mask_personal_number(number), rows)


@dataclass(frozen=True, slots=True)
class OwnAid:
    resident_id: UUID
    family_members: int
    enrolments: list[tuple[Beneficiary, Program, list[Disbursement]]]


async def own_aid(uow: AidUnitOfWork, caller: Principal) -> OwnAid:
    """A resident's own and their family's enrolments, in full (names, amounts, every period)."""
    if not caller.has(RESIDENT):
        raise Problem(403, "residents_only", "Halaman ini untuk warga yang masuk dengan akunnya sendiri.")
    try:
        resident_id = UUID(caller.subject)
    except ValueError as exc:
        raise Problem(403, "residents_only", "Akun ini bukan akun warga.") from exc
    me = await uow.residents.get(resident_id)
    family = await uow.residents.family_members(me.family_id) if me and me.family_id else []
    people = {resident_id, *(m.resident_id for m in family)}
    nik_hashes = {p.nik_hash for p in [*family, *([me] if me else [])] if p.nik_hash}
    kk_hashes = {me.kk_hash} if me and me.kk_hash else set()
    found = await uow.beneficiaries.for_person(people, nik_hashes, kk_hashes)
    programs: dict[UUID, Program] = {}
    for b in found:
        if b.program_id not in programs:
            program = await uow.programs.get(b.program_id)
            if program is not None:
                programs[b.program_id] = program
    paid: dict[UUID, list[Disbursement]] = {b.id: [] for b in found}
    for d in await uow.disbursements.for_beneficiaries(list(paid)):
        paid[d.beneficiary_id].append(d)
    enrolments = [(b, programs[b.program_id], paid[b.id]) for b in found if b.program_id in programs]
    return OwnAid(resident_id, len(people) - 1, enrolments)


async def area_statistics(
    area: str, year: int | None, program_id: UUID | None, uow: AidUnitOfWork, caller: Principal
) -> dict[str, Any]:
    caller.require_read(area)
    enrolments = await uow.queries.enrolment_counts(area, program_id)
    sums = await uow.queries.disbursement_sums(area, year, program_id)
    village_sums = await uow.queries.village_sums(area, year, program_id)
    heads = await uow.queries.program_heads({e.program_id for e in enrolments} | {s.program_id for s in sums})
    names = await uow.residents.village_names({e.village for e in enrolments} | {v.village for v in village_sums})
    return statistics(area, heads, enrolments, sums, village_sums, names, year=year)
