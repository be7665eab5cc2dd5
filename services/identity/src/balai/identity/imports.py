"""Importing residents from an OpenSID file into a village: one code path for the API and the CLI.

:func:`run_import` parses the file in a worker thread (:func:`balai.identity.opensid.parse_opensid_workbook`),
plans every row against the register (:mod:`balai.identity.import_plan`) and, when asked to commit and
nothing was rejected (or ``skip_rejected``), writes the plan in the same transaction as the planning
reads (:mod:`balai.identity.import_write`): all or nothing. :func:`summary` is the preview both show.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError

from balai.common.errors import Problem
from balai.identity import audit
from balai.identity.cards import ByteOrder
from balai.identity.import_plan import ImportPlan, plan_import
from balai.identity.import_write import Progress, WriteCounts, apply_plan
from balai.identity.nik import mask_kk, mask_nik
from balai.identity.opensid import ImportIssue, ImportPreview, parse_opensid_workbook
from balai.identity.opensid_read import Source
from balai.identity.regions import RegionIndex, dotted_code
from balai.identity.register_village_handlers import Actor, get_village
from balai.identity.uow import IdentityUnitOfWork
from balai.identity.vocab import FamilyRelationship


@dataclass(frozen=True)
class ImportContext:
    actor: Actor
    nik_hash_key: str
    regions: RegionIndex
    today: dt.date
    card_byte_order: ByteOrder = "little"


@dataclass(frozen=True)
class ImportOptions:
    commit: bool = False
    skip_rejected: bool = False


@dataclass
class ImportOutcome:
    village: str
    options: ImportOptions
    preview: ImportPreview
    plan: ImportPlan | None = None
    written: WriteCounts | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def committed(self) -> bool:
        return self.written is not None

    @property
    def refused(self) -> bool:
        """Commit was asked for but the file or some of its rows were not acceptable."""
        return self.options.commit and not self.committed


async def run_import(
    uows: Callable[[], IdentityUnitOfWork],
    village: str,
    source: Source,
    options: ImportOptions,
    ctx: ImportContext,
    progress: Progress | None = None,
) -> ImportOutcome:
    started = time.perf_counter()
    on_row = (lambda n: progress("read", n, 0)) if progress is not None else None
    preview = await asyncio.to_thread(
        parse_opensid_workbook,
        source,
        regions=ctx.regions,
        card_byte_order=ctx.card_byte_order,
        today=ctx.today,
        on_row=on_row,
    )
    outcome = ImportOutcome(village, options, preview, seconds={"read": time.perf_counter() - started})
    if preview.file_errors:
        return outcome
    async with uows() as uow:
        await get_village(uow, village)
        checked_at = time.perf_counter()
        outcome.plan, families = await _plan(uow, village, preview)
        outcome.seconds["check"] = time.perf_counter() - checked_at
        if progress is not None:
            progress("check", len(preview.rows), len(preview.rows))
        if not options.commit or (outcome.plan.rejected_rows and not options.skip_rejected):
            return outcome
        written_at = time.perf_counter()
        try:
            outcome.written = await apply_plan(
                uow, outcome.plan, families, key=ctx.nik_hash_key, actor=ctx.actor.subject, progress=progress
            )
            await audit.record(
                uow.session,
                actor=ctx.actor.subject,
                action="resident.import",
                village=village,
                target=village,
                source=ctx.actor.source,
                detail=_audit_detail(outcome),
            )
            await uow.commit()
        except IntegrityError:  # someone registered one of these NIKs, KKs or cards meanwhile
            raise Problem(
                409,
                "import_conflict",
                "Data penduduk berubah selama impor (NIK, KK atau kartu yang sama baru saja didaftarkan). "
                "Tidak ada yang disimpan; ulangi impor.",
            ) from None
        outcome.seconds["write"] = time.perf_counter() - written_at
    return outcome


async def _plan(uow: IdentityUnitOfWork, village: str, preview: ImportPreview) -> tuple[ImportPlan, dict[str, Any]]:
    records = preview.residents
    existing = await uow.register.residents_by_nik(r.nik for r in records)
    families = await uow.register.families_by_kk(r.kk_number for r in records)
    of_existing = await uow.register.families_by_id(r.family_id for r in existing.values() if r.family_id)
    cards = await uow.register.cards_by_uid(r.card_uid for r in records if r.card_uid)
    headed = await uow.register.families_with_head(f.id for f in families.values() if f.village == village)
    plan = plan_import(
        village,
        preview,
        existing=existing,
        families=families,
        family_kk={f.id: f.kk_number for f in of_existing.values()},
        cards=cards,
        headed=headed,
    )
    return plan, dict(families)


def _audit_detail(outcome: ImportOutcome) -> str:
    counts = summary(outcome)["counts"]
    return " ".join(f"{k}={v}" for k, v in counts.items())


def _issue(issue: ImportIssue) -> dict[str, Any]:
    return {"column": issue.column, "code": issue.code, "message": issue.message}


def summary(outcome: ImportOutcome) -> dict[str, Any]:
    """The preview (dry run) or the result (commit): counts, every rejected and flagged row, families."""
    preview, plan, written = outcome.preview, outcome.plan, outcome.written
    rejected = plan.rejected_rows if plan is not None else [(r.row, r.errors) for r in preview.rejected]
    planned = plan.rows if plan is not None else []
    flagged = [p for p in planned if p.file_flags]
    counts: dict[str, int] = {
        "rows": len(preview.rows),
        "accepted": len(preview.rows) - len(rejected),
        "rejected": len(rejected),
        "flagged": len(flagged),
        "families": len({p.record.kk_number for p in planned}),
        "new": sum(1 for p in planned if p.action == "new"),
        "arrivals": sum(1 for p in planned if p.action == "arrival"),
        "updated": sum(1 for p in planned if p.action == "update"),
        "unchanged": sum(1 for p in planned if p.action == "unchanged"),
        "new_families": len(plan.new_families) if plan is not None else 0,
        "cards_to_bind": sum(1 for p in planned if p.bind_card),
    }
    if written is not None:
        counts["events"] = written.events
    heads = {p.record.kk_number: p.record.name for p in planned if p.record.relationship is FamilyRelationship.HEAD}
    sizes: dict[str, int] = {}
    for p in planned:
        sizes[p.record.kk_number] = sizes.get(p.record.kk_number, 0) + 1
    return {
        "village": dotted_code(outcome.village),
        "dry_run": not outcome.options.commit,
        "committed": outcome.committed,
        "format": preview.source_format,
        "sheet": preview.sheet,
        "ignored_columns": list(preview.ignored_columns),
        "file_errors": [_issue(i) for i in preview.file_errors],
        "counts": counts,
        "rejected": [{"row": row, "errors": [_issue(i) for i in issues]} for row, issues in rejected],
        "flagged": [
            {
                "row": p.row,
                "name": p.record.name,
                "nik_masked": mask_nik(p.record.nik),
                "flags": list(p.file_flags),
            }
            for p in flagged
        ],
        "changes": [
            {"row": p.row, "action": p.action, "changed": list(p.changed)}
            for p in planned
            if p.action in ("update", "arrival")
        ],
        "families": [
            {
                "kk_masked": mask_kk(kk),
                "head": heads.get(kk),
                "members": size,
                "new": plan is not None and kk in plan.new_families,
            }
            for kk, size in sizes.items()
        ],
        "seconds": {k: round(v, 3) for k, v in outcome.seconds.items()},
    }
