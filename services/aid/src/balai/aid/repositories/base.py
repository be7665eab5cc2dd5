"""What every repository shares: its session, dialect-aware upserts, area-code columns, chunked IN lists."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from balai.aid.domain.views import area_level

CHUNK = 500
"""Values per IN (...) list: well below SQLite's and asyncpg's parameter limits."""


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def upsert(self, table: Table) -> Any:
        """An INSERT that supports `on_conflict_do_update/nothing` on both PostgreSQL and SQLite."""
        bind = self.session.bind
        if bind is not None and bind.dialect.name == "sqlite":
            return sqlite.insert(table)
        return postgresql.insert(table)


def areas(village: str) -> dict[str, str]:
    """The area columns of a row in `village`."""
    return {"village": village, "district": village[:6], "regency": village[:4]}


def in_area(table: Table, area: str) -> ColumnElement[bool]:
    """`village = ...`, `district = ...` or `regency = ...` by the length of the code."""
    column = {"village": "village", "district": "district", "regency": "regency"}[area_level(area)]
    return table.c[column] == area


def chunks(values: Collection[str]) -> list[list[str]]:
    """The distinct `values`, sorted, in lists of at most `CHUNK`."""
    items = sorted(set(values))
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
