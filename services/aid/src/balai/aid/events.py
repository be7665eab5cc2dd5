"""Domain events -> contracts -> envelopes in the unit of work's outbox (the only place they are built)."""

from __future__ import annotations

from collections.abc import Iterable

from balai.aid.domain.events import (
    BeneficiaryEnrolled,
    BeneficiaryFlagged,
    BeneficiaryRemoved,
    DisbursementRecorded,
    DomainEvent,
    ProgramCreated,
)
from balai.aid.domain.model import Program
from balai.aid.domain.programs import dotted
from balai.common.uow import UnitOfWork
from balai.contracts.aid import (
    BeneficiaryEnrolledV1,
    BeneficiaryFlaggedV1,
    BeneficiaryRemovedV1,
    Benefit,
    DisbursementRecordedV1,
    ProgramCreatedV1,
)


def _program_created(program: Program) -> ProgramCreatedV1:
    return ProgramCreatedV1(
        program_id=program.id,
        name=program.name,
        kind=program.kind.value,
        source_of_funds=program.source_of_funds.value,
        target=program.target.value,
        owner_code=dotted(program.owner),
        village_codes=[dotted(v) for v in program.villages],
        starts_on=program.starts_on,
        ends_on=program.ends_on,
        period=program.period_kind.value,
        benefit=Benefit(
            kind=program.benefit.kind.value,
            amount_rupiah=program.benefit.amount_rupiah,
            goods=program.benefit.goods,
        ),
    )


def publish(uow: UnitOfWork, events: Iterable[DomainEvent | None]) -> None:
    """Queue the contracts of `events` (None entries, i.e. "nothing happened", are skipped)."""
    for e in events:
        match e:
            case ProgramCreated(program=p):
                uow.emit(_program_created(p), village=p.owner, subject=str(p.id))
            case BeneficiaryEnrolled(beneficiary=b, program_kind=kind):
                contract = BeneficiaryEnrolledV1(
                    beneficiary_id=b.id,
                    program_id=b.program_id,
                    program_kind=kind.value,
                    village_code=dotted(b.village),
                    target=b.target.value,
                    resident_id=b.resident_id,
                    family_id=b.family_id,
                    nik_hash=b.nik_hash,
                    kk_hash=b.kk_hash,
                    source=b.source.value,
                    under_review=b.under_review,
                    enrolled_at=b.enrolled_at,
                )
                uow.emit(contract, village=b.village, subject=str(b.id))
            case BeneficiaryRemoved(beneficiary=b, reason=reason):
                removed = BeneficiaryRemovedV1(
                    beneficiary_id=b.id,
                    program_id=b.program_id,
                    village_code=dotted(b.village),
                    resident_id=b.resident_id,
                    reason=reason,
                )
                uow.emit(removed, village=b.village, subject=str(b.id))
            case BeneficiaryFlagged(beneficiary=b, reason=reason, since=since):
                flagged = BeneficiaryFlaggedV1(
                    beneficiary_id=b.id,
                    program_id=b.program_id,
                    village_code=dotted(b.village),
                    resident_id=b.resident_id,
                    reason=reason.value,
                    since=since,
                )
                uow.emit(flagged, village=b.village, subject=str(b.id))
            case DisbursementRecorded(disbursement=d):
                recorded = DisbursementRecordedV1(
                    beneficiary_id=d.beneficiary_id,
                    program_id=d.program_id,
                    village_code=dotted(d.village),
                    period=d.period,
                    status=d.status.value,
                    amount_rupiah=d.amount_rupiah,
                    disbursed_on=d.disbursed_on,
                    disbursed_by=d.disbursed_by,
                    proof_ref=d.proof_ref,
                    failure_reason=d.failure_reason,
                )
                uow.emit(recorded, village=d.village, subject=f"{d.beneficiary_id}:{d.period}")
