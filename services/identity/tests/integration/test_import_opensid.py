"""Importing residents from OpenSID's layout: dry run, atomic commit, re-import, malformed files, CLI."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from balai.identity.models import audit_log, cards, families, messaging, residents

from ..unit.conftest import build_csv, build_xlsx, resident
from .test_register_support import SITI_NIK, A, B, count, enable, events, operator, register, siti, start

pytestmark = pytest.mark.integration

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SAMPLE_NAME = Path("shared", "fixtures", "opensid", "contoh_penduduk.xlsx")
SAMPLE = next(
    (
        p
        for p in (Path(__file__).resolve().parents[4].parent / _SAMPLE_NAME, Path("/work") / _SAMPLE_NAME)
        if p.exists()
    ),
    Path("/work") / _SAMPLE_NAME,
)


def family_rows(**husband: Any) -> list[dict[str, Any]]:
    """Siti (head), Budi (husband, with an e-KTP card) and Adi (son, NIK disagreeing with his birth date)."""
    return [
        resident(),
        resident(
            **{
                "nama": "Budi Santoso",
                "nik": "3317091203880002",
                "sex": 1,
                "tanggallahir": dt.datetime(1988, 3, 12),
                "kk_level": 2,
                "pekerjaan_id": 88,
                "tag_id_card": "3220338716",
                **husband,
            }
        ),
        resident(nama="Adi", nik="3317092007150003", sex=1, tanggallahir="2015-07-21", kk_level=4, status_kawin=1),
    ]


async def upload(svc: Any, data: bytes, village: str = A, **params: Any) -> Any:
    query = "&".join(f"{k}={str(v).lower()}" for k, v in params.items())
    files = {"file": ("penduduk.xlsx", data, XLSX)}
    return await svc.client.post(f"/villages/{village}/imports?{query}", files=files, headers=operator(svc, village))


async def written(svc: Any) -> tuple[int, ...]:
    return tuple([await count(svc, t) for t in (residents, families, cards, messaging.outbox)])


async def test_dry_run_previews_and_commit_is_all_or_nothing(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        rows = [*family_rows(), resident(nama="Salah", nik="9917094501900004", no_kk="3317090202100002")]
        data = build_xlsx(rows)
        before = await written(svc)

        preview = await upload(svc, data, dry_run=True)
        assert preview.status_code == 200, preview.text
        body = preview.json()
        assert (body["dry_run"], body["committed"], body["format"], body["sheet"]) == (
            True,
            False,
            "xlsx",
            "Data Penduduk",
        )
        counts = body["counts"]
        assert "events" not in counts, "a dry run publishes nothing: the count is left out, not 0"
        assert {k: counts[k] for k in ("rows", "accepted", "rejected", "flagged", "families", "new")} == {
            "rows": 4,
            "accepted": 3,
            "rejected": 1,
            "flagged": 1,
            "families": 1,
            "new": 3,
        }
        assert [(r["row"], [e["code"] for e in r["errors"]]) for r in body["rejected"]] == [
            (5, ["nik.district_unknown"])
        ]
        assert "kode kecamatan" in body["rejected"][0]["errors"][0]["message"]
        assert body["flagged"][0]["row"] == 4
        assert body["flagged"][0]["nik_masked"] == "331709**********"
        assert [f["code"] for f in body["flagged"][0]["flags"]] == ["nik.birth_date_mismatch"]
        assert body["families"] == [{"kk_masked": "331709**********", "head": "Siti Aminah", "members": 3, "new": True}]
        assert await written(svc) == before

        refused = await upload(svc, data, dry_run=False)
        assert refused.status_code == 422
        assert refused.json()["code"] == "import_has_rejected_rows"
        assert refused.json()["counts"]["rejected"] == 1
        assert await written(svc) == before

        committed = await upload(svc, data, dry_run=False, skip_rejected=True)
        assert committed.status_code == 200, committed.text
        assert committed.json()["committed"] is True
        assert committed.json()["counts"]["events"] == 5  # 3 registered, 1 family, 1 card
        assert (await written(svc))[:3] == (3, 1, 1)
        types = [e.type for e in await events(svc)]
        assert types.count("identity.resident.registered") == 3
        assert types.count("identity.family.changed") == 1
        assert types.count("identity.card.bound") == 1
        family = (await events(svc, "identity.family.changed"))[0].data
        assert [m["relationship"] for m in family["members"]] == ["head", "husband", "child"]

        listed = await svc.client.get(f"/villages/{A}/residents", params={"q": "Adi"}, headers=operator(svc))
        adi = listed.json()["items"][0]
        assert [f["code"] for f in adi["review_flags"]] == ["nik.birth_date_mismatch"]
        assert (adi["address"]["rw"], adi["extras"]["father_name"]) == ("001", "Sukardi")


async def test_reimporting_the_same_file_changes_nothing_and_changes_are_updates(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        data = build_xlsx(family_rows())
        assert (await upload(svc, data, dry_run=False)).status_code == 200
        state = await written(svc)

        again = await upload(svc, data, dry_run=False)
        assert again.status_code == 200
        counts = again.json()["counts"]
        assert (counts["unchanged"], counts["new"], counts["updated"], counts["events"]) == (3, 0, 0, 0)
        assert await written(svc) == state

        newborn = resident(
            nama="Bayi", nik="3317096101250004", sex=2, tanggallahir=dt.datetime(2025, 1, 21), kk_level=4
        )
        birth = (await upload(svc, build_xlsx([newborn]), dry_run=True)).json()
        assert (birth["counts"]["new"], birth["flagged"]) == (1, [])  # the family has its head in the register

        changed = build_xlsx(family_rows(pekerjaan_id=65, status_dasar=2))  # Budi: now a teacher, and deceased
        preview = (await upload(svc, changed, dry_run=True)).json()
        assert preview["changes"] == [{"row": 3, "action": "update", "changed": ["occupation", "status"]}]
        result = await upload(svc, changed, dry_run=False)
        assert result.json()["counts"]["updated"] == 1
        update = (await events(svc, "identity.resident.updated"))[0].data
        assert (update["changed"], update["profile"]["occupation"], update["profile"]["status"]) == (
            ["occupation", "status"],
            "guru",
            "deceased",
        )
        members = (await events(svc, "identity.family.changed"))[-1].data["members"]
        assert [m["relationship"] for m in members] == ["head", "child"]


async def test_register_conflicts_are_row_errors(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        await register(svc, siti(kk_number="3317090909100009"), village=B)  # Siti lives in Meteseh
        await svc.client.post(f"/villages/{A}/imports?dry_run=false", files={"file": ("x.csv", build_csv([
            resident(nama="Pemilik Kartu", nik="3317094501900005", no_kk="3317090505100005", tag_id_card="3220338716")
        ]), "text/csv")}, headers=operator(svc))  # fmt: skip
        body = (await upload(svc, build_xlsx(family_rows()), dry_run=True)).json()
        errors = {item["row"]: [e["code"] for e in item["errors"]] for item in body["rejected"]}
        assert errors == {2: ["nik.other_village"], 3: ["card.taken"]}
        assert body["counts"]["accepted"] == 1


async def test_malformed_files_write_nothing(balai_service) -> None:
    async with start(balai_service, max_import_bytes=200_000) as svc:
        await enable(svc, A)
        before = await written(svc)
        not_a_workbook = await upload(svc, b"PK\x03\x04 this is no zip", dry_run=False)
        assert not_a_workbook.status_code == 422
        assert not_a_workbook.json()["file_errors"][0]["code"] == "file.not_a_workbook"
        columns = build_xlsx(family_rows(), columns=("nama", "nik"))
        missing = await upload(svc, columns, dry_run=False)
        assert missing.json()["file_errors"][0]["code"] == "file.missing_columns"
        assert "tidak memiliki kolom wajib" in missing.json()["detail"]
        empty = await upload(svc, build_xlsx([]), dry_run=True)
        assert empty.json()["file_errors"][0]["code"] == "file.no_rows"
        too_big = await upload(svc, b"x" * 300_000, dry_run=True)
        assert too_big.status_code == 413
        no_village = await svc.client.post(
            f"/villages/{B}/imports", content=build_csv(family_rows()), headers=operator(svc, B)
        )
        assert no_village.status_code == 404
        assert await written(svc) == before

        raw_csv = await svc.client.post(
            f"/villages/{A}/imports?dry_run=false", content=build_csv(family_rows()), headers=operator(svc)
        )
        assert raw_csv.status_code == 200, raw_csv.text
        assert (raw_csv.json()["format"], raw_csv.json()["counts"]["new"]) == ("csv", 3)


@pytest.mark.skipif(not SAMPLE.exists(), reason="OpenSID sample not available (shared fixtures)")
async def test_opensid_sample_village_imports_97_residents_in_37_families(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        result = await upload(svc, SAMPLE.read_bytes(), dry_run=False)
        assert result.status_code == 200, result.text
        counts = result.json()["counts"]
        assert (counts["new"], counts["families"], counts["flagged"], counts["rejected"]) == (97, 37, 97, 0)
        assert (await count(svc, residents), await count(svc, families)) == (97, 37)


async def test_cli_uses_the_same_import_with_a_progress_bar(balai_service, tmp_path: Path) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        path = tmp_path / "penduduk.xlsx"
        path.write_bytes(build_xlsx(family_rows()))
        env = {
            **os.environ,
            "IDENTITY_NIK_HASH_KEY": svc.settings.nik_hash_key.get_secret_value(),
            "IDENTITY_MIGRATE_ON_START": "false",  # the service migrated this database already
        }

        async def cli(*args: str) -> tuple[int, str, str]:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "balai.identity.cli", "import", str(path), "--village", "33.17.09.2016",
                "--database-url", svc.settings.database_url, *args,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
            )  # fmt: skip
            out, err = await process.communicate()
            return process.returncode or 0, out.decode(), err.decode()

        code, out, err = await cli("--commit")
        assert code == 0, err
        assert "DISIMPAN" in out
        assert "new=3" in out
        assert "baris/detik" in out
        assert "100%" in err  # the progress bar
        assert await count(svc, residents) == 3
        assert len(await events(svc, "identity.resident.registered")) == 3
        async with svc.runtime.db.session() as s:
            actors = (await s.execute(select(audit_log.c.actor).where(audit_log.c.action == "resident.import"))).all()
        assert actors[0].actor.startswith("cli:")
        assert SITI_NIK not in out
