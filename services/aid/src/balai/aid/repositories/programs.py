"""Programs and the villages they cover; exclusion rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Row, delete, insert, or_, select

from balai.aid.domain.exclusions import ExclusionRule
from balai.aid.domain.model import (
    Benefit,
    BenefitKind,
    FundSource,
    PeriodKind,
    Program,
    ProgramKind,
    Target,
    Unit,
)
from balai.aid.domain.programs import name_key
from balai.aid.models import exclusion_rules, program_villages, programs
from balai.aid.repositories.base import Repository, in_area
from balai.common.timestamps import as_utc


def _program(row: Row[Any], villages: Sequence[str]) -> Program:
    return Program(
        id=row.id,
        name=row.name,
        kind=ProgramKind(row.kind),
        source_of_funds=FundSource(row.source_of_funds),
        target=Target(row.target),
        description=row.description,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        period_kind=PeriodKind(row.period_kind),
        benefit=Benefit(BenefitKind(row.benefit_kind), row.benefit_amount, row.benefit_goods),
        owner=row.owner,
        villages=tuple(sorted(villages)),
        created_by=row.created_by,
        created_at=as_utc(row.created_at),
    )


class ProgramRepository(Repository):
    async def add(self, program: Program) -> None:
        await self.session.execute(
            insert(programs).values(
                id=program.id,
                owner=program.owner,
                name=program.name,
                name_key=name_key(program.name),
                kind=program.kind.value,
                source_of_funds=program.source_of_funds.value,
                target=program.target.value,
                description=program.description,
                starts_on=program.starts_on,
                ends_on=program.ends_on,
                period_kind=program.period_kind.value,
                benefit_kind=program.benefit.kind.value,
                benefit_amount=program.benefit.amount_rupiah,
                benefit_goods=program.benefit.goods,
                created_by=program.created_by,
                created_at=program.created_at,
            )
        )
        await self.session.execute(
            insert(program_villages),
            [{"program_id": program.id, "village": v, "district": v[:6], "regency": v[:4]} for v in program.villages],
        )

    async def _with_villages(self, rows: Sequence[Row[Any]]) -> list[Program]:
        if not rows:
            return []
        ids = [r.id for r in rows]
        covered: dict[UUID, list[str]] = {i: [] for i in ids}
        result = await self.session.execute(
            select(program_villages.c.program_id, program_villages.c.village).where(
                program_villages.c.program_id.in_(ids)
            )
        )
        for program_id, village in result:
            covered[program_id].append(village)
        return [_program(r, covered[r.id]) for r in rows]

    async def get(self, program_id: UUID, *, for_update: bool = False) -> Program | None:
        query = select(programs).where(programs.c.id == program_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        found = await self._with_villages([row] if row else [])
        return found[0] if found else None

    async def find_same(self, owner: str, name: str, starts_on: date) -> Program | None:
        row = (
            await self.session.execute(
                select(programs).where(
                    programs.c.owner == owner,
                    programs.c.name_key == name_key(name),
                    programs.c.starts_on == starts_on,
                )
            )
        ).first()
        found = await self._with_villages([row] if row else [])
        return found[0] if found else None

    async def in_area(self, area: str) -> list[Program]:
        """Programs covering at least one village of `area` (village, district or regency code)."""
        covering = select(program_villages.c.program_id).where(in_area(program_villages, area))
        rows = (
            await self.session.execute(
                select(programs).where(programs.c.id.in_(covering)).order_by(programs.c.kind, programs.c.name)
            )
        ).all()
        return await self._with_villages(rows)


def _rule(row: Row[Any]) -> ExclusionRule:
    return ExclusionRule(
        id=row.id,
        name=row.name,
        kinds=frozenset(ProgramKind(k) for k in row.kinds.split(",")),
        excludes=frozenset(ProgramKind(k) for k in row.excludes.split(",")),
        unit=Unit(row.unit),
        village=row.village,
        created_by=row.created_by,
        created_at=as_utc(row.created_at),
    )


class RuleRepository(Repository):
    async def applicable(self, village: str | None) -> list[ExclusionRule]:
        """Rules in force in `village` (regency-wide ones included); all rules when `village` is None."""
        query = select(exclusion_rules).order_by(exclusion_rules.c.created_at)
        if village is not None:
            query = query.where(or_(exclusion_rules.c.village.is_(None), exclusion_rules.c.village == village))
        return [_rule(r) for r in (await self.session.execute(query)).all()]

    async def get(self, rule_id: UUID) -> ExclusionRule | None:
        row = (await self.session.execute(select(exclusion_rules).where(exclusion_rules.c.id == rule_id))).first()
        return _rule(row) if row else None

    async def add(self, rule: ExclusionRule) -> None:
        await self.session.execute(
            insert(exclusion_rules).values(
                id=rule.id,
                village=rule.village,
                name=rule.name,
                kinds=",".join(sorted(k.value for k in rule.kinds)),
                excludes=",".join(sorted(k.value for k in rule.excludes)),
                unit=rule.unit.value,
                created_by=rule.created_by,
                created_at=rule.created_at,
            )
        )

    async def delete(self, rule_id: UUID) -> None:
        await self.session.execute(delete(exclusion_rules).where(exclusion_rules.c.id == rule_id))
