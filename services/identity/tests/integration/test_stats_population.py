"""Population statistics: brackets at their exact boundaries, breakdowns, areas and who may read them."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import pytest
from sqlalchemy import insert

from balai.identity.models import residents

from .test_register_support import A, B, C, admin, born, camat, enable, kades, operator, resident_token, start

pytestmark = pytest.mark.integration


def row(village: str, birth_date: dt.date, **values: Any) -> dict[str, Any]:
    """A resident row straight into the table (statistics do not care how residents arrived)."""
    serial = random.randrange(10**15)
    now = dt.datetime.now(dt.UTC)
    base: dict[str, Any] = {
        "id": uuid.uuid4(),
        "village": village,
        "family_id": None,
        "nik": f"{serial:016d}",
        "nik_hash": uuid.uuid4().hex + uuid.uuid4().hex,
        "name": "Warga",
        "sex": "male",
        "birth_place": "",
        "birth_date": birth_date,
        "religion": "islam",
        "marital_status": "",
        "occupation": "petani_pekebun",
        "education": "primary",
        "nationality": "indonesian",
        "relationship": "head",
        "dusun": "Krajan",
        "rw": "",
        "rt": "",
        "street": "",
        "phone": "",
        "status": "living",
        "status_date": None,
        "status_note": "",
        "review_flags": [],
        "extras": {},
        "created_at": now,
        "updated_at": now,
    }
    return base | values


async def seed(svc: Any, rows: list[dict[str, Any]]) -> None:
    async with svc.runtime.db.session() as s, s.begin():
        await s.execute(insert(residents), rows)


async def test_village_breakdowns_count_living_residents_at_exact_boundaries(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        await seed(
            svc,
            [
                row(A, born(5, days=-1), sex="female"),  # turns 5 tomorrow: 0-4
                row(A, born(5)),  # 5 today: 5-9
                row(A, born(74, days=-1), dusun="Sawah", religion="catholic", occupation="guru"),  # 73: 70-74
                row(A, born(75), sex="female", dusun="Sawah", occupation="guru", education=""),  # 75+
                row(A, born(100), occupation="guru"),  # 75+
                row(A, born(30), status="deceased"),  # not living: only in by_status
                row(A, born(30), status="moved"),
                row(B, born(30)),  # another village
            ],
        )
        response = await svc.client.get(f"/villages/{A}/stats/population?top=1", headers=operator(svc))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["area"] == {"level": "village", "code": "33.17.09.2016", "name": "Mojowarno"}
        assert body["living"] == 5
        brackets = {b["bracket"]: (b["male"], b["female"]) for b in body["age_sex"]}
        assert len(brackets) == 16
        assert brackets["0-4"] == (0, 1)
        assert brackets["5-9"] == (1, 0)
        assert brackets["70-74"] == (1, 0)
        assert brackets["75+"] == (1, 1)
        assert sum(m + f for m, f in brackets.values()) == 5
        assert {s["value"]: s["count"] for s in body["by_status"]} == {"living": 5, "deceased": 1, "moved": 1}
        assert {s["label"] for s in body["by_status"]} == {"Hidup", "Meninggal", "Pindah"}
        assert body["by_dusun"] == [
            {"value": "Krajan", "label": "Krajan", "count": 3},
            {"value": "Sawah", "label": "Sawah", "count": 2},
        ]
        assert body["by_religion"][1] == {"value": "catholic", "label": "Katolik", "count": 1}
        assert {"value": "", "label": "Belum diisi", "count": 1} in body["by_education"]
        assert body["by_occupation"] == {"top": [{"value": "guru", "label": "Guru", "count": 3}], "others": 2}
        assert body["took_ms"] < 1000


async def test_district_and_regency_totals_and_who_may_read_them(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B, C)
        await seed(svc, [row(A, born(20)), row(A, born(21)), row(B, born(40)), row(C, born(60))])
        kaliori = await svc.client.get("/districts/33.17.09/stats/population", headers=camat(svc))
        assert kaliori.status_code == 200, kaliori.text
        assert (kaliori.json()["living"], kaliori.json()["villages"]) == (3, 2)
        assert kaliori.json()["by_village"] == [
            {"value": "33.17.09.2016", "label": "Mojowarno", "count": 2},
            {"value": "33.17.09.2001", "label": "Meteseh", "count": 1},
        ]
        rembang = await svc.client.get("/regencies/3317/stats/population", headers=admin(svc))
        assert (rembang.json()["living"], rembang.json()["villages"]) == (4, 3)
        assert (await svc.client.get(f"/villages/{B}/stats/population", headers=camat(svc))).status_code == 200
        assert (await svc.client.get(f"/villages/{A}/stats/population", headers=kades(svc))).json()["living"] == 2

        forbidden = [
            ("/regencies/3317/stats/population", camat(svc)),
            ("/districts/331701/stats/population", camat(svc)),
            (f"/villages/{C}/stats/population", camat(svc)),
            ("/districts/331709/stats/population", operator(svc)),
            (f"/villages/{B}/stats/population", operator(svc)),
            (f"/villages/{A}/stats/population", resident_token(svc, str(uuid.uuid4()))),
        ]
        for url, headers in forbidden:
            assert (await svc.client.get(url, headers=headers)).status_code == 403, url
        assert (await svc.client.get("/districts/331799/stats/population", headers=admin(svc))).status_code == 404
        assert (await svc.client.get("/villages/3317092002/stats/population", headers=admin(svc))).status_code == 404
        assert (await svc.client.get("/regencies/33.17.09/stats/population", headers=admin(svc))).status_code == 404
