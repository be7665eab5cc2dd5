"""Imports: a dry run reports every row's fate; a commit writes the accepted rows in one transaction.

The file is read and planned the same way on both, so the commit does what the preview showed
(unless someone enrolled the same people in between, which the plan then sees).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from balai.aid.domain.enrolment import admit, member_key
from balai.aid.domain.errors import DomainError, invalid
from balai.aid.domain.model import Benefit, BenefitKind, Program, ProgramKind, Source
from balai.aid.domain.numbers import Hasher
from balai.aid.domain.programs import CreateProgram, new_program
from balai.aid.events import publish
from balai.aid.handlers.access import now, visible_program
from balai.aid.importing.layouts import DEFAULT_PERIODS, infer_kind, read_participants, read_program_sheet
from balai.aid.importing.plan import ImportContext, ImportPlan, applicant_of, plan_import, report
from balai.aid.importing.rows import ParsedRow, RowIssue, parse_rows
from balai.aid.importing.workbook import Book, file_problem, read_book
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import Principal
from balai.common.ids import uuid7

BULK = 500
"""Rows from which an import refreshes the table's planner statistics."""


@dataclass(frozen=True, slots=True)
class ImportLimits:
    max_rows: int
    max_unzipped: int


@dataclass(frozen=True, slots=True)
class ImportFile:
    village: str
    data: bytes
    dry_run: bool
    program_id: UUID | None = None
    """Import into this program; None: the workbook's own "Program" sheet names (or creates) it."""
    kind: ProgramKind | None = None
    """The program kind for a program created from a "Program" sheet (else guessed from its name)."""


async def _context(
    uow: AidUnitOfWork, program: Program, village: str, rows: list[ParsedRow | RowIssue], new: bool
) -> ImportContext:
    parsed = [r for r in rows if isinstance(r, ParsedRow)]
    await uow.beneficiaries.serialise_enrolments(village[:4])  # as a single enrolment: the plan sees every other
    residents = await uow.residents.by_nik_hashes({r.nik_hash for r in parsed})
    keys = set()
    for row in parsed:
        try:
            keys.add(member_key(program.target, applicant_of(row, residents)))
        except DomainError:
            continue  # reported per row by the plan
    kk_hashes = {r.kk_hash for r in parsed if r.kk_hash} | {r.kk_hash for r in residents.values() if r.kk_hash}
    return ImportContext(
        program=program,
        village=village,
        existing={} if new else await uow.beneficiaries.members(program.id, keys),
        residents=residents,
        others=await uow.beneficiaries.active_enrolments({r.nik_hash for r in parsed}, kk_hashes),
        rules=await uow.rules.applicable(village),
    )


async def _apply(uow: AidUnitOfWork, program: Program, village: str, plan: ImportPlan, by: str) -> None:
    at = now()
    enrolled = [
        admit(program, village, a.applicant, a.assessment, beneficiary_id=uuid7(), by=by, source=Source.IMPORT, now=at)
        for a in plan.accepted
    ]
    await uow.beneficiaries.add([b for b, _ in enrolled])
    if len(enrolled) >= BULK:
        await uow.beneficiaries.refresh_statistics()
    publish(uow, [event for _, event in enrolled])


def _program_from_sheet(book: Book, cmd: ImportFile, caller: Principal) -> CreateProgram:
    sheet = read_program_sheet(book)
    kind = cmd.kind or infer_kind(sheet.name)
    return CreateProgram(
        name=sheet.name,
        kind=kind,
        source_of_funds=sheet.source_of_funds,
        target=sheet.target,
        starts_on=sheet.starts_on,
        ends_on=sheet.ends_on,
        period_kind=DEFAULT_PERIODS[kind],
        benefit=Benefit(BenefitKind.CASH),
        village=cmd.village,
        description=sheet.description,
        created_by=caller.subject,
    )


async def import_file(
    cmd: ImportFile, uow: AidUnitOfWork, caller: Principal, hasher: Hasher, limits: ImportLimits
) -> dict[str, Any]:
    caller.require_manage(cmd.village)
    existing_program = await visible_program(uow, cmd.program_id, caller) if cmd.program_id else None
    book = read_book(cmd.data, max_rows=limits.max_rows, max_unzipped=limits.max_unzipped)
    created = None
    if existing_program is not None:
        program = existing_program
    else:
        create = _program_from_sheet(book, cmd, caller)
        program, created = new_program(create, program_id=uuid7(), now=now())
        same = await uow.programs.find_same(program.owner, program.name, program.starts_on)
        if same is not None:
            if same.target is not program.target:
                raise file_problem("program_target", "Program ini sudah ada dengan sasaran yang berbeda dari berkas.")
            program, created = same, None
    if not program.covers(cmd.village):
        raise invalid("village_not_covered", "Program ini tidak mencakup desa tersebut.")
    participants = read_participants(book, program.target)
    rows = parse_rows(participants, program.target, hasher)
    if len(rows) > limits.max_rows:
        raise file_problem("too_many_rows", f"Berkas berisi lebih dari {limits.max_rows} baris peserta.")
    plan = plan_import(rows, await _context(uow, program, cmd.village, rows, created is not None))
    if not cmd.dry_run:
        if created is not None:
            await uow.programs.add(program)
            publish(uow, [created])
        await _apply(uow, program, cmd.village, plan, caller.subject)
    summary = {
        "id": None if created is not None and cmd.dry_run else str(program.id),
        "name": program.name,
        "kind": program.kind.value,
        "target": program.target.value,
        "created": created is not None,
    }
    digest = hashlib.sha256(cmd.data).hexdigest()
    return report(plan, layout=participants.layout, file_sha256=digest, dry_run=cmd.dry_run, program=summary)
