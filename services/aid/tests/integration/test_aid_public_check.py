"""Cek bantuan: anyone may check a NIK; names masked, the NIK never echoed, scraping rate-limited."""

from __future__ import annotations

import pytest

from ..support import nik
from .conftest import create_program, deliver, enrol, ok, operator, paid, problem, villages_enabled, yesterday

pytestmark = pytest.mark.integration


async def test_public_check_masks_and_is_rate_limited(aid) -> None:
    async with aid(check_rate_limit=4, check_rate_window=60) as svc:
        await deliver(svc, *villages_enabled())
        blt = await create_program(svc)
        family = ok(await enrol(svc, blt["id"], 1, name="Siti Aminah"), 201)
        pay = paid("2026-01")
        ok(await svc.client.post(f"/beneficiaries/{family['id']}/disbursements", json=pay, headers=operator(svc)))

        found = await svc.client.post("/check", json={"nik": nik(1)})
        answer = ok(found)
        assert answer["enrolled"] is True
        assert answer["nik"] == nik(1)[:6] + "**********"
        [entry] = answer["programs"]
        assert entry["name"] == "S*** A*****"
        assert (entry["program"], entry["village_name"], entry["status"]) == (
            "BLT Dana Desa 2026",
            "Mojowarno",
            "active",
        )
        assert entry["latest_disbursement"] == {"period": "2026-01", "status": "disbursed", "date": yesterday()}
        assert nik(1) not in found.text
        assert "Siti" not in found.text
        assert "300000" not in found.text, "no amounts in the public answer"
        assert str(family["id"]) not in found.text

        assert ok(await svc.client.post("/check", json={"nik": nik(50)})) == {
            "nik": nik(50)[:6] + "**********",
            "enrolled": False,
            "programs": [],
        }
        invalid = problem(await svc.client.post("/check", json={"nik": "3317091234"}), 422, "nik_invalid")
        assert "3317091234" not in str(invalid)
        assert ok(await svc.client.post("/check", json={"nik": f"{nik(1)[:6]} {nik(1)[6:]}"}))["enrolled"] is True

        limited = await svc.client.post("/check", json={"nik": nik(1)})
        body = problem(limited, 429, "rate_limited")
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert body["detail"].startswith("Terlalu banyak permintaan")
