"""Programs, enrolment, duplicates, exclusion rules and the conflicts report, over HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from balai.aid.models import beneficiaries, exclusion_rules, messaging, programs

from ..support import BANGGI, MOJOWARNO, SULANG, kk, nik
from .conftest import (
    PROGRAM,
    admin,
    camat,
    count,
    create_program,
    enrol,
    ok,
    operator,
    outbox_types,
    problem,
)

RULE = {"name": "BLT-DD bukan penerima PKH/BPNT", "kinds": ["blt_dd"], "excludes": ["pkh", "bpnt"]}

pytestmark = pytest.mark.integration


async def test_programs_village_and_regency_wide(aid) -> None:
    async with aid() as svc:
        headers = operator(svc) | {"Idempotency-Key": "program-1"}
        first = await svc.client.post("/programs", json=PROGRAM, headers=headers)
        again = await svc.client.post("/programs", json=PROGRAM, headers=headers)
        blt = ok(first, 201)
        assert ok(again, 201)["id"] == blt["id"]
        assert again.headers["idempotent-replayed"] == "true"
        assert blt["periods"][:2] == ["2026-01", "2026-02"]
        assert len(blt["periods"]) == 12
        assert blt["benefit"] == {"kind": "cash", "amount_rupiah": 300000, "goods": ""}
        assert await outbox_types(svc) == ["aid.program.created"], "a replayed create publishes nothing"

        problem(await svc.client.post("/programs", json=PROGRAM, headers=operator(svc)), 409, "program_exists")
        floats = {**PROGRAM, "name": "Pecahan", "benefit": {"kind": "cash", "amount_rupiah": 300000.5}}
        problem(await svc.client.post("/programs", json=floats, headers=operator(svc)), 422, "validation")
        floats["benefit"] = {"kind": "cash", "amount_rupiah": 300000.0}
        problem(await svc.client.post("/programs", json=floats, headers=operator(svc)), 422, "validation")
        regency = {**PROGRAM, "name": "PKH 2026", "kind": "pkh", "village": None, "villages": [MOJOWARNO, SULANG]}
        denied = problem(
            await svc.client.post("/programs", json=regency, headers=operator(svc)), 403, "regency_admin_only"
        )
        assert "admin kabupaten" in denied["detail"]
        pkh = ok(await svc.client.post("/programs", json=regency, headers=admin(svc)), 201)
        assert (pkh["owner"], pkh["regency_wide"], pkh["villages"]) == ("3317", True, [MOJOWARNO, SULANG])
        assert await count(svc, programs) == 2

        mine = ok(await svc.client.get("/programs", params={"area": MOJOWARNO}, headers=operator(svc)))
        assert {p["name"] for p in mine} == {"BLT Dana Desa 2026", "PKH 2026"}
        district = ok(await svc.client.get("/programs", params={"area": "33.17.09"}, headers=camat(svc)))
        assert len(district) == 2
        sulang = ok(await svc.client.get("/programs", params={"area": SULANG}, headers=operator(svc, SULANG)))
        assert [p["name"] for p in sulang] == ["PKH 2026"]
        problem(await svc.client.get("/programs", params={"area": SULANG}, headers=operator(svc)), 403, "other_village")
        problem(await svc.client.get(f"/programs/{blt['id']}", headers=operator(svc, SULANG)), 404, "program_not_found")
        assert ok(await svc.client.get(f"/programs/{pkh['id']}", headers=operator(svc, SULANG)))["name"] == "PKH 2026"
        problem(await svc.client.get("/programs", params={"area": "33"}, headers=admin(svc)), 422, "area_code")


async def test_enrolment_duplicates_and_exclusion_rules(aid) -> None:
    async with aid() as svc:
        blt = await create_program(svc)
        pkh = await create_program(svc, name="PKH 2026", kind="pkh", source_of_funds="apbn", period="quarterly")
        # Family 3 receives both before any rule exists (as villages' old data often does).
        ok(await enrol(svc, blt["id"], 3), 201)
        ok(await enrol(svc, pkh["id"], 3), 201)

        problem(await svc.client.post("/exclusion-rules", json=RULE, headers=operator(svc)), 403, "regency_admin_only")
        rule = ok(await svc.client.post("/exclusion-rules", json=RULE, headers=admin(svc)), 201)
        assert (rule["village"], rule["unit"], rule["excludes"]) == (None, "family", ["bpnt", "pkh"])
        local = {**RULE, "name": "Aturan desa", "kinds": ["village"], "excludes": ["bst"], "village": MOJOWARNO}
        problem(await svc.client.post("/exclusion-rules", json=local, headers=camat(svc)), 403, "other_village")
        local_rule = ok(await svc.client.post("/exclusion-rules", json=local, headers=operator(svc)), 201)
        in_force = ok(await svc.client.get("/exclusion-rules", params={"village": MOJOWARNO}, headers=operator(svc)))
        assert len(in_force) == 2
        assert (
            len(ok(await svc.client.get("/exclusion-rules", params={"village": BANGGI}, headers=operator(svc, BANGGI))))
            == 1
        )

        first = ok(await enrol(svc, blt["id"], 1, participant_no="BLT-001"), 201)
        assert (first["village"], first["name"], first["status"], first["under_review"]) == (
            MOJOWARNO,
            "Warga Nomor 1",
            "active",
            False,
        )
        duplicate = problem(await enrol(svc, blt["id"], 1), 409, "duplicate_beneficiary")
        assert duplicate["detail"] == "Keluarga ini sudah terdaftar di program ini."
        excluded = problem(await enrol(svc, pkh["id"], 1), 409, "excluded_by_rule")
        assert "BLT Dana Desa" in excluded["detail"]
        assert "PKH" in excluded["detail"]
        spouse = problem(await enrol(svc, pkh["id"], 2, kk=kk(1)), 409, "excluded_by_rule")  # same KK, other NIK
        assert spouse["detail"].startswith("Keluarga ini sudah menerima BLT Dana Desa 2026")
        problem(await enrol(svc, blt["id"], 4, kk=None), 422, "kk_required")
        problem(await enrol(svc, blt["id"], 4, nik="3317091234"), 422, "nik_invalid")
        problem(await enrol(svc, blt["id"], 4, village=BANGGI, headers=operator(svc, BANGGI)), 404, "program_not_found")

        assert (
            await svc.client.delete(f"/exclusion-rules/{local_rule['id']}", headers=operator(svc))
        ).status_code == 204
        problem(
            await svc.client.delete(f"/exclusion-rules/{rule['id']}", headers=operator(svc)), 403, "regency_admin_only"
        )
        conflicts = ok(
            await svc.client.get("/exclusion-conflicts", params={"village": MOJOWARNO}, headers=operator(svc))
        )
        assert len(conflicts) == 1
        assert {side["kind"] for side in conflicts[0]["enrolments"]} == {"blt_dd", "pkh"}
        assert conflicts[0]["rule"]["name"] == RULE["name"]

        listed = ok(
            await svc.client.get(
                "/beneficiaries", params={"village": MOJOWARNO, "program_id": blt["id"]}, headers=operator(svc)
            )
        )
        assert [b["name"] for b in listed] == ["Warga Nomor 1", "Warga Nomor 3"]
        removal = {"reason": "Hasil musyawarah desa: sudah mampu"}
        removed = ok(
            await svc.client.post(f"/beneficiaries/{first['id']}/removal", json=removal, headers=operator(svc))
        )
        assert (removed["status"], removed["removed_reason"]) == ("removed", removal["reason"])
        ok(await svc.client.post(f"/beneficiaries/{first['id']}/removal", json=removal, headers=operator(svc)))
        back = ok(await enrol(svc, blt["id"], 1), 201)
        assert back["id"] == first["id"], "enrolled again: the same record, active again"
        assert await outbox_types(svc) == [
            "aid.program.created",
            "aid.program.created",
            "aid.beneficiary.enrolled",
            "aid.beneficiary.enrolled",
            "aid.beneficiary.enrolled",
            "aid.beneficiary.removed",
            "aid.beneficiary.enrolled",
        ], "a second removal publishes nothing; refused enrolments publish nothing"
        await assert_no_plain_numbers(svc, [nik(n) for n in range(1, 5)] + [kk(n) for n in range(1, 5)])


async def assert_no_plain_numbers(svc: Any, numbers: list[str]) -> None:
    """No NIK or KK in clear anywhere in aid's database (tables and outgoing events)."""
    async with svc.runtime.db.session() as session:
        for table in (beneficiaries, programs, exclusion_rules, messaging.outbox, messaging.idempotency):
            for row in (await session.execute(select(table))).all():
                text = " ".join(str(v) for v in row) + " ".join(
                    v.decode(errors="ignore") for v in row if isinstance(v, bytes)
                )
                for number in numbers:
                    assert number not in text, f"a personal number in {table.name}"


async def test_concurrent_enrolments_in_excluded_programs_let_exactly_one_through(aid) -> None:
    """Two operators enrol the same family at the same moment, one in BLT-DD and one in PKH (excluded by a
    rule): each enrolment reads the other programs before writing, so without the regency's enrolment lock
    both would pass. Repeated over several families so an unlucky interleaving cannot hide."""
    async with aid() as svc:
        blt = await create_program(svc)
        pkh = await create_program(svc, name="PKH 2026", kind="pkh", source_of_funds="apbn", period="quarterly")
        ok(await svc.client.post("/exclusion-rules", json=RULE, headers=admin(svc)), 201)
        for family in range(20, 30):
            answers = await asyncio.gather(
                enrol(svc, blt["id"], family), enrol(svc, pkh["id"], family, nik=nik(family + 50), kk=kk(family))
            )
            codes = sorted(a.status_code for a in answers)
            assert codes == [201, 409], [a.text for a in answers]
            refused = next(a for a in answers if a.status_code == 409)
            assert refused.json()["code"] == "excluded_by_rule"
