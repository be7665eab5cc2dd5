"""Identity's events over real NATS: a death delivered twice flags once; residents see their own aid."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from balai.aid.models import messaging, residents
from balai.common.envelope import Envelope
from balai.common.testing.harness import eventually
from balai.contracts.identity import ResidentDiedV1, ResidentMovedV1, ResidentUpdatedV1

from ..support import MOJOWARNO, hasher, nik
from .conftest import (
    create_program,
    deliver,
    family_changed,
    ok,
    operator,
    outbox_types,
    paid,
    problem,
    registered,
    resident,
    villages_enabled,
)

FAMILY = uuid.uuid5(uuid.NAMESPACE_OID, "family-1")

pytestmark = pytest.mark.integration


async def test_resident_died_delivered_twice_flags_once_and_holds_payment(aid) -> None:
    async with aid() as svc:
        head, child = registered(1, FAMILY), registered(2, FAMILY, relationship="child")
        await deliver(
            svc, *villages_enabled(), head, child, family_changed(FAMILY, 1, [head.resident_id, child.resident_id])
        )
        blt = await create_program(svc)
        kis = await create_program(svc, name="KIS PBI Desa", kind="kis_pbi", target="person", source_of_funds="apbd")
        url = f"/programs/{blt['id']}/beneficiaries"
        family = ok(
            await svc.client.post(
                url, json={"village": MOJOWARNO, "resident_id": str(head.resident_id)}, headers=operator(svc)
            ),
            201,
        )
        assert (family["resident_id"], family["family_id"], family["name"]) == (
            str(head.resident_id),
            str(FAMILY),
            "Warga Nomor 1",
        )
        person_url = f"/programs/{kis['id']}/beneficiaries"
        person = ok(
            await svc.client.post(
                person_url, json={"village": MOJOWARNO, "resident_id": str(head.resident_id)}, headers=operator(svc)
            ),
            201,
        )

        await svc.runtime.bus.wait_ready(5)
        await svc.runtime.bus.ensure_stream("identity")
        died = Envelope.wrap(
            ResidentDiedV1(resident_id=head.resident_id, village_code="33.17.09.2016", died_on=date(2026, 2, 2)),
            village=MOJOWARNO,
            subject=str(head.resident_id),
        )
        subject = died.bus_subject(svc.settings.nats_prefix)
        # Two message ids defeat JetStream's duplicate window: the consumer really receives it twice.
        await svc.runtime.bus.publish(subject, died.to_bytes(), msg_id="died-first")
        await svc.runtime.bus.publish(subject, died.to_bytes(), msg_id="died-second")
        moved = Envelope.wrap(
            ResidentMovedV1(resident_id=child.resident_id, village_code=MOJOWARNO, moved_on=date(2026, 2, 3)),
            village=MOJOWARNO,
            subject=str(child.resident_id),
        )
        await svc.runtime.bus.publish(
            moved.bus_subject(svc.settings.nats_prefix), moved.to_bytes(), msg_id=str(moved.id)
        )

        async def marker_handled() -> bool:  # the event after the duplicate
            async with svc.runtime.db.session() as session:
                status = await session.scalar(
                    select(residents.c.status).where(residents.c.resident_id == child.resident_id)
                )
            return status == "moved"

        await eventually(marker_handled, what="the events after the duplicate death")
        assert (await outbox_types(svc)).count("aid.beneficiary.flagged") == 2, (
            "one flag per enrolment, not per delivery"
        )
        async with svc.runtime.db.session() as session:
            inbox = (await session.execute(select(messaging.inbox.c.event_id))).scalars().all()
        assert inbox.count(died.id) == 1

        held = ok(await svc.client.get(f"/beneficiaries/{family['id']}", headers=operator(svc)))
        assert held["under_review"] is True
        assert held["review_note"] == "tercatat meninggal dunia sejak 2026-02-02"
        pay = paid("2026-02")
        blocked = problem(
            await svc.client.post(f"/beneficiaries/{family['id']}/disbursements", json=pay, headers=operator(svc)),
            409,
            "beneficiary_flagged",
        )
        assert "ditinjau" in blocked["detail"]
        planned = ok(
            await svc.client.post(
                f"/programs/{blt['id']}/periods/2026-02/plan", json={"village": MOJOWARNO}, headers=operator(svc)
            )
        )
        assert (planned["planned"], planned["held_for_review"]) == (0, 1)

        keep = {"decision": "keep", "note": "Istri menjadi kepala keluarga baru"}
        kept = ok(await svc.client.post(f"/beneficiaries/{family['id']}/review", json=keep, headers=operator(svc)))
        assert kept["under_review"] is False
        ok(await svc.client.post(f"/beneficiaries/{family['id']}/disbursements", json=pay, headers=operator(svc)))
        drop = {"decision": "remove", "note": "Peserta meninggal dunia"}
        removed = ok(await svc.client.post(f"/beneficiaries/{person['id']}/review", json=drop, headers=operator(svc)))
        assert (removed["status"], removed["removed_reason"]) == ("removed", "Peserta meninggal dunia")


async def test_resident_sees_own_and_family_aid_in_full(aid) -> None:
    async with aid() as svc:
        head, child, stranger = registered(1, FAMILY), registered(2, FAMILY), registered(3)
        await deliver(
            svc,
            *villages_enabled(),
            head,
            child,
            stranger,
            family_changed(FAMILY, 1, [head.resident_id, child.resident_id]),
        )
        blt = await create_program(svc)
        body = {"village": MOJOWARNO, "resident_id": str(head.resident_id), "name": "Siti Aminah"}
        family = ok(
            await svc.client.post(f"/programs/{blt['id']}/beneficiaries", json=body, headers=operator(svc)), 201
        )
        pay = paid("2026-01")
        ok(await svc.client.post(f"/beneficiaries/{family['id']}/disbursements", json=pay, headers=operator(svc)))

        mine = ok(await svc.client.get("/me/aid", headers=resident(svc, child.resident_id)))
        assert mine["family_members"] == 1
        [entry] = mine["enrolments"]
        assert entry["beneficiary"]["name"] == "Siti Aminah", "a resident sees their family's aid unmasked"
        assert entry["program"]["name"] == "BLT Dana Desa 2026"
        assert entry["disbursements"][0]["amount_rupiah"] == 300000
        stamps = [entry["beneficiary"]["enrolled_at"], entry["disbursements"][0]["recorded_at"]]
        assert all(s.endswith("+00:00") for s in stamps), f"timestamps are UTC with the offset written out: {stamps}"
        detail = ok(await svc.client.get(f"/beneficiaries/{family['id']}", headers=operator(svc)))
        assert detail["disbursements"] == entry["disbursements"]
        assert {k: v for k, v in detail.items() if k != "disbursements"} == entry["beneficiary"]
        assert ok(await svc.client.get("/me/aid", headers=resident(svc, stranger.resident_id)))["enrolments"] == []
        problem(await svc.client.get("/me/aid", headers=operator(svc)), 403, "residents_only")
        problem(await svc.client.get("/me/aid"), 401, "unauthorized")


async def test_a_corrected_nik_moves_the_enrolments_to_the_new_hash(aid) -> None:
    async with aid() as svc:
        person = registered(1)
        await deliver(svc, *villages_enabled(), person)
        kis = await create_program(svc, name="KIS PBI Desa", kind="kis_pbi", target="person", source_of_funds="apbd")
        body = {"village": MOJOWARNO, "resident_id": str(person.resident_id)}
        ok(await svc.client.post(f"/programs/{kis['id']}/beneficiaries", json=body, headers=operator(svc)), 201)
        assert ok(await svc.client.post("/check", json={"nik": nik(1)}))["enrolled"] is True

        corrected = ResidentUpdatedV1(
            resident_id=person.resident_id,
            village_code=MOJOWARNO,
            family_id=None,
            profile=person.profile,
            changed=["nik"],
            nik_hash=hasher(nik(99), "nik"),
            nik_masked=nik(99)[:6] + "*" * 10,
        )
        await deliver(svc, corrected)
        assert ok(await svc.client.post("/check", json={"nik": nik(99)}))["enrolled"] is True
        assert ok(await svc.client.post("/check", json={"nik": nik(1)}))["enrolled"] is False
        again = {"village": MOJOWARNO, "nik": nik(99)}
        problem(await svc.client.post(f"/programs/{kis['id']}/beneficiaries", json=again, headers=operator(svc)), 409)
