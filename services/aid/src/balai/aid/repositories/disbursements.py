"""Disbursements: one row per (beneficiary, period); planning a period is one INSERT ... SELECT."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, DateTime, Integer, Row, String, func, literal, select

from balai.aid.domain.model import BeneficiaryStatus, Disbursement, DisbursementStatus
from balai.aid.models import beneficiaries, disbursements
from balai.aid.repositories.base import Repository, areas
from balai.common.timestamps import as_utc


def _disbursement(row: Row[Any]) -> Disbursement:
    return Disbursement(
        beneficiary_id=row.beneficiary_id,
        program_id=row.program_id,
        village=row.village,
        period=row.period,
        status=DisbursementStatus(row.status),
        amount_rupiah=row.amount,
        disbursed_on=row.disbursed_on,
        disbursed_by=row.disbursed_by,
        proof_ref=row.proof_ref,
        failure_reason=row.failure_reason,
        recorded_by=row.recorded_by,
        recorded_at=as_utc(row.recorded_at),
    )


class DisbursementRepository(Repository):
    async def get(self, beneficiary_id: UUID, period: str) -> Disbursement | None:
        row = (
            await self.session.execute(
                select(disbursements).where(
                    disbursements.c.beneficiary_id == beneficiary_id, disbursements.c.period == period
                )
            )
        ).first()
        return _disbursement(row) if row else None

    async def save(self, d: Disbursement) -> None:
        values = {
            "beneficiary_id": d.beneficiary_id,
            "period": d.period,
            "program_id": d.program_id,
            **areas(d.village),
            "year": int(d.period[:4]),
            "status": d.status.value,
            "amount": d.amount_rupiah,
            "disbursed_on": d.disbursed_on,
            "disbursed_by": d.disbursed_by,
            "proof_ref": d.proof_ref,
            "failure_reason": d.failure_reason,
            "recorded_by": d.recorded_by,
            "recorded_at": d.recorded_at,
        }
        statement = self.upsert(disbursements).values(**values)
        changing = {k: v for k, v in values.items() if k not in ("beneficiary_id", "period")}
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=["beneficiary_id", "period"], set_=changing)
        )

    async def plan(
        self, program_id: UUID, village: str, period: str, amount: int | None, *, by: str, now: datetime
    ) -> int:
        """Planned rows for every active, unflagged beneficiary of the program in the village that has
        none for this period yet; returns how many were added."""
        b = beneficiaries.c
        rows = select(
            b.id,
            literal(period, String),
            b.program_id,
            b.village,
            b.district,
            b.regency,
            literal(int(period[:4]), Integer),
            literal(DisbursementStatus.PLANNED.value, String),
            literal(amount, BigInteger),
            literal("", String),
            literal("", String),
            literal("", String),
            literal(by, String),
            literal(now, DateTime(timezone=True)),
        ).where(
            b.program_id == program_id,
            b.village == village,
            b.status == BeneficiaryStatus.ACTIVE.value,
            b.flag.is_(None),
        )
        columns = [
            "beneficiary_id",
            "period",
            "program_id",
            "village",
            "district",
            "regency",
            "year",
            "status",
            "amount",
            "disbursed_by",
            "proof_ref",
            "failure_reason",
            "recorded_by",
            "recorded_at",
        ]
        statement = self.upsert(disbursements).from_select(columns, rows).on_conflict_do_nothing()
        result = await self.session.execute(statement)
        return max(int(getattr(result, "rowcount", 0) or 0), 0)

    async def count_flagged(self, program_id: UUID, village: str) -> int:
        b = beneficiaries.c
        query = select(func.count()).where(
            b.program_id == program_id,
            b.village == village,
            b.status == BeneficiaryStatus.ACTIVE.value,
            b.flag.is_not(None),
        )
        return int(await self.session.scalar(query) or 0)

    async def for_program(self, program_id: UUID, village: str, period: str | None = None) -> list[Disbursement]:
        query = select(disbursements).where(
            disbursements.c.program_id == program_id, disbursements.c.village == village
        )
        if period is not None:
            query = query.where(disbursements.c.period == period)
        query = query.order_by(disbursements.c.period, disbursements.c.beneficiary_id)
        return [_disbursement(r) for r in (await self.session.execute(query)).all()]

    async def for_beneficiaries(self, ids: Collection[UUID]) -> list[Disbursement]:
        if not ids:
            return []
        query = (
            select(disbursements)
            .where(disbursements.c.beneficiary_id.in_(list(ids)))
            .order_by(disbursements.c.beneficiary_id, disbursements.c.period)
        )
        return [_disbursement(r) for r in (await self.session.execute(query)).all()]
