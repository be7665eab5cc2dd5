"""Read-only queries: the public check and the statistics, grouped in the database (indexed columns)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import and_, case, func, or_, select

from balai.aid.domain.model import BeneficiaryStatus, DisbursementStatus, ProgramKind
from balai.aid.domain.views import CheckRow, DisbursementSum, EnrolmentCount, ProgramHead, VillageSum
from balai.aid.models import beneficiaries, disbursements, programs, villages
from balai.aid.repositories.base import Repository, in_area


class QueryRepository(Repository):
    async def check(self, nik_hash: str, kk_hash: str | None) -> list[CheckRow]:
        """Active enrolments of a NIK (as a person or a family's representative) or of its family's KK,
        each with its latest disbursement."""
        b, d = beneficiaries.c, disbursements.c
        who = or_(b.nik_hash == nik_hash, b.kk_hash == kk_hash) if kk_hash else b.nik_hash == nik_hash
        latest = (
            select(d.beneficiary_id, func.max(d.period).label("period"))
            .join(beneficiaries, b.id == d.beneficiary_id)
            .where(who)
            .group_by(d.beneficiary_id)
            .subquery()
        )
        query = (
            select(
                programs.c.name,
                programs.c.kind,
                b.village,
                func.coalesce(villages.c.name, "").label("village_name"),
                b.name.label("person"),
                b.flag,
                latest.c.period,
                d.status,
                d.disbursed_on,
            )
            .join(programs, programs.c.id == b.program_id)
            .outerjoin(villages, villages.c.code == b.village)
            .outerjoin(latest, latest.c.beneficiary_id == b.id)
            .outerjoin(disbursements, and_(d.beneficiary_id == b.id, d.period == latest.c.period))
            .where(who, b.status == BeneficiaryStatus.ACTIVE.value)
            .order_by(programs.c.name)
        )
        return [
            CheckRow(
                program_name=row.name,
                kind=ProgramKind(row.kind),
                village=row.village,
                village_name=row.village_name,
                name=row.person,
                flagged=row.flag is not None,
                period=row.period,
                disbursement_status=DisbursementStatus(row.status) if row.status else None,
                disbursed_on=row.disbursed_on,
            )
            for row in (await self.session.execute(query)).all()
        ]

    async def program_heads(self, ids: set[UUID]) -> list[ProgramHead]:
        if not ids:
            return []
        query = select(programs.c.id, programs.c.name, programs.c.kind, programs.c.target).where(
            programs.c.id.in_(list(ids))
        )
        return [ProgramHead(r.id, r.name, ProgramKind(r.kind), r.target) for r in await self.session.execute(query)]

    async def enrolment_counts(self, area: str, program_id: UUID | None) -> list[EnrolmentCount]:
        b = beneficiaries.c
        active = b.status == BeneficiaryStatus.ACTIVE.value
        query = select(
            b.program_id,
            b.village,
            func.sum(case((active, 1), else_=0)),
            func.sum(case((and_(active, b.flag.is_not(None)), 1), else_=0)),
            func.sum(case((active, 0), else_=1)),
        ).where(in_area(beneficiaries, area))
        if program_id is not None:
            query = query.where(b.program_id == program_id)
        query = query.group_by(b.program_id, b.village)
        return [
            EnrolmentCount(r[0], r[1], int(r[2] or 0), int(r[3] or 0), int(r[4] or 0))
            for r in await self.session.execute(query)
        ]

    async def disbursement_sums(self, area: str, year: int | None, program_id: UUID | None) -> list[DisbursementSum]:
        d = disbursements.c
        query = select(d.program_id, d.period, d.status, func.count(), func.coalesce(func.sum(d.amount), 0)).where(
            in_area(disbursements, area)
        )
        if year is not None:
            query = query.where(d.year == year)
        if program_id is not None:
            query = query.where(d.program_id == program_id)
        query = query.group_by(d.program_id, d.period, d.status)
        return [
            DisbursementSum(r[0], r[1], DisbursementStatus(r[2]), int(r[3]), int(r[4]))
            for r in await self.session.execute(query)
        ]

    async def village_sums(self, area: str, year: int | None, program_id: UUID | None) -> list[VillageSum]:
        d = disbursements.c
        query = select(
            d.village, func.count(func.distinct(d.beneficiary_id)), func.coalesce(func.sum(d.amount), 0)
        ).where(in_area(disbursements, area), d.status == DisbursementStatus.DISBURSED.value)
        if year is not None:
            query = query.where(d.year == year)
        if program_id is not None:
            query = query.where(d.program_id == program_id)
        query = query.group_by(d.village)
        return [VillageSum(r[0], int(r[1]), int(r[2])) for r in await self.session.execute(query)]
