"""Tenant isolation: staff of village B (and a camat, and residents) can read or change nothing of village A."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from balai.identity.models import audit_log, families, messaging, residents, villages

from ..unit.conftest import build_xlsx, resident
from .test_register_support import (
    A,
    B,
    adi,
    budi,
    camat,
    count,
    enable,
    kades,
    operator,
    register,
    resident_token,
    siti,
    start,
)

pytestmark = pytest.mark.integration


async def snapshot(svc: Any) -> tuple[Any, ...]:
    async with svc.runtime.db.session() as s:
        rows = (await s.execute(select(residents).order_by(residents.c.id))).all()
        village_rows = (await s.execute(select(villages).order_by(villages.c.code))).all()
    return (
        [tuple(r) for r in rows],
        [tuple(v) for v in village_rows],
        await count(svc, families),
        await count(svc, messaging.outbox),
        await count(svc, audit_log),
    )


def requests_on_village_a(resident_id: str, family_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    upload = {"files": {"file": ("p.xlsx", build_xlsx([resident(nik="3317094501900009")]), "application/vnd.ms-excel")}}
    return [
        ("GET", f"/villages/{A}", {}),
        ("PATCH", f"/villages/{A}", {"json": {"head_name": "Penyusup"}}),
        ("PUT", f"/villages/{A}/logo", {"content": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}),
        ("POST", "/villages", {"json": {"code": "33.17.09.2003"}}),
        ("POST", f"/villages/{A}/residents", {"json": adi(nik="3317092007150009")}),
        ("GET", f"/villages/{A}/residents", {}),
        ("GET", f"/villages/{A}/residents/review", {}),
        ("GET", f"/residents/{resident_id}", {}),
        ("PATCH", f"/residents/{resident_id}", {"json": {"name": "Diubah"}}),
        ("POST", f"/residents/{resident_id}/move", {"json": {"moved_on": "2026-01-01"}}),
        ("POST", f"/residents/{resident_id}/death", {"json": {"died_on": "2026-01-01"}}),
        ("POST", f"/residents/{resident_id}/reviewed", {}),
        ("GET", f"/villages/{A}/families/{family_id}", {}),
        ("GET", f"/villages/{B}/families/{family_id}", {}),
        ("POST", f"/villages/{A}/imports?dry_run=true", upload),
        ("POST", f"/villages/{A}/imports?dry_run=false", upload),
        ("GET", f"/villages/{A}/stats/population", {}),
        ("GET", "/districts/331709/stats/population", {}),
        ("GET", "/regencies/3317/stats/population", {}),
    ]


async def test_staff_of_another_village_can_read_or_change_nothing(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        flagged = await register(svc, siti(sex="male"))
        await register(svc, budi())
        await register(svc, {**siti(nik="3317094501900002", kk_number="3317090303100003"), "name": "Warga B"}, B)
        resident_b = (await register(svc, adi(nik="3317092007150004", kk_number="3317090404100004"), B))["id"]
        before = await snapshot(svc)

        callers = {
            "operator B": operator(svc, B),
            "kades B": kades(svc, B),
            "camat of another district": camat(svc, "331701"),
            "resident of A": resident_token(svc, flagged["id"], A),
            "resident of B": resident_token(svc, resident_b, B),
        }
        for who, headers in callers.items():
            for method, url, kwargs in requests_on_village_a(flagged["id"], flagged["family_id"]):
                response = await svc.client.request(method, url, headers=headers, **kwargs)
                assert response.status_code in (403, 404), f"{who}: {method} {url} -> {response.status_code}"
                assert flagged["nik"] not in response.text, f"{who}: {method} {url} leaked a NIK"
        listed = await svc.client.get("/villages", headers=operator(svc, B))
        assert [v["compact_code"] for v in listed.json()] == [B]
        assert await snapshot(svc) == before


async def test_camat_reads_aggregates_of_its_district_only(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        row = await register(svc, siti())
        before = await snapshot(svc)
        headers = camat(svc)
        allowed = [f"/villages/{A}", f"/villages/{A}/stats/population", "/districts/331709/stats/population"]
        for url in allowed:
            assert (await svc.client.get(url, headers=headers)).status_code == 200, url
        for method, url, kwargs in requests_on_village_a(row["id"], row["family_id"]):
            if method == "GET" and url in allowed:
                continue
            response = await svc.client.request(method, url, headers=headers, **kwargs)
            assert response.status_code in (403, 404), f"camat: {method} {url} -> {response.status_code}"
        assert await snapshot(svc) == before
