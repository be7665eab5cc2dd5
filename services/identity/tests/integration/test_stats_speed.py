"""How fast the population statistics are on PostgreSQL (OpenSID: 3.3 s for 9,797 residents).

By default a village of 10,000 residents. ``BALAI_BENCH=1`` also measures a regency of 100,000
residents in 10 villages, and prints the figures:

    BALAI_BENCH=1 uv run pytest services/identity/tests/integration/test_stats_speed.py -s
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import insert, text

from balai.identity.models import residents
from balai.identity.vocab import Education, Occupation, Religion

from .test_register_support import A, admin, camat, enable, operator, start

pytestmark = pytest.mark.integration
BENCH = os.environ.get("BALAI_BENCH") == "1"
KALIORI_VILLAGES = [*(f"33170920{n:02d}" for n in range(1, 10)), A]


def population_rows(village: str, n: int, rng: random.Random) -> list[dict[str, Any]]:
    today, stamp = dt.date.today(), dt.datetime.now(dt.UTC)
    occupations, religions, educations = list(Occupation), list(Religion), list(Education)
    rows = []
    for _ in range(n):
        rows.append(
            {
                "id": uuid.uuid4(),
                "village": village,
                "family_id": None,
                "nik": f"{rng.randrange(10**16):016d}",
                "nik_hash": uuid.uuid4().hex * 2,
                "name": "Warga",
                "sex": rng.choice(("male", "female")),
                "birth_place": "",
                "birth_date": today - dt.timedelta(days=rng.randrange(0, 95 * 365)),
                "religion": rng.choice(religions).value,
                "marital_status": "",
                "occupation": rng.choice(occupations).value,
                "education": rng.choice(educations).value,
                "nationality": "indonesian",
                "relationship": "head",
                "dusun": f"Dusun {rng.randrange(6)}",
                "rw": "",
                "rt": "",
                "street": "",
                "phone": "",
                "status": rng.choices(("living", "moved", "deceased"), (90, 6, 4))[0],
                "status_date": None,
                "status_note": "",
                "review_flags": [],
                "extras": {},
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    return rows


async def seed(svc: Any, villages: list[str], per_village: int) -> None:
    rng = random.Random(7)
    async with svc.runtime.db.session() as s, s.begin():
        for village in villages:
            rows = population_rows(village, per_village, rng)
            for start_at in range(0, len(rows), 5000):
                await s.execute(insert(residents), rows[start_at : start_at + 5000])
    async with svc.runtime.db.engine.connect() as conn:
        await conn.execute(text("COMMIT"))
        await conn.execute(text("ANALYZE residents"))


async def timed(svc: Any, url: str, headers: dict[str, str], runs: int = 15) -> dict[str, float]:
    await svc.client.get(url, headers=headers)  # warm the cache
    took, server = [], []
    for _ in range(runs):
        started = time.perf_counter()
        response = await svc.client.get(url, headers=headers)
        took.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        server.append(response.json()["took_ms"])
    return {"p50_ms": statistics.median(took), "max_ms": max(took), "sql_p50_ms": statistics.median(server)}


async def test_village_of_10000_residents_in_milliseconds(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        await seed(svc, [A], 10_000)
        figures = await timed(svc, f"/villages/{A}/stats/population", operator(svc))
        print(f"\nvillage, 10,000 residents: {figures}")  # noqa: T201
        assert figures["sql_p50_ms"] < 500  # typically ~20-40 ms on a small 2-core machine


@pytest.mark.skipif(not BENCH, reason="set BALAI_BENCH=1 for the 100,000-resident regency")
async def test_regency_of_100000_residents(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, *KALIORI_VILLAGES)
        await seed(svc, KALIORI_VILLAGES, 10_000)
        for name, url, headers in (
            ("village of 10,000", f"/villages/{A}/stats/population", operator(svc)),
            ("district of 100,000", "/districts/331709/stats/population", camat(svc)),
            ("regency of 100,000", "/regencies/3317/stats/population", admin(svc)),
        ):
            print(f"\n{name}: {await timed(svc, url, headers)}")  # noqa: T201
