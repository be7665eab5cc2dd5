"""Seeding aid: programs and beneficiaries through aid's domain code and repositories."""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import Village
from seed_base import ACTOR, Report

from balai.common.db import Database
from balai.identity.regions import RegionIndex


# --- aid: programs and beneficiaries through aid's domain and repositories -------------------------------
async def write_aid(
    url: str,
    villages: Sequence[Village],
    chosen_families: list[tuple[str, str, Any, str, str, str, Any]],
    report: Report,
    rng: random.Random,
    out: Path,
) -> None:
    try:
        from balai.aid.domain import enrolment
        from balai.aid.domain.model import (
            Benefit,
            BenefitKind,
            FundSource,
            PeriodKind,
            ProgramKind,
            ResidentInfo,
            ResidentStatus,
            Source,
            Target,
        )
        from balai.aid.domain.programs import CreateProgram, new_program
        from balai.aid.models import messaging
        from balai.aid.uow import AidUnitOfWork
    except ImportError as exc:  # the aid service is still being built
        print(f"  aid: skipped ({exc})")
        return
    t = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    codes = tuple(v.code for v in villages)
    cash = BenefitKind.CASH
    regency_programs = [
        CreateProgram(
            "Program Keluarga Harapan (PKH)",
            ProgramKind.PKH,
            FundSource.APBN,
            Target.FAMILY,
            dt.date(2026, 1, 1),
            None,
            PeriodKind.QUARTERLY,
            Benefit(cash, 750_000),
            None,
            codes,
        ),
        CreateProgram(
            "Bantuan Pangan Non Tunai (BPNT)",
            ProgramKind.BPNT,
            FundSource.APBN,
            Target.FAMILY,
            dt.date(2026, 1, 1),
            None,
            PeriodKind.MONTHLY,
            Benefit(cash, 200_000),
            None,
            codes,
        ),
    ]
    db = Database(url)
    beneficiaries = 0
    try:
        programs: dict[Any, Any] = {}
        async with AidUnitOfWork(db, messaging) as uow:
            for cmd in regency_programs:
                program, _ = new_program(cmd, program_id=uuid.uuid4(), now=now)
                await uow.programs.add(program)
                programs[cmd.kind] = program
            for v in villages:
                cmd = CreateProgram(
                    f"BLT Dana Desa {v.name} 2026",
                    ProgramKind.BLT_DD,
                    FundSource.APBDES,
                    Target.FAMILY,
                    dt.date(2026, 1, 1),
                    dt.date(2026, 12, 31),
                    PeriodKind.MONTHLY,
                    Benefit(cash, 300_000),
                    v.code,
                )
                program, _ = new_program(cmd, program_id=uuid.uuid4(), now=now)
                await uow.programs.add(program)
                programs[v.code] = program
            await uow.commit()
        batch: list[Any] = []
        checks: list[str] = []
        for village, kk_hash, head_id, head_name, dusun, head_nik, family_id in chosen_families:
            roll = rng.random()
            kinds = [programs[ProgramKind.PKH], programs[ProgramKind.BPNT]] if roll < 0.35 else []
            kinds += [programs[ProgramKind.BPNT]] if 0.35 <= roll < 0.75 else []
            kinds += [programs[village]] if roll >= 0.75 else []
            resident = ResidentInfo(head_id, village, family_id, kk_hash, None, head_name, ResidentStatus.LIVING)
            applicant = enrolment.Applicant(
                nik_hash=None, kk_hash=kk_hash, name=head_name, address=f"Dusun {dusun}", resident=resident
            )
            for program in kinds:
                assessment = enrolment.assess(
                    program, village, applicant, existing=None, others=[], rules=[], from_import=True
                )
                beneficiary, _event = enrolment.admit(
                    program,
                    village,
                    applicant,
                    assessment,
                    beneficiary_id=uuid.uuid4(),
                    by=ACTOR,
                    source=Source.IMPORT,
                    now=now,
                )
                batch.append(beneficiary)
            if len(checks) < 2000:
                checks.append(head_nik)
            if len(batch) >= 5000:
                beneficiaries += await _add_beneficiaries(db, messaging, batch)
                batch = []
        beneficiaries += await _add_beneficiaries(db, messaging, batch)
        async with AidUnitOfWork(db, messaging) as uow:
            await uow.beneficiaries.refresh_statistics()
            await uow.commit()
    finally:
        await db.dispose()
    report.counts.update(aid_programs=len(programs), beneficiaries=beneficiaries, aid_families=len(chosen_families))
    report.phase("aid programs + beneficiaries", beneficiaries + len(programs), time.perf_counter() - t)
    with (out / "aid_checks.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["nik", "enrolled"])
        w.writerows([(nik, 1) for nik in checks])


async def _add_beneficiaries(db: Database, messaging: Any, batch: list[Any]) -> int:
    from balai.aid.uow import AidUnitOfWork

    if not batch:
        return 0
    async with AidUnitOfWork(db, messaging) as uow:
        await uow.beneficiaries.add(batch)
        await uow.commit()
    return len(batch)


async def aid_villages(url: str, villages: Sequence[Village], regions: RegionIndex) -> None:
    """Aid's village read model (an upsert; identity's village events say the same later)."""
    from balai.aid.models import messaging
    from balai.aid.uow import AidUnitOfWork

    db = Database(url)
    try:
        async with AidUnitOfWork(db, messaging) as uow:
            regency = regions.regency(villages[0].code[:4])
            assert regency is not None
            for v in villages:
                await uow.residents.upsert_village(
                    {
                        "code": v.code,
                        "name": v.name,
                        "district_code": v.district_code,
                        "district_name": v.district_name,
                        "regency_code": v.code[:4],
                        "regency_name": regency.name,
                    }
                )
            await uow.commit()
    finally:
        await db.dispose()
