"""A kiosk set up without a device id picks it up from the REAL identity service once an operator enrols its
key (the console's "Daftarkan anjungan"), then signs heartbeats with it; nobody edits its config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from balai.common.testing.harness import eventually
from balai.identity.config import Settings as IdentitySettings
from balai.identity.main import create_app as create_identity
from balai.kiosk.centre_http import HttpCentreClient
from balai.kiosk.config import Settings
from balai.kiosk.main import create_app
from balai.kiosk.testing_bridge import running_app
from balai.kiosk.testing_centre import MOJOWARNO, centre_app, centre_client

pytestmark = pytest.mark.integration


async def test_a_kiosk_enrolled_in_the_console_takes_its_id_and_reports_in(balai_service: Any, tmp_path: Path) -> None:
    async with balai_service(create_identity, IdentitySettings) as identity:
        admin = identity.headers("admin", roles=["regency_admin"], village=None, amr=["password"])
        operator = identity.headers("op", roles=["operator"], village=MOJOWARNO, amr=["password"])
        assert (await identity.client.post("/villages", json={"code": MOJOWARNO}, headers=admin)).status_code in (
            200,
            201,
        )
        settings = Settings(
            environment="test",
            data_dir=str(tmp_path),
            log_json=False,
            pcsc_enabled=False,
            migrate_in_subprocess=False,
            centre={"url": "http://centre.test", "village": MOJOWARNO},
            enrolment_poll_s=0.1,
            heartbeat_interval_s=0.2,
        )
        centre = HttpCentreClient(settings.centre, http=centre_client(centre_app(identity=identity.app)))
        app = create_app(settings, centre=centre)
        gateway = app.state.gateway
        async with running_app(app, "http://127.0.0.1:8787") as bridge:
            assert (await bridge.get("/readyz")).json()["checks"]["enrolled"] is False

            enrolled = await identity.client.post(
                f"/villages/{MOJOWARNO}/devices",
                headers=operator,
                json={"name": "ADM Balai Desa", "public_key": gateway.key.public_key},
            )
            assert enrolled.status_code == 201, enrolled.text
            device_id = enrolled.json()["device_id"]

            async def taken() -> bool:
                return bool(gateway.device_id == device_id)

            await eventually(taken, what="the gateway to take its id")

            async def reported_in() -> bool:
                listed = await identity.client.get(f"/villages/{MOJOWARNO}/devices", headers=operator)
                return any(d["device_id"] == device_id and d["online"] for d in listed.json())

            await eventually(reported_in, what="a heartbeat signed with that id")
        assert (tmp_path / "device_id").read_text().strip() == device_id
