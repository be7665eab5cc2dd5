"""Planning periods, recording disbursements, and the statistics for village, district and regency."""

from __future__ import annotations

import pytest

from ..support import BANGGI, MOJOWARNO, SULANG
from .conftest import (
    admin,
    camat,
    create_program,
    deliver,
    enrol,
    ok,
    operator,
    outbox_types,
    paid,
    problem,
    villages_enabled,
)

pytestmark = pytest.mark.integration


async def test_plan_record_and_statistics(aid) -> None:
    async with aid() as svc:
        await deliver(svc, *villages_enabled())
        blt = await create_program(svc)
        regency = {
            "name": "PKH 2026",
            "kind": "pkh",
            "source_of_funds": "apbn",
            "period": "quarterly",
            "benefit": {"kind": "cash", "amount_rupiah": 750000},
            "village": None,
            "villages": [MOJOWARNO, BANGGI, SULANG],
        }
        pkh = await create_program(svc, headers=admin(svc), **regency)
        families = [ok(await enrol(svc, blt["id"], n), 201) for n in (1, 2, 3)]
        pkh_people = [ok(await enrol(svc, pkh["id"], n), 201) for n in (11, 12)]
        pkh_people.append(ok(await enrol(svc, pkh["id"], 13, village=BANGGI), 201))
        pkh_people.append(ok(await enrol(svc, pkh["id"], 14, village=SULANG), 201))

        plan_url = f"/programs/{blt['id']}/periods/2026-01/plan"
        assert ok(await svc.client.post(plan_url, json={"village": MOJOWARNO}, headers=operator(svc))) == {
            "period": "2026-01",
            "planned": 3,
            "held_for_review": 0,
        }
        again = ok(await svc.client.post(plan_url, json={"village": MOJOWARNO}, headers=operator(svc)))
        assert again["planned"] == 0, "planning again adds nobody twice"
        bad = f"/programs/{blt['id']}/periods/2026-Q1/plan"
        problem(await svc.client.post(bad, json={"village": MOJOWARNO}, headers=operator(svc)), 422, "period_format")

        first = f"/beneficiaries/{families[0]['id']}/disbursements"
        key = operator(svc) | {"Idempotency-Key": "pay-1"}
        done = ok(await svc.client.post(first, json=paid("2026-01"), headers=key))
        assert (done["status"], done["amount_rupiah"]) == ("disbursed", 300000)
        assert ok(await svc.client.post(first, json=paid("2026-01"), headers=key)) == done
        assert ok(await svc.client.post(first, json=paid("2026-01"), headers=operator(svc))) == done
        changed = paid("2026-01", amount_rupiah=600000)
        problem(await svc.client.post(first, json=changed, headers=operator(svc)), 409, "already_disbursed")
        ok(
            await svc.client.post(
                f"/beneficiaries/{families[1]['id']}/disbursements", json=paid("2026-01"), headers=operator(svc)
            )
        )
        failed = {"period": "2026-01", "status": "failed", "reason": "Penerima sedang merantau"}
        third = f"/beneficiaries/{families[2]['id']}/disbursements"
        assert (
            ok(await svc.client.post(third, json=failed, headers=operator(svc)))["failure_reason"] == failed["reason"]
        )
        future = paid("2026-01", disbursed_on="2099-01-01")
        problem(await svc.client.post(third, json=future, headers=operator(svc)), 422, "disbursed_on")
        recorded = [t for t in await outbox_types(svc) if t == "aid.disbursement.recorded"]
        assert len(recorded) == 3, "retries and refusals publish nothing"

        for person, village in zip(pkh_people, [MOJOWARNO, MOJOWARNO, BANGGI, SULANG], strict=True):
            url = f"/beneficiaries/{person['id']}/disbursements"
            ok(await svc.client.post(url, json=paid("2026-Q1"), headers=operator(svc, village)))

        listed = ok(
            await svc.client.get(
                f"/programs/{blt['id']}/disbursements", params={"village": MOJOWARNO}, headers=operator(svc)
            )
        )
        assert sorted(d["status"] for d in listed) == ["disbursed", "disbursed", "failed"]

        village = ok(await svc.client.get("/stats", params={"area": MOJOWARNO}, headers=operator(svc)))
        by_kind = {p["kind"]: p for p in village["programs"]}
        assert village["level"] == "village"
        assert by_kind["blt_dd"]["beneficiaries"] == {"active": 3, "flagged": 0, "removed": 0}
        assert by_kind["blt_dd"]["periods"] == [
            {
                "period": "2026-01",
                "planned": 0,
                "disbursed": 2,
                "failed": 1,
                "recipients": 2,
                "amount_planned": 0,
                "amount_disbursed": 600000,
            }
        ]
        assert by_kind["pkh"]["periods"][0]["amount_disbursed"] == 1_500_000
        assert village["totals"] == {"beneficiaries": 5, "recipients": 4, "amount_disbursed": 2_100_000}
        assert village["villages"] == [
            {
                "village": MOJOWARNO,
                "name": "Mojowarno",
                "beneficiaries": 5,
                "recipients": 4,
                "amount_disbursed": 2_100_000,
            }
        ]

        district = ok(await svc.client.get("/stats", params={"area": MOJOWARNO[:6]}, headers=camat(svc)))
        pkh_district = next(p for p in district["programs"] if p["kind"] == "pkh")
        assert pkh_district["periods"][0]["recipients"] == 3
        assert pkh_district["amount_disbursed"] == 2_250_000
        assert [v["name"] for v in district["villages"]] == ["Banggi", "Mojowarno"]
        assert ok(await svc.client.get("/stats", params={"area": MOJOWARNO}, headers=camat(svc)))["area"] == MOJOWARNO

        regency = ok(await svc.client.get("/stats", params={"area": "33.17", "year": 2026}, headers=admin(svc)))
        assert regency["level"] == "regency"
        assert next(p for p in regency["programs"] if p["kind"] == "pkh")["periods"][0]["recipients"] == 4
        assert regency["totals"]["amount_disbursed"] == 600_000 + 4 * 750_000
        empty = ok(await svc.client.get("/stats", params={"area": "3317", "year": 2025}, headers=admin(svc)))
        assert empty["totals"]["amount_disbursed"] == 0

        problem(
            await svc.client.get("/stats", params={"area": MOJOWARNO[:6]}, headers=operator(svc)), 403, "other_village"
        )
        problem(await svc.client.get("/stats", params={"area": SULANG}, headers=camat(svc)), 403, "other_village")
        problem(await svc.client.get("/stats", params={"area": "3317"}, headers=camat(svc)), 403, "other_village")
        problem(await svc.client.post(plan_url, json={"village": MOJOWARNO}, headers=camat(svc)), 403, "other_village")
