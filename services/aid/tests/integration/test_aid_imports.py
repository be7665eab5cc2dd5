"""Imports over HTTP: dry run, atomic commit, idempotent re-import, malformed files write nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import event

from balai.aid.handlers import imports
from balai.aid.models import beneficiaries, messaging, programs
from balai.contracts.identity import ResidentDiedV1

from ..support import MOJOWARNO, dtks_csv, kk, nik, opensid_workbook
from .conftest import (
    admin,
    count,
    create_program,
    deliver,
    enrol,
    ok,
    operator,
    outbox_types,
    problem,
    registered,
    villages_enabled,
)
from .test_aid_programs import RULE, assert_no_plain_numbers

XLSX = {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

pytestmark = pytest.mark.integration


def rows() -> list[tuple[object, ...]]:
    return [
        (kk(1), "BLT-001", nik(1), "WARGA NOMOR 1", "Rembang", "1980-01-01", "RT 003 RW 002 Krajan"),
        (kk(2), "BLT-002", nik(2), "WARGA NOMOR 2", "Rembang", "1980-01-01", "RT 003 RW 002 Krajan"),
        (kk(3), "BLT-003", nik(3), "NAMA LAIN SEKALI", None, None, None),  # registered under another name
        (kk(4), "BLT-004", nik(4), "WARGA NOMOR 4", None, None, None),  # deceased per identity: flagged for review
        (kk(5), "BLT-005", "12345", "NIK SALAH", None, None, None),
        (None, "BLT-006", nik(6), "TANPA KK", None, None, None),
        (kk(2), "BLT-007", nik(7), "KK GANDA", None, None, None),
    ]


async def test_opensid_workbook_preview_commit_and_reimport(aid) -> None:
    async with aid() as svc:
        await deliver(svc, *villages_enabled(), registered(3), registered(4))
        await deliver(
            svc, ResidentDiedV1(resident_id=registered(4).resident_id, village_code=MOJOWARNO, died_on="2026-01-20")
        )
        data = opensid_workbook(rows())
        url = f"/imports/opensid?village={MOJOWARNO}"

        preview = ok(await svc.client.post(url, content=data, headers=operator(svc) | XLSX))
        assert preview["dry_run"] is True
        assert preview["layout"] == "opensid"
        assert preview["program"] == {
            "id": None,
            "name": "BLT Dana Desa 2026",
            "kind": "blt_dd",
            "target": "family",
            "created": True,
        }
        assert (preview["rows"], preview["new"], preview["unchanged"]) == (7, 4, 0)
        assert [(r["row"], r["code"]) for r in preview["rejected"]] == [
            (6, "nik_invalid"),
            (7, "kk_missing"),
            (8, "duplicate_in_file"),
        ]
        assert all(r["message"] for r in preview["rejected"])
        flagged = {f["row"]: f for f in preview["flagged"]}
        assert flagged[4]["codes"] == ["name_mismatch"]
        assert flagged[4]["review"] is False
        assert flagged[5]["codes"] == ["resident_deceased"]
        assert flagged[5]["review"] is True
        assert "not_in_register" in flagged[2]["codes"]
        assert await count(svc, programs) == 0, "a dry run writes nothing"
        assert await count(svc, beneficiaries) == 0
        assert await count(svc, messaging.outbox) == 0

        commit_headers = operator(svc) | XLSX | {"Idempotency-Key": "import-blt-1"}
        committed = ok(await svc.client.post(url + "&dry_run=false", content=data, headers=commit_headers))
        assert committed["new"] == 4
        assert committed["program"]["created"] is True
        replay = await svc.client.post(url + "&dry_run=false", content=data, headers=commit_headers)
        assert ok(replay) == committed
        assert replay.headers["idempotent-replayed"] == "true"
        assert await count(svc, beneficiaries) == 4
        assert await outbox_types(svc) == ["aid.program.created"] + ["aid.beneficiary.enrolled"] * 4

        again = ok(await svc.client.post(url + "&dry_run=false", content=data, headers=operator(svc) | XLSX))
        assert (again["new"], again["unchanged"], again["program"]["created"]) == (0, 4, False)
        assert again["program"]["id"] == committed["program"]["id"]
        assert await count(svc, programs) == 1
        assert await count(svc, beneficiaries) == 4
        assert len(await outbox_types(svc)) == 5, "re-importing the same file changes nothing"

        review = ok(
            await svc.client.get(
                "/beneficiaries", params={"village": MOJOWARNO, "under_review": "true"}, headers=operator(svc)
            )
        )
        assert [b["name"] for b in review] == ["WARGA NOMOR 4"]
        await assert_no_plain_numbers(svc, [nik(n) for n in range(1, 8)] + [kk(n) for n in range(1, 8)])


async def test_dtks_list_into_a_program_respects_rules_and_removals(aid) -> None:
    async with aid() as svc:
        blt = await create_program(svc)
        pkh = await create_program(svc, name="PKH 2026", kind="pkh", source_of_funds="apbn", period="quarterly")
        ok(await svc.client.post("/exclusion-rules", json=RULE, headers=admin(svc)), 201)
        ok(await enrol(svc, pkh["id"], 2), 201)  # family 2 already receives PKH
        removed = ok(await enrol(svc, blt["id"], 3), 201)
        removal = {"reason": "Sudah mampu"}
        ok(await svc.client.post(f"/beneficiaries/{removed['id']}/removal", json=removal, headers=operator(svc)))
        data = dtks_csv(
            [(nik(1), kk(1), "Siti", "Krajan"), (nik(2), kk(2), "Parmi", "Krajan"), (nik(3), kk(3), "Sri", "")]
        )
        url = f"/programs/{blt['id']}/imports?village={MOJOWARNO}&dry_run=false"
        result = ok(await svc.client.post(url, content=data, headers=operator(svc) | {"Content-Type": "text/csv"}))
        assert result["layout"] == "dtks"
        assert result["new"] == 1
        assert [(r["row"], r["code"]) for r in result["rejected"]] == [
            (3, "excluded_by_rule"),
            (4, "previously_removed"),
        ]
        assert "PKH" in result["rejected"][0]["message"]


async def test_malformed_files_give_clear_errors_and_write_nothing(aid) -> None:
    async with aid(import_max_bytes=20_000) as svc:
        blt = await create_program(svc)
        before = (await count(svc, programs), await count(svc, beneficiaries), await count(svc, messaging.outbox))
        opensid = f"/imports/opensid?village={MOJOWARNO}&dry_run=false"
        into = f"/programs/{blt['id']}/imports?village={MOJOWARNO}&dry_run=false"
        cases = [
            (opensid, b"PK\x03\x04 not really a zip", 422, "import_not_a_workbook"),
            (opensid, opensid_workbook(rows(), target=7), 422, "import_program_sheet"),
            (opensid, opensid_workbook(rows(), with_program=False), 422, "import_missing_sheet"),
            (opensid, dtks_csv([(nik(1), kk(1), "x", "y")]), 422, "import_missing_sheet"),
            (into, dtks_csv([(nik(1), "Siti")], header=("Nama", "Alamat")), 422, "import_missing_columns"),
            (into, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, 422, "import_legacy_xls"),
            (into, b"", 422, "import_empty_file"),
            (into, b"x" * 20_001, 413, "file_too_large"),
        ]
        for url, data, status, code in cases:
            body = problem(await svc.client.post(url, content=data, headers=operator(svc)), status, code)
            assert body["detail"].endswith("."), body
        missing = f"/programs/{uuid.uuid4()}/imports?village={MOJOWARNO}"
        problem(await svc.client.post(missing, content=b"x", headers=operator(svc)), 404, "program_not_found")
        after = (await count(svc, programs), await count(svc, beneficiaries), await count(svc, messaging.outbox))
        assert after == before


async def test_planner_statistics_are_refreshed_after_a_bulk_import_not_per_enrolment(aid, monkeypatch) -> None:
    monkeypatch.setattr(imports, "BULK", 2)
    async with aid() as svc:
        statements: list[str] = []

        def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)

        event.listen(svc.runtime.db.engine.sync_engine, "before_cursor_execute", seen)
        blt = await create_program(svc)
        ok(await enrol(svc, blt["id"], 1), 201)
        assert not [s for s in statements if "ANALYZE" in s], "a single enrolment leaves the statistics alone"
        data = dtks_csv([(nik(2), kk(2), "Parmi", "Krajan"), (nik(3), kk(3), "Sri", "Krajan")])
        url = f"/programs/{blt['id']}/imports?village={MOJOWARNO}&dry_run=false"
        assert ok(await svc.client.post(url, content=data, headers=operator(svc)))["new"] == 2
        assert [s for s in statements if "ANALYZE" in s] == ["ANALYZE beneficiaries"], "a bulk import refreshes them"
