"""Deciding every row of an import against the program's current state (pure), and the report.

The same plan serves the dry run (report only) and the commit (report + the accepted rows written
in one transaction). A row already enrolled from this village is "unchanged", so importing the same
file twice enrols nobody the second time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from balai.aid.domain.enrolment import Applicant, Assessment, Outcome, assess, member_key
from balai.aid.domain.errors import DomainError
from balai.aid.domain.exclusions import ExclusionRule
from balai.aid.domain.model import Beneficiary, Enrolment, Program, ResidentInfo
from balai.aid.importing.rows import ParsedRow, RowIssue


@dataclass(frozen=True, slots=True)
class ImportContext:
    program: Program
    village: str
    existing: Mapping[str, Beneficiary]
    """member key -> beneficiary of this program (any village, any status)."""
    residents: Mapping[str, ResidentInfo]
    """nik hash -> resident, for the file's NIKs."""
    others: Sequence[Enrolment]
    """Active enrolments in other programs sharing a NIK or KK hash with the file."""
    rules: Sequence[ExclusionRule]


@dataclass(frozen=True, slots=True)
class Accepted:
    row: ParsedRow
    applicant: Applicant
    assessment: Assessment


@dataclass(slots=True)
class ImportPlan:
    rows: int = 0
    accepted: list[Accepted] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    rejected: list[RowIssue] = field(default_factory=list)

    @property
    def flagged(self) -> list[dict[str, Any]]:
        """Rows enrolled with something to look at: held for review, or warnings."""
        found = []
        for item in self.accepted:
            warnings = list(item.row.warnings) + list(item.assessment.warnings)
            if warnings:
                found.append(
                    {
                        "row": item.row.row,
                        "name": item.applicant.name,
                        "nik": item.row.nik_masked,
                        "review": item.assessment.flag is not None,
                        "codes": [code for code, _ in warnings],
                        "messages": [message for _, message in warnings],
                    }
                )
        return found


def applicant_of(row: ParsedRow, residents: Mapping[str, ResidentInfo]) -> Applicant:
    return Applicant(
        nik_hash=row.nik_hash,
        kk_hash=row.kk_hash,
        reference=row.reference,
        name=row.name,
        address=row.address,
        participant_no=row.participant_no,
        resident=residents.get(row.nik_hash),
    )


def plan_import(rows: Sequence[ParsedRow | RowIssue], ctx: ImportContext) -> ImportPlan:
    plan = ImportPlan(rows=len(rows))
    seen: dict[str, int] = {}
    for row in rows:
        if isinstance(row, RowIssue):
            plan.rejected.append(row)
            continue
        applicant = applicant_of(row, ctx.residents)
        issue = _decide(row, applicant, ctx, seen, plan)
        if issue is not None:
            plan.rejected.append(issue)
    return plan


def _decide(
    row: ParsedRow, applicant: Applicant, ctx: ImportContext, seen: dict[str, int], plan: ImportPlan
) -> RowIssue | None:
    def issue(code: str, message: str) -> RowIssue:
        return RowIssue(row.row, code, message, row.name, row.nik_masked)

    try:
        key = member_key(ctx.program.target, applicant)
    except DomainError as exc:
        return issue(exc.code, exc.detail)
    if key in seen:
        return issue("duplicate_in_file", f"Peserta yang sama sudah ada pada baris {seen[key]}.")
    seen[key] = row.row
    assessment = assess(
        ctx.program,
        ctx.village,
        applicant,
        existing=ctx.existing.get(key),
        others=ctx.others,
        rules=ctx.rules,
        from_import=True,
    )
    if assessment.outcome is Outcome.REJECTED:
        return issue(assessment.code, assessment.message)
    if assessment.outcome is Outcome.UNCHANGED:
        plan.unchanged.append(row.row)
        return None
    plan.accepted.append(Accepted(row, applicant, assessment))
    return None


def report(
    plan: ImportPlan, *, layout: str, file_sha256: str, dry_run: bool, program: dict[str, Any]
) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "layout": layout,
        "file_sha256": file_sha256,
        "program": program,
        "rows": plan.rows,
        "new": len(plan.accepted),
        "unchanged": len(plan.unchanged),
        "rejected": [r.as_dict() for r in sorted(plan.rejected, key=lambda r: r.row)],
        "flagged": plan.flagged,
    }
