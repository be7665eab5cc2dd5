"""Answers as their response models declare them: timestamps in UTC with the offset written out (also on
SQLite, the embedded stack's database, which hands times back without one) and the public key set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from balai.common.testing.harness import run_service, settings_for
from balai.identity.config import Settings
from balai.identity.main import create_app

from .conftest import MOJOWARNO, add_resident, add_village, new_kiosk, operator
from .test_auth import NIK

pytestmark = pytest.mark.integration


def utc(*values: Any) -> bool:
    return all(isinstance(v, str) and v.endswith("+00:00") and dt.datetime.fromisoformat(v).tzinfo for v in values)


async def test_timestamps_carry_the_utc_offset_on_sqlite(
    balai_infra: Any, balai_tokens: Any, balai_bus_prefix: str, balai_run_id: str, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/identity.db"
    settings = settings_for(Settings, balai_infra, url, balai_bus_prefix, balai_run_id)
    async with run_service(create_app, settings, tokens=balai_tokens) as svc:
        assert svc.runtime.db.is_sqlite
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        kiosk = new_kiosk()
        enrolled = await svc.client.post(
            f"/villages/{MOJOWARNO}/devices",
            headers=operator(svc),
            json={"name": "ADM Balai Desa", "public_key": kiosk.public_key},
        )
        kiosk.device_id = enrolled.json()["device_id"]
        assert enrolled.json()["village"] == MOJOWARNO
        beat = await svc.client.post(
            "/devices/heartbeat", json={"assertion": kiosk.assertion(aud="balai-identity:heartbeat"), "status": {}}
        )
        assert beat.status_code == 204
        (device,) = (await svc.client.get(f"/villages/{MOJOWARNO}/devices", headers=operator(svc))).json()
        assert utc(device["enrolled_at"], device["last_seen_at"]), device
        assert device["online"] is True
        village = (await svc.client.get(f"/villages/{MOJOWARNO}", headers=operator(svc))).json()
        assert utc(village["enabled_at"])
        resident = (await svc.client.get(f"/residents/{rid}", headers=operator(svc))).json()
        assert utc(resident["created_at"], resident["updated_at"])
        writer = svc.headers("op-x", roles=["operator"], village=MOJOWARNO, amr=["password"], name="Sri Wahyuni")
        notice = await svc.client.post(
            f"/villages/{MOJOWARNO}/notices", json={"title": "Kerja bakti", "body": "Minggu pagi."}, headers=writer
        )
        assert notice.status_code == 201, notice.text
        assert utc(notice.json()["published_at"], notice.json()["updated_at"], notice.json()["created_at"])
        (on_board,) = (await svc.client.get(f"/villages/{MOJOWARNO}/notices")).json()["items"]
        assert utc(on_board["published_at"], on_board["updated_at"])


async def test_jwks_is_a_standard_key_set(identity) -> None:
    async with identity as svc:
        keys = (await svc.client.get("/.well-known/jwks.json")).json()["keys"]
        assert keys
        for key in keys:
            assert {k: key[k] for k in ("kty", "crv", "use", "alg")} == {
                "kty": "OKP",
                "crv": "Ed25519",
                "use": "sig",
                "alg": "EdDSA",
            }
            assert key["kid"]
            assert key["x"]
