"""e-KTP card binding (PC/SC bytes and keyboard-reader decimals are one card) and kiosk login."""

from __future__ import annotations

import pytest

from balai.identity.devices_api import WHOAMI_AUDIENCE as WHOAMI

from .conftest import MOJOWARNO, OTHER, add_resident, add_village, new_kiosk, operator
from .test_auth import NIK, issue_and_activate

pytestmark = pytest.mark.integration
UID_HEX = "1C78F2BF"
UID_DECIMAL = "3220338716"  # what a keyboard-style USB reader types for the same card (little-endian)


async def enrolled_kiosk(svc, village: str = MOJOWARNO):
    kiosk = new_kiosk()
    kiosk.device_id = await enrolled_kiosk_with(svc, kiosk, village)
    return kiosk


async def test_card_forms_normalise_to_one_card(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        other = await add_resident(svc, "3317091203850002", name="Budi")
        bound = await svc.client.post(f"/residents/{rid}/cards", json={"uid": "1c:78:f2:bf"}, headers=operator(svc))
        assert bound.status_code == 200
        assert bound.json()["card_uid"] == UID_HEX
        assert bound.json()["created"] is True
        again = await svc.client.post(f"/residents/{rid}/cards", json={"uid": UID_DECIMAL}, headers=operator(svc))
        assert again.json()["created"] is False, "the decimal form is the same card: binding is idempotent"
        taken = await svc.client.post(f"/residents/{other}/cards", json={"uid": UID_HEX}, headers=operator(svc))
        assert taken.status_code == 409
        garbage = await svc.client.post(f"/residents/{rid}/cards", json={"uid": "kartu?"}, headers=operator(svc))
        assert garbage.status_code == 422


async def test_kiosk_login_with_device_card_and_pin(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        await issue_and_activate(svc, rid)
        await svc.client.post(f"/residents/{rid}/cards", json={"uid": UID_HEX}, headers=operator(svc))
        kiosk = await enrolled_kiosk(svc)
        assertion = kiosk.assertion()
        login = await svc.client.post(
            "/auth/kiosk/login", json={"assertion": assertion, "card_uid": UID_DECIMAL, "pin": "240517"}
        )
        assert login.status_code == 200, login.text
        assert "refresh_token" not in login.json(), "kiosk sessions are short and cannot be extended"
        principal = await svc.runtime.verifier.verify(login.json()["access_token"])
        assert principal.subject == str(rid)
        assert principal.device == kiosk.device_id
        assert principal.amr == ("card", "pin")
        assert login.json()["expires_in"] == svc.settings.kiosk_session_ttl_seconds
        replay = await svc.client.post(
            "/auth/kiosk/login", json={"assertion": assertion, "card_uid": UID_HEX, "pin": "240517"}
        )
        assert replay.status_code == 401
        assert replay.json()["code"] == "assertion_replayed"
        wrong_pin = await svc.client.post(
            "/auth/kiosk/login", json={"assertion": kiosk.assertion(), "card_uid": UID_HEX, "pin": "999990"}
        )
        assert wrong_pin.status_code == 401


async def test_forged_revoked_and_foreign_kiosks_are_refused(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        await add_village(svc, OTHER, "Banyudono")
        rid = await add_resident(svc, NIK)
        await issue_and_activate(svc, rid)
        await svc.client.post(f"/residents/{rid}/cards", json={"uid": UID_HEX}, headers=operator(svc))
        kiosk = await enrolled_kiosk(svc)
        impostor = new_kiosk()
        impostor.device_id = kiosk.device_id  # claims to be the enrolled kiosk, signs with another key
        forged = await svc.client.post(
            "/auth/kiosk/login", json={"assertion": impostor.assertion(), "card_uid": UID_HEX, "pin": "240517"}
        )
        assert forged.status_code == 401
        assert forged.json()["code"] == "device_unknown"
        long_lived = await svc.client.post(
            "/auth/kiosk/login", json={"assertion": kiosk.assertion(exp=10**10), "card_uid": UID_HEX, "pin": "240517"}
        )
        assert long_lived.status_code == 401
        foreign = await enrolled_kiosk(svc, OTHER)
        elsewhere = await svc.client.post(
            "/auth/kiosk/login", json={"assertion": foreign.assertion(), "card_uid": UID_HEX, "pin": "240517"}
        )
        assert elsewhere.status_code == 401, "a kiosk serves the residents of its own village"
        revoked = await svc.client.delete(f"/devices/{kiosk.device_id}", headers=operator(svc))
        assert revoked.status_code == 204
        after = await svc.client.post(
            "/auth/kiosk/login", json={"assertion": kiosk.assertion(), "card_uid": UID_HEX, "pin": "240517"}
        )
        assert after.status_code == 401
        listed = await svc.client.get(f"/villages/{MOJOWARNO}/devices", headers=operator(svc))
        assert listed.json()[0]["revoked"] is True


async def test_an_operator_of_another_village_can_touch_no_credential(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        await add_village(svc, OTHER, "Banyudono")
        rid = await add_resident(svc, NIK)
        kiosk = await enrolled_kiosk(svc)
        stranger = operator(svc, OTHER)
        attempts = [
            await svc.client.post(f"/residents/{rid}/pin", json={"channel": "handover"}, headers=stranger),
            await svc.client.post(f"/villages/{MOJOWARNO}/pins", json={"resident_ids": [str(rid)]}, headers=stranger),
            await svc.client.post(f"/residents/{rid}/cards", json={"uid": UID_HEX}, headers=stranger),
            await svc.client.delete(f"/residents/{rid}/cards/{UID_HEX}", headers=stranger),
            await svc.client.post(
                f"/villages/{MOJOWARNO}/devices", headers=stranger, json={"name": "x", "public_key": kiosk.public_key}
            ),
            await svc.client.get(f"/villages/{MOJOWARNO}/devices", headers=stranger),
            await svc.client.delete(f"/devices/{kiosk.device_id}", headers=stranger),
        ]
        assert [a.status_code for a in attempts] == [404, 403, 404, 404, 403, 403, 404]
        resident = svc.headers(str(rid), roles=["resident"], village=MOJOWARNO)
        assert (await svc.client.post(f"/residents/{rid}/pin", json={}, headers=resident)).status_code == 403


async def test_heartbeats_show_which_kiosks_are_up_and_need_paper(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        kiosk = await enrolled_kiosk(svc)
        status = {"a4_printer": {"state": "stopped", "reasons": ["media-empty-error"]}, "queue": 0}
        beat = await svc.client.post(
            "/devices/heartbeat", json={"assertion": kiosk.assertion(aud="balai-identity:heartbeat"), "status": status}
        )
        assert beat.status_code == 204
        listed = (await svc.client.get(f"/villages/{MOJOWARNO}/devices", headers=operator(svc))).json()
        assert listed[0]["online"] is True
        assert listed[0]["status"]["a4_printer"]["reasons"] == ["media-empty-error"]
        login_assertion = await svc.client.post(
            "/devices/heartbeat", json={"assertion": kiosk.assertion(), "status": status}
        )
        assert login_assertion.status_code == 401, "a login assertion is not accepted as a heartbeat"
        impostor = new_kiosk()
        impostor.device_id = kiosk.device_id
        forged = await svc.client.post(
            "/devices/heartbeat", json={"assertion": impostor.assertion(aud="balai-identity:heartbeat"), "status": {}}
        )
        assert forged.status_code == 401


async def test_a_kiosk_learns_its_device_id_by_proving_it_holds_its_key(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        kiosk = new_kiosk()

        def asking(signer=kiosk, **claims: object) -> dict[str, str]:  # type: ignore[no-untyped-def]
            return {"assertion": signer.assertion(iss=kiosk.public_key, aud=WHOAMI, **claims)}

        not_yet = await svc.client.post("/devices/whoami", json=asking())
        assert not_yet.status_code == 404
        assert not_yet.json()["code"] == "device_not_enrolled"

        enrolled = await enrolled_kiosk_with(svc, kiosk)
        known = await svc.client.post("/devices/whoami", json=asking())
        assert known.status_code == 200, known.text
        assert known.json() == {"device_id": enrolled, "village": MOJOWARNO, "name": "ADM Balai Desa"}

        impostor = new_kiosk()  # names the enrolled key but signs with its own: learns nothing
        forged = await svc.client.post("/devices/whoami", json=asking(signer=impostor))
        assert forged.status_code == 401
        wrong_audience = await svc.client.post(
            "/devices/whoami", json={"assertion": kiosk.assertion(iss=kiosk.public_key)}
        )
        assert wrong_audience.status_code == 401

        assert (await svc.client.delete(f"/devices/{enrolled}", headers=operator(svc))).status_code == 204
        revoked = await svc.client.post("/devices/whoami", json=asking())
        assert revoked.status_code == 404


async def enrolled_kiosk_with(svc, kiosk, village: str = MOJOWARNO) -> str:  # type: ignore[no-untyped-def]
    enrolled = await svc.client.post(
        f"/villages/{village}/devices",
        headers=operator(svc, village),
        json={"name": "ADM Balai Desa", "public_key": kiosk.public_key},
    )
    assert enrolled.status_code == 201, enrolled.text
    return str(enrolled.json()["device_id"])
