"""Residents and families: registration with NIK rules and flags, search, corrections, moves, deaths, /me."""

from __future__ import annotations

import re

import pytest

from balai.common.privacy import personal_number_hash
from balai.identity.models import families, residents

from .test_register_support import (
    A_DOTTED,
    ADI_NIK,
    BUDI_NIK,
    KK_A,
    KK_B,
    SITI_NIK,
    A,
    B,
    adi,
    admin,
    audit_rows,
    budi,
    camat,
    count,
    enable,
    events,
    kades,
    operator,
    register,
    resident_token,
    siti,
    start,
)

pytestmark = pytest.mark.integration


async def test_register_resident_creates_family_and_events_without_nik(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        created = await register(svc, siti())
        assert created["nik"] == SITI_NIK  # the village's own operator sees it in full
        assert created["nik_masked"] == "331709**********"
        assert created["kk_number"] == KK_A
        assert created["address"] == {"dusun": "Krajan", "rw": "001", "rt": "002", "street": "Jl. Raya Mojowarno 1"}
        assert created["review_flags"] == []
        assert created["status"] == "living"

        registered = await events(svc, "identity.resident.registered")
        assert len(registered) == 1
        data = registered[0].data
        key = svc.settings.nik_hash_key.get_secret_value()
        assert data["nik_hash"] == personal_number_hash(SITI_NIK, key)
        assert data["nik_masked"] == "331709**********"
        assert data["village_code"] == A_DOTTED
        assert data["profile"]["occupation"] == "petani_pekebun"
        assert data["profile"]["address"]["rw"] == "001"
        family = (await events(svc, "identity.family.changed"))[0].data
        assert family["family_id"] == created["family_id"]
        assert family["kk_hash"] == personal_number_hash(KK_A, key, kind="kk")
        assert family["head_resident_id"] == created["id"]

        await register(svc, budi())
        family_events = await events(svc, "identity.family.changed")
        assert len(family_events) == 2
        assert [m["relationship"] for m in family_events[-1].data["members"]] == ["head", "husband"]
        assert await count(svc, families) == 1

        for envelope in await events(svc):
            raw = envelope.model_dump_json()
            assert not {SITI_NIK, BUDI_NIK, KK_A} & set(re.findall(r"\d{16}", raw))
        audit = await audit_rows(svc, "resident.register")
        assert len(audit) == 2
        assert all(SITI_NIK not in str(row) and BUDI_NIK not in str(row) for row in audit)


async def test_nik_rules_broken_are_errors_disagreements_are_flags(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        url, headers = f"/villages/{A}/residents", operator(svc)
        bad_district = await svc.client.post(url, json=siti(nik="9999994501900001"), headers=headers)
        assert bad_district.status_code == 422
        problem = bad_district.json()
        assert problem["code"] == "resident_invalid"
        assert [i["code"] for i in problem["issues"]] == ["nik.district_unknown"]
        assert "kode kecamatan" in problem["detail"]
        several = await svc.client.post(url, json=siti(nik="3317099913900000", kk_number="12"), headers=headers)
        assert {i["code"] for i in several.json()["issues"]} == {
            "nik.birth_day_invalid",
            "nik.serial_zero",
            "kk.format",
        }
        short = await svc.client.post(url, json=siti(nik="33170945"), headers=headers)
        assert [i["code"] for i in short.json()["issues"]] == ["nik.format"]
        future = await svc.client.post(url, json=siti(birth_date="2999-01-01"), headers=headers)
        assert "birth_date.out_of_range" in {i["code"] for i in future.json()["issues"]}
        assert await count(svc, residents) == 0
        assert await events(svc, "identity.resident.registered") == []

        flagged = await register(svc, siti(sex="male", birth_date="1990-01-06"))
        assert [f["code"] for f in flagged["review_flags"]] == ["nik.sex_mismatch", "nik.birth_date_mismatch"]
        assert all(f["column"] == "nik" for f in flagged["review_flags"])
        review = await svc.client.get(f"/villages/{A}/residents/review", headers=headers)
        assert [r["id"] for r in review.json()["items"]] == [flagged["id"]]
        await register(svc, budi())
        assert (await svc.client.get(f"/villages/{A}/residents/review", headers=headers)).json()["total"] == 1

        reviewed = await svc.client.post(f"/residents/{flagged['id']}/reviewed", headers=headers)
        assert reviewed.status_code == 200
        assert reviewed.json()["review_flags"] == []
        assert (await svc.client.get(f"/villages/{A}/residents/review", headers=headers)).json()["total"] == 0
        assert (await audit_rows(svc, "resident.reviewed"))[0][
            "detail"
        ] == "flags=nik.birth_date_mismatch,nik.sex_mismatch"
        # a later correction that does not touch NIK, sex or birth date keeps the review done
        await svc.client.patch(f"/residents/{flagged['id']}", json={"occupation": "guru"}, headers=headers)
        assert (await svc.client.get(f"/residents/{flagged['id']}", headers=headers)).json()["review_flags"] == []


async def test_duplicates_and_other_villages_numbers_conflict(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        await register(svc, siti())
        url = f"/villages/{A}/residents"
        again = await svc.client.post(url, json=siti(name="Siti Lain"), headers=operator(svc))
        assert again.status_code == 409
        assert again.json()["code"] == "nik_exists"
        elsewhere = await svc.client.post(
            f"/villages/{B}/residents", json=siti(kk_number=KK_B), headers=operator(svc, B)
        )
        assert elsewhere.status_code == 409
        assert "desa lain" in elsewhere.json()["detail"]
        foreign_kk = await svc.client.post(f"/villages/{B}/residents", json=budi(), headers=operator(svc, B))
        assert foreign_kk.status_code == 409
        assert foreign_kk.json()["code"] == "kk_other_village"
        assert await count(svc, residents) == 1

        key = {"Idempotency-Key": "form-42"}
        first = await svc.client.post(url, json=budi(), headers={**operator(svc), **key})
        replay = await svc.client.post(url, json=budi(), headers={**operator(svc), **key})
        assert (first.status_code, replay.status_code) == (201, 201)
        assert replay.headers["idempotent-replayed"] == "true"
        assert replay.json()["id"] == first.json()["id"]
        assert await count(svc, residents) == 2


async def test_search_pages_and_number_masking(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        for body in (siti(), budi(), adi()):
            await register(svc, body)
        url, headers = f"/villages/{A}/residents", operator(svc)

        async def found(**params: object) -> dict:
            response = await svc.client.get(url, params=params, headers=headers)
            assert response.status_code == 200, response.text
            return response.json()

        assert [r["name"] for r in (await found())["items"]] == ["Adi", "Budi Santoso", "Siti Aminah"]
        assert [r["name"] for r in (await found(q="sAnTo"))["items"]] == ["Budi Santoso"]
        assert [r["name"] for r in (await found(q="3317091203"))["items"]] == ["Budi Santoso"]
        assert (await found(q="331709"))["total"] == 3
        assert (await found(q="%"))["total"] == 0
        page = await found(size=2, page=2)
        assert (page["total"], [r["name"] for r in page["items"]]) == (3, ["Siti Aminah"])
        assert (await found(status="moved"))["total"] == 0
        assert (await found())["items"][0]["nik"] == ADI_NIK

        as_admin = (await svc.client.get(url, headers=admin(svc))).json()["items"]
        assert {r["nik"] for r in as_admin} == {"331709**********"}
        assert all(r["kk_number"] == "331709**********" and r["extras"] is None for r in as_admin)
        assert (await svc.client.get(url, headers=kades(svc))).json()["items"][0]["nik"] == ADI_NIK
        assert (await svc.client.get(url, headers=camat(svc))).status_code == 403
        assert (await svc.client.get(url, headers=resident_token(svc, "x"))).status_code == 403
        too_big = await svc.client.get(url, params={"size": 1000}, headers=headers)
        assert too_big.status_code == 422


async def test_corrections_emit_only_what_changed(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        siti_id = (await register(svc, siti()))["id"]
        budi_row = await register(svc, budi())
        url, headers = f"/residents/{budi_row['id']}", operator(svc)

        changed = await svc.client.patch(url, json={"occupation": "guru", "phone": "0811"}, headers=headers)
        assert changed.status_code == 200, changed.text
        assert changed.json()["occupation"] == "guru"
        updates = await events(svc, "identity.resident.updated")
        assert [e.data["changed"] for e in updates] == [["occupation"]]
        assert updates[0].data["nik_hash"] is None
        await svc.client.patch(url, json={"phone": "0812"}, headers=headers)  # not visible to other services
        await svc.client.patch(url, json={"occupation": "guru"}, headers=headers)  # no change at all
        assert len(await events(svc, "identity.resident.updated")) == 1
        assert len(await audit_rows(svc, "resident.update")) == 2

        corrected_nik = "3317091203880005"
        fixed = await svc.client.patch(url, json={"nik": corrected_nik, "birth_date": "1988-03-13"}, headers=headers)
        assert fixed.json()["nik"] == corrected_nik
        assert [f["code"] for f in fixed.json()["review_flags"]] == ["nik.birth_date_mismatch"]
        last = (await events(svc, "identity.resident.updated"))[-1].data
        assert sorted(last["changed"]) == ["birth_date", "nik"]
        assert last["nik_hash"] == personal_number_hash(corrected_nik, svc.settings.nik_hash_key.get_secret_value())
        taken = await svc.client.patch(url, json={"nik": SITI_NIK}, headers=headers)
        assert taken.status_code == 409
        invalid = await svc.client.patch(url, json={"nik": "1234"}, headers=headers)
        assert invalid.status_code == 422
        cleared = await svc.client.patch(url, json={"name": None}, headers=headers)
        assert cleared.status_code == 422

        before = len(await events(svc, "identity.family.changed"))
        moved_family = await svc.client.patch(url, json={"kk_number": KK_B, "relationship": "head"}, headers=headers)
        assert moved_family.json()["kk_number"] == KK_B
        family_events = (await events(svc, "identity.family.changed"))[before:]
        assert len(family_events) == 2  # left Siti's family, founded his own
        old, new = (e.data for e in family_events)
        assert [m["resident_id"] for m in old["members"]] == [siti_id]
        assert [m["resident_id"] for m in new["members"]] == [budi_row["id"]]
        assert await count(svc, families) == 2


async def test_move_and_death_are_events_never_deletes(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        siti_id = (await register(svc, siti()))["id"]
        budi_id = (await register(svc, budi()))["id"]
        headers = operator(svc)

        moved = await svc.client.post(
            f"/residents/{budi_id}/move",
            json={"moved_on": "2026-01-10", "destination": "Kota Semarang"},
            headers=headers,
        )
        assert moved.status_code == 200, moved.text
        assert (moved.json()["status"], moved.json()["status_date"], moved.json()["status_note"]) == (
            "moved",
            "2026-01-10",
            "Kota Semarang",
        )
        event = (await events(svc, "identity.resident.moved"))[0]
        assert event.data == {
            "resident_id": budi_id,
            "village_code": A_DOTTED,
            "moved_on": "2026-01-10",
            "destination": "Kota Semarang",
        }
        family = (await events(svc, "identity.family.changed"))[-1].data
        assert [m["resident_id"] for m in family["members"]] == [siti_id]
        twice = await svc.client.post(f"/residents/{budi_id}/move", json={"moved_on": "2026-01-11"}, headers=headers)
        assert twice.status_code == 409

        early = await svc.client.post(f"/residents/{siti_id}/death", json={"died_on": "1980-01-01"}, headers=headers)
        assert early.status_code == 422
        died = await svc.client.post(f"/residents/{siti_id}/death", json={"died_on": "2026-02-01"}, headers=kades(svc))
        assert died.json()["status"] == "deceased"
        assert (await events(svc, "identity.resident.died"))[0].data["died_on"] == "2026-02-01"
        assert (await events(svc, "identity.family.changed"))[-1].data["members"] == []
        assert await count(svc, residents) == 2
        assert [r["action"] for r in await audit_rows(svc) if r["action"].startswith("resident.")][-2:] == [
            "resident.move",
            "resident.death",
        ]

        # Budi arrives in Meteseh: the same record moves there (same id; his PIN and card stay his)
        arrived = await register(svc, budi(kk_number=KK_B, relationship="head"), village=B)
        assert (arrived["id"], arrived["village_code"], arrived["status"]) == (budi_id, "33.17.09.2001", "living")
        assert (await events(svc, "identity.resident.registered"))[-1].village == B
        gone = await svc.client.get(f"/residents/{budi_id}", headers=headers)
        assert gone.status_code == 404


async def test_me_and_my_family(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        siti_id = (await register(svc, siti()))["id"]
        budi_id = (await register(svc, budi()))["id"]
        adi_id = (await register(svc, adi()))["id"]
        me = await svc.client.get("/me", headers=resident_token(svc, siti_id))
        assert me.status_code == 200
        assert (me.json()["nik"], me.json()["kk_number"]) == (SITI_NIK, KK_A)
        family = (await svc.client.get("/me/family", headers=resident_token(svc, adi_id))).json()
        assert family["kk_number"] == KK_A
        assert family["head_resident_id"] == siti_id
        shown = {m["id"]: m["nik"] for m in family["members"]}
        assert shown == {siti_id: "331709**********", budi_id: "331709**********", adi_id: ADI_NIK}

        as_staff = await svc.client.get(f"/villages/{A}/families/{family['id']}", headers=operator(svc))
        assert [m["name"] for m in as_staff.json()["members"]] == ["Siti Aminah", "Budi Santoso", "Adi"]
        assert as_staff.json()["kk_number"] == KK_A

        resident = resident_token(svc, siti_id)
        assert (await svc.client.get(f"/residents/{budi_id}", headers=resident)).status_code == 403
        assert (await svc.client.get(f"/villages/{A}/residents", headers=resident)).status_code == 403
        assert (
            await svc.client.patch(f"/residents/{siti_id}", json={"phone": "1"}, headers=resident)
        ).status_code == 403
        assert (await svc.client.get("/me", headers=operator(svc))).status_code == 403
        stranger = await svc.client.get("/me", headers=resident_token(svc, "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d1e"))
        assert stranger.status_code == 404
