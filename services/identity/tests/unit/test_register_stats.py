"""Age brackets by birth-date thresholds (also on SQLite, the embedded default), areas, the CLI's bar."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import uuid

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from balai.identity.cli import ProgressBar, estimate_rows
from balai.identity.models import metadata, residents, villages
from balai.identity.stats import BRACKETS, Area, birthday_years_ago, population, top

from .conftest import build_csv, build_xlsx, resident

TODAY = dt.date(2024, 2, 29)


def test_brackets_and_birthdays() -> None:
    assert BRACKETS[0] == "0-4"
    assert BRACKETS[-2:] == ("70-74", "75+")
    assert len(BRACKETS) == 16
    assert birthday_years_ago(TODAY, 5) == dt.date(2019, 2, 28)  # no 29 February in 2019
    assert birthday_years_ago(TODAY, 4) == dt.date(2020, 2, 29)
    assert birthday_years_ago(dt.date(2025, 6, 1), 75) == dt.date(1950, 6, 1)


def test_areas_are_code_ranges() -> None:
    assert Area("331709").bounds == ("3317090000", "3317099999")
    assert Area("3317").bounds == ("3317000000", "3317999999")
    assert Area("3317092016").bounds == ("3317092016", "3317092016")


def test_top_sums_the_rest() -> None:
    items = [{"value": v, "count": c} for v, c in (("a", 1), ("b", 5), ("c", 3))]
    assert top(items, 2) == ([{"value": "b", "count": 5}, {"value": "c", "count": 3}], 1)


def test_population_runs_on_sqlite_too() -> None:
    async def run() -> dict[str, object]:
        engine = create_async_engine("sqlite+aiosqlite://")
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            stamp = dt.datetime.now(dt.UTC)
            await conn.execute(
                insert(villages).values(
                    code="3317092016", name="Mojowarno", district_code="331709", district_name="Kaliori",
                    regency_code="3317", regency_name="REMBANG", province_name="JAWA TENGAH", enabled_at=stamp,
                    enabled_by="t",
                )
            )  # fmt: skip
            rows = [
                (birthday_years_ago(TODAY, 5), "male", "living"),  # 5 today
                (birthday_years_ago(TODAY, 5) + dt.timedelta(days=1), "female", "living"),  # 4
                (dt.date(1900, 1, 1), "female", "living"),
                (dt.date(1990, 1, 1), "male", "deceased"),
            ]
            for number, (born, sex, status) in enumerate(rows):
                await conn.execute(
                    insert(residents).values(
                        id=uuid.uuid4(), village="3317092016", nik=f"{number:016d}", nik_hash=str(number), name="W",
                        sex=sex, birth_date=born, relationship="head", status=status, review_flags=[], extras={},
                        created_at=stamp, updated_at=stamp,
                    )
                )  # fmt: skip
        async with engine.connect() as conn, AsyncSession(conn) as session:
            result = await population(session, Area("3317092016"), today=TODAY, top_n=3)
        await engine.dispose()
        return result

    body = asyncio.run(run())
    age = {row["bracket"]: (row["male"], row["female"]) for row in body["age_sex"]}  # type: ignore[attr-defined]
    assert (age["0-4"], age["5-9"], age["75+"]) == ((0, 1), (1, 0), (0, 1))
    assert body["living"] == 3
    assert {s["value"]: s["count"] for s in body["by_status"]} == {"living": 3, "deceased": 1}  # type: ignore[attr-defined]


def test_progress_bar_and_row_estimate() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, estimate=200)
    for n in range(1, 201):
        bar("read", n, 0)
    bar("write", 50, 50)
    lines = out.getvalue().splitlines()
    assert lines[-1].endswith("100% 50/50")
    assert "[##############################]" in lines[-1]
    assert len(lines) == 12  # not a terminal: a line per 10% and stage
    rows = [resident(nik=f"33170945019{n:05d}") for n in range(30)]
    assert estimate_rows(build_xlsx(rows)) == 30
    assert estimate_rows(build_csv(rows)) == 30
    assert estimate_rows(b"PK\x03\x04broken") == 0
