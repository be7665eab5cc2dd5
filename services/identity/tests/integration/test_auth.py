"""Logins, PINs, lockout, tokens, cards and kiosks on the real PostgreSQL, Redis and NATS."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from balai.identity.models import audit_log

from .conftest import MOJOWARNO, OTHER, add_resident, add_village, admin, operator

pytestmark = pytest.mark.integration
NIK = "3317094501900001"


async def issue_and_activate(svc, rid, nik: str = NIK, new_pin: str = "240517") -> dict:
    issued = await svc.client.post(f"/residents/{rid}/pin", json={"channel": "handover"}, headers=operator(svc))
    assert issued.status_code == 201, issued.text
    first = await svc.client.post("/auth/resident/login", json={"nik": nik, "pin": issued.json()["pin"]})
    assert first.status_code == 200, first.text
    assert first.json()["must_change_pin"] is True
    assert "access_token" not in first.json(), "no session before the PIN is changed"
    changed = await svc.client.post(
        "/auth/pin/change",
        json={"new_pin": new_pin},
        headers={"Authorization": f"Bearer {first.json()['change_token']}"},
    )
    assert changed.status_code == 200, changed.text
    return changed.json()


async def test_pin_issue_first_login_change_and_login(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        tokens = await issue_and_activate(svc, rid)
        me = await svc.runtime.verifier.verify(tokens["access_token"])
        assert me.subject == str(rid)
        assert me.village == MOJOWARNO
        assert me.amr == ("pin",)
        login = await svc.client.post("/auth/resident/login", json={"nik": NIK, "pin": "240517"})
        assert login.json()["must_change_pin"] is False
        assert login.json()["token_type"] == "Bearer"
        weak = await svc.client.post(
            "/auth/pin/change",
            json={"new_pin": "111111", "current_pin": "240517"},
            headers={"Authorization": f"Bearer {login.json()['access_token']}"},
        )
        assert weak.status_code == 422
        assert weak.json()["code"] == "weak_pin"


async def test_wrong_pins_lock_out_with_growing_lockout_and_audit(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        await issue_and_activate(svc, rid)
        for attempt in range(4):
            wrong = await svc.client.post("/auth/resident/login", json={"nik": NIK, "pin": "999990"})
            assert wrong.status_code == 401, attempt
            assert wrong.json()["detail"] == "NIK atau PIN salah."
        fifth = await svc.client.post("/auth/resident/login", json={"nik": NIK, "pin": "999990"})
        assert fifth.status_code == 429
        assert int(fifth.headers["Retry-After"]) == 60
        right_but_locked = await svc.client.post("/auth/resident/login", json={"nik": NIK, "pin": "240517"})
        assert right_but_locked.status_code == 429, "the right PIN does not get through a lockout"
        async with svc.runtime.db.session() as s:
            denied = await s.scalar(
                select(func.count())
                .select_from(audit_log)
                .where(audit_log.c.action == "login.pin", audit_log.c.outcome.in_(["denied", "locked"]))
            )
            details = (await s.execute(select(audit_log.c.detail))).scalars().all()
        assert denied == 5
        assert all(NIK not in d for d in details)


async def test_unknown_nik_and_inactive_resident(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        await issue_and_activate(svc, rid)
        unknown = await svc.client.post("/auth/resident/login", json={"nik": "3317094501900009", "pin": "240517"})
        assert unknown.status_code == 401
        assert unknown.json()["detail"] == "NIK atau PIN salah.", "no hint whether the NIK exists"
        dead = await add_resident(svc, "3317090101500001", name="Almarhum", status="deceased")
        refused = await svc.client.post(f"/residents/{dead}/pin", json={"channel": "handover"}, headers=operator(svc))
        assert refused.status_code == 409
        bad = await svc.client.post("/auth/resident/login", json={"nik": "12345", "pin": "1"})
        assert bad.status_code == 422


async def test_refresh_rotates_and_reuse_revokes_the_chain(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        first = await issue_and_activate(svc, rid)
        second = await svc.client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert second.status_code == 200
        assert second.json()["refresh_token"] != first["refresh_token"]
        reuse = await svc.client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert reuse.status_code == 401
        assert reuse.json()["code"] == "refresh_reused"
        after = await svc.client.post("/auth/refresh", json={"refresh_token": second.json()["refresh_token"]})
        assert after.status_code == 401, "the thief's and the owner's tokens die together"
        third = await svc.client.post("/auth/resident/login", json={"nik": NIK, "pin": "240517"})
        await svc.client.post("/auth/logout", json={"refresh_token": third.json()["refresh_token"]})
        gone = await svc.client.post("/auth/refresh", json={"refresh_token": third.json()["refresh_token"]})
        assert gone.status_code == 401


async def test_jwks_and_key_rotation_without_downtime(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        tokens = await issue_and_activate(svc, rid)
        before = (await svc.client.get("/.well-known/jwks.json")).json()["keys"]
        assert [k["alg"] for k in before] == ["EdDSA"]
        assert all("d" not in k for k in before), "no private part is ever published"
        rotated = await svc.client.post("/keys/rotate", headers=admin(svc))
        assert rotated.status_code == 200
        after = (await svc.client.get("/.well-known/jwks.json")).json()["keys"]
        assert {k["kid"] for k in after} == {before[0]["kid"], rotated.json()["kid"]}
        assert (await svc.runtime.verifier.verify(tokens["access_token"])).subject == str(rid)
        denied = await svc.client.post("/keys/rotate", headers=operator(svc))
        assert denied.status_code == 403


async def test_staff_accounts_and_password_login(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        created = await svc.client.post(
            "/accounts",
            headers=admin(svc),
            json={
                "username": "Operator.Mojowarno",
                "name": "Bu Sari",
                "password": "rahasia-desa-2026",
                "roles": ["operator"],
                "area": "33.17.09.2016",
            },
        )
        assert created.status_code == 201, created.text
        login = await svc.client.post(
            "/auth/staff/login", json={"username": "operator.mojowarno", "password": "rahasia-desa-2026"}
        )
        assert login.status_code == 200
        principal = await svc.runtime.verifier.verify(login.json()["access_token"])
        assert principal.roles == frozenset({"operator"})
        assert principal.village == MOJOWARNO
        weak = await svc.client.post(
            "/accounts",
            headers=admin(svc),
            json={"username": "x.y", "name": "X", "password": "short", "roles": ["operator"], "area": MOJOWARNO},
        )
        assert weak.status_code == 422
        by_operator = await svc.client.post(
            "/accounts",
            headers=operator(svc),
            json={"username": "sneaky", "name": "X", "password": "rahasia-desa-2026", "roles": ["regency_admin"]},
        )
        assert by_operator.status_code == 403
        for _ in range(5):
            await svc.client.post("/auth/staff/login", json={"username": "operator.mojowarno", "password": "salah"})
        locked = await svc.client.post(
            "/auth/staff/login", json={"username": "operator.mojowarno", "password": "rahasia-desa-2026"}
        )
        assert locked.status_code == 429


async def test_pin_delivery_is_fetched_once_by_the_notifier_and_the_event_holds_no_pin(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        issued = (
            await svc.client.post(f"/residents/{rid}/pin", json={"channel": "whatsapp"}, headers=operator(svc))
        ).json()
        notifier = svc.headers("notifier-1", roles=["notifier"], village=None)
        denied = await svc.client.post(f"/pin-deliveries/{issued['delivery_id']}/take", headers=operator(svc))
        assert denied.status_code == 403
        taken = await svc.client.post(f"/pin-deliveries/{issued['delivery_id']}/take", headers=notifier)
        assert taken.status_code == 200
        assert taken.json()["pin"] == issued["pin"]
        assert taken.json()["phone"] == "081234567890"
        again = await svc.client.post(f"/pin-deliveries/{issued['delivery_id']}/take", headers=notifier)
        assert again.status_code == 410
        async with svc.runtime.db.session() as s:
            payloads = (await s.execute(select(svc.runtime.definition.tables.outbox.c.payload))).scalars().all()
        assert payloads, "the pin.issued event is in the outbox"
        assert all(issued["pin"].encode() not in p and NIK.encode() not in p for p in payloads)


async def test_bulk_pins_are_all_or_nothing(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        await add_village(svc, OTHER, "Banyudono")
        a = await add_resident(svc, NIK)
        b = await add_resident(svc, "3317091203850002", name="Budi")
        foreign = await add_resident(svc, "3317092203850003", name="Tamu", village=OTHER)
        refused = await svc.client.post(
            f"/villages/{MOJOWARNO}/pins", headers=operator(svc), json={"resident_ids": [str(a), str(foreign)]}
        )
        assert refused.status_code == 404
        async with svc.runtime.db.session() as s:
            assert (
                await s.scalar(select(func.count()).select_from(audit_log).where(audit_log.c.action == "pin.issue"))
                == 0
            )
        ok = await svc.client.post(
            f"/villages/{MOJOWARNO}/pins", headers=operator(svc), json={"resident_ids": [str(a), str(b)]}
        )
        assert ok.status_code == 201
        pins = [r["pin"] for r in ok.json()["issued"]]
        assert len(pins) == 2
        assert all(len(p) == 6 and p.isdigit() for p in pins)


async def test_document_data_is_for_service_accounts_only(identity) -> None:
    async with identity as svc:
        await add_village(svc)
        rid = await add_resident(svc, NIK)
        service = svc.headers("letters-service", roles=["service"], village=None)
        data = await svc.client.get(f"/internal/residents/{rid}", headers=service)
        assert data.status_code == 200
        assert data.json()["nik"] == NIK
        assert data.json()["address"]["rt"] == "003"
        assert (await svc.client.get(f"/internal/residents/{rid}", headers=operator(svc))).status_code == 403
        assert (await svc.client.get(f"/internal/residents/{rid}")).status_code == 401
