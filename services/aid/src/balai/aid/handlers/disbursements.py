"""Planning a period and recording disbursements."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from balai.aid.domain import disbursements
from balai.aid.domain.disbursements import RecordDisbursement
from balai.aid.domain.errors import invalid
from balai.aid.domain.model import Disbursement
from balai.aid.domain.programs import check_period
from balai.aid.events import publish
from balai.aid.handlers.access import managed_beneficiary, now, today, visible_program
from balai.aid.uow import AidUnitOfWork
from balai.common.auth import Principal
from balai.common.errors import not_found


@dataclass(frozen=True, slots=True)
class PlanPeriod:
    program_id: UUID
    village: str
    period: str


@dataclass(frozen=True, slots=True)
class Planned:
    period: str
    planned: int
    held_for_review: int


async def plan_period(cmd: PlanPeriod, uow: AidUnitOfWork, caller: Principal) -> Planned:
    """Planned disbursements for everyone eligible; running it again adds only the newly enrolled."""
    caller.require_manage(cmd.village)
    program = await visible_program(uow, cmd.program_id, caller)
    if not program.covers(cmd.village):
        raise invalid("village_not_covered", "Program ini tidak mencakup desa tersebut.")
    period = check_period(program, cmd.period)
    added = await uow.disbursements.plan(
        program.id, cmd.village, period, program.benefit.amount_rupiah, by=caller.subject, now=now()
    )
    held = await uow.disbursements.count_flagged(program.id, cmd.village)
    return Planned(period, added, held)


async def record_disbursement(
    beneficiary_id: UUID, cmd: RecordDisbursement, uow: AidUnitOfWork, caller: Principal
) -> Disbursement:
    beneficiary = await managed_beneficiary(uow, beneficiary_id, caller)
    program = await uow.programs.get(beneficiary.program_id)
    if program is None:
        raise not_found("Program bantuan", "program_not_found")
    current = await uow.disbursements.get(beneficiary.id, cmd.period)
    disbursement, recorded = disbursements.record(program, beneficiary, current, cmd, today=today(), now=now())
    if recorded is not None:
        await uow.disbursements.save(disbursement)
        publish(uow, [recorded])
    return disbursement
