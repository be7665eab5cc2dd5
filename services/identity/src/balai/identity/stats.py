"""Population statistics of a village, district or regency: grouped SQL, one query per breakdown.

Every breakdown is a single ``GROUP BY`` over the area's residents, never a loop over rows in Python
and never one query per bracket (OpenSID's age page runs a correlated subquery per bracket: 3.3 s for
9,797 residents). The age bracket is a ``CASE`` over birth dates compared with dates computed once in
Python (the day someone turns 5, 10, ...), so the same SQL runs on PostgreSQL and SQLite and needs no
date arithmetic per row. Areas are code ranges (``village BETWEEN '331709' || '0000' AND ... '9999'``),
which the ``(village, status)`` index serves directly.

Living residents only, except the breakdown by status, which counts every status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from balai.identity.models import residents
from balai.identity.register_domain import member
from balai.identity.vocab import Education, LabelledEnum, Occupation, Religion, ResidentStatus, Sex

BRACKET_YEARS = 5
OPEN_BRACKET_FROM = 75
BRACKETS: tuple[str, ...] = (
    *(f"{a}-{a + BRACKET_YEARS - 1}" for a in range(0, OPEN_BRACKET_FROM, BRACKET_YEARS)),
    f"{OPEN_BRACKET_FROM}+",
)
LIVING = ResidentStatus.LIVING.value
UNKNOWN = ""


def birthday_years_ago(today: dt.date, years: int) -> dt.date:
    """The latest birth date of someone who is ``years`` old today (29 February -> 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def bracket_expression(today: dt.date) -> ColumnElement[int]:
    """Bracket index (0 = 0-4 ... 15 = 75+) of each row, from its birth date."""
    whens = [
        (residents.c.birth_date > birthday_years_ago(today, age + BRACKET_YEARS), index)
        for index, age in enumerate(range(0, OPEN_BRACKET_FROM, BRACKET_YEARS))
    ]
    return case(*whens, else_=literal(len(BRACKETS) - 1))


@dataclass(frozen=True)
class Area:
    """A village (10 digits), district (6) or regency (4) by compact code: a range of village codes."""

    code: str

    @property
    def bounds(self) -> tuple[str, str]:
        pad = 10 - len(self.code)
        return self.code + "0" * pad, self.code + "9" * pad

    def condition(self) -> ColumnElement[bool]:
        if len(self.code) == 10:
            return residents.c.village == self.code
        low, high = self.bounds
        return residents.c.village.between(low, high)


class PopulationStats:
    """The grouped queries (read-only) on a session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _grouped(self, area: Area, *columns: Any, living: bool = True) -> list[tuple[Any, ...]]:
        conditions = [area.condition()]
        if living:
            conditions.append(residents.c.status == LIVING)
        query = select(*columns, func.count().label("n")).where(*conditions).group_by(*columns)
        return [tuple(row) for row in (await self.session.execute(query)).all()]

    async def age_sex(self, area: Area, today: dt.date) -> list[dict[str, Any]]:
        bracket = bracket_expression(today).label("bracket")
        counts = {(b, s): n for b, s, n in await self._grouped(area, bracket, residents.c.sex)}
        rows = []
        for index, name in enumerate(BRACKETS):
            male, female = counts.get((index, Sex.MALE.value), 0), counts.get((index, Sex.FEMALE.value), 0)
            rows.append({"bracket": name, "male": male, "female": female, "total": male + female})
        return rows

    async def by_column(
        self, area: Area, column: Any, *, labels: type[LabelledEnum] | None = None, living: bool = True
    ) -> list[dict[str, Any]]:
        rows = await self._grouped(area, column, living=living)
        items = [{"value": v or UNKNOWN, "label": _label(labels, v), "count": n} for v, n in rows]
        return sorted(items, key=lambda item: (-item["count"], item["value"]))


def _label(labels: type[LabelledEnum] | None, value: str | None) -> str:
    if not value:
        return "Belum diisi"
    if labels is None:
        return value
    found = member(labels, value)
    return found.label if found is not None else value


def top(items: Sequence[dict[str, Any]], n: int) -> tuple[list[dict[str, Any]], int]:
    """The ``n`` largest items and the count of everyone else."""
    ordered = sorted(items, key=lambda item: (-item["count"], item["value"]))
    return list(ordered[:n]), sum(item["count"] for item in ordered[n:])


async def population(session: AsyncSession, area: Area, *, today: dt.date, top_n: int) -> dict[str, Any]:
    """Every breakdown of ``area``: six grouped queries."""
    stats = PopulationStats(session)
    age_sex = await stats.age_sex(area, today)
    by_status = await stats.by_column(area, residents.c.status, labels=ResidentStatus, living=False)
    occupations, other_occupations = top(await stats.by_column(area, residents.c.occupation, labels=Occupation), top_n)
    place = residents.c.dusun if len(area.code) == 10 else residents.c.village
    return {
        "living": sum(row["total"] for row in age_sex),
        "age_sex": age_sex,
        "by_status": by_status,
        "by_dusun" if len(area.code) == 10 else "by_village": await stats.by_column(area, place),
        "by_religion": await stats.by_column(area, residents.c.religion, labels=Religion),
        "by_education": await stats.by_column(area, residents.c.education, labels=Education),
        "by_occupation": {"top": occupations, "others": other_occupations},
    }
