"""The answers' shapes as the response models declare them: timestamps in UTC with their offset (also on
SQLite, the embedded stack's database, which hands times back without one), and letter type fields that
leave out what does not apply to their kind."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import pytest

from balai.common.testing.harness import run_service, settings_for
from balai.letters.config import Settings
from balai.letters.main import create_app

from .conftest import ORIGIN, VILLAGE, kades, operator, resident, seed, submit, wait_issued

pytestmark = pytest.mark.integration


def utc(*values: Any) -> bool:
    """ISO 8601 timestamps written with the UTC offset, as every answer's timestamp must be."""
    return all(isinstance(v, str) and v.endswith("+00:00") and dt.datetime.fromisoformat(v).tzinfo for v in values)


async def test_timestamps_carry_the_utc_offset_on_sqlite(
    directory, balai_infra: Any, balai_tokens: Any, balai_bus_prefix: str, balai_run_id: str, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/letters.db"
    settings = settings_for(
        Settings, balai_infra, url, balai_bus_prefix, balai_run_id, data_dir=str(tmp_path), public_origin=ORIGIN
    )
    async with run_service(functools.partial(create_app, directory=directory), settings, tokens=balai_tokens) as svc:
        assert svc.runtime.db.is_sqlite
        rid = await seed(svc, directory)
        created = await submit(svc, rid)
        assert utc(created["created_at"], created["updated_at"])
        request_id = created["id"]
        assert (await svc.client.post(f"/requests/{request_id}/verify", headers=operator(svc))).status_code == 200
        assert (await svc.client.post(f"/requests/{request_id}/sign", headers=kades(svc))).status_code == 200
        detail = await wait_issued(svc, request_id, resident(svc, rid))

        stamps = [detail["created_at"], detail["updated_at"], *(a["created_at"] for a in detail["attachments"])]
        stamps += [h["at"] for h in detail["history"]]
        assert [h["action"] for h in detail["history"]] == ["submit", "verify", "sign", "issue"]
        assert utc(*stamps), stamps
        assert detail["letter"]["revoked_at"] is None

        mine = (await svc.client.get("/me/requests", headers=resident(svc, rid))).json()
        staff = (await svc.client.get(f"/villages/{VILLAGE}/requests", headers=operator(svc))).json()
        for item in mine["items"] + staff["items"]:
            assert utc(item["created_at"], item["updated_at"]), item

        await submit(svc, rid)  # a second letter, so the archive has two pages of one
        second = (await svc.client.get("/me/requests", headers=resident(svc, rid))).json()["items"][0]["id"]
        assert (await svc.client.post(f"/requests/{second}/verify", headers=operator(svc))).status_code == 200
        assert (await svc.client.post(f"/requests/{second}/sign", headers=kades(svc))).status_code == 200
        first_page = (await svc.client.get(f"/villages/{VILLAGE}/letters?limit=1", headers=operator(svc))).json()
        assert utc(first_page["items"][0]["signed_at"], first_page["next_before"])
        rest = await svc.client.get(
            f"/villages/{VILLAGE}/letters",
            params={"limit": 1, "before": first_page["next_before"]},
            headers=operator(svc),
        )
        assert [i["request_id"] for i in rest.json()["items"]] == [request_id]

        keys = (await svc.client.get("/keys")).json()
        assert keys["algorithm"] == "Ed25519"
        assert utc(*(k["created_at"] for k in keys["keys"]))
        assert all(k["retired_at"] is None for k in keys["keys"])


async def test_letter_type_fields_leave_out_what_does_not_apply(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        rid = await seed(svc, directory)
        types = (await svc.client.get(f"/villages/{VILLAGE}/letter-types", headers=resident(svc, rid))).json()
        fields = [f for t in types for f in t["fields"]]
        assert all("template" not in t for t in types)
        for f in fields:
            assert ("max_length" in f) == ("multiline" in f) == (f["kind"] == "text"), f
            assert ("min_value" in f) == ("max_value" in f) == (f["kind"] == "number"), f
            assert ("choices" in f) == (f["kind"] == "choice"), f
            assert "pattern" not in f or f["kind"] == "text"
            assert f.get("help", "x") != ""
        assert {f["kind"] for f in fields} == {"text", "date", "number", "choice"}
        staff_view = await svc.client.get(f"/villages/{VILLAGE}/letter-types/domisili", headers=operator(svc))
        assert staff_view.json()["template"] is None
