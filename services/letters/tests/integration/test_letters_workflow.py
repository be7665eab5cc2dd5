"""The request workflow over HTTP: states, history, return/resubmit, secretary check, who may sign,
what residents see, and the idempotent submit."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from .conftest import (
    DOMISILI,
    VILLAGE,
    kades,
    operator,
    resident,
    seed,
    submit,
    upload,
    verified,
)

pytestmark = pytest.mark.integration


async def test_return_resubmit_check_and_sign_with_history(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        rid = await seed(svc, directory)
        request_id = (await submit(svc, rid))["id"]
        path = f"/requests/{request_id}"

        no_reason = await svc.client.post(f"{path}/return", headers=operator(svc), json={"reason": " "})
        assert no_reason.status_code == 422
        returned = await svc.client.post(
            f"{path}/return", headers=operator(svc), json={"reason": "Foto pengantar RT buram"}
        )
        assert returned.json()["state"] == "returned"
        assert (await svc.client.post(f"{path}/verify", headers=operator(svc))).status_code == 409

        new_doc = await upload(svc, resident(svc, rid))
        again = await svc.client.post(
            f"{path}/resubmit",
            headers=resident(svc, rid),
            json={"fields": DOMISILI | {"alamat_domisili": "Dusun Krajan RT 004 RW 002"}, "attachments": [new_doc]},
        )
        assert again.status_code == 200, again.text
        assert again.json()["state"] == "submitted"
        assert again.json()["fields"]["alamat_domisili"] == "Dusun Krajan RT 004 RW 002"
        assert [a["id"] for a in again.json()["attachments"]] == [new_doc]

        settings = await svc.client.patch(
            f"/villages/{VILLAGE}/settings", headers=kades(svc), json={"secretary_check": True}
        )
        assert settings.status_code == 200
        assert settings.json()["secretary_check"] is True
        assert (await svc.client.post(f"{path}/verify", headers=operator(svc, subject="op-a"))).status_code == 200
        early = await svc.client.post(f"{path}/sign", headers=kades(svc))
        assert early.status_code == 409
        assert early.json()["code"] == "wrong_state"
        same_person = await svc.client.post(f"{path}/check", headers=operator(svc, subject="op-a"))
        assert same_person.status_code == 409
        assert same_person.json()["code"] == "four_eyes"
        checked = await svc.client.post(f"{path}/check", headers=operator(svc, subject="sekdes"))
        assert checked.json()["state"] == "checked"

        by_operator = await svc.client.post(f"{path}/sign", headers=operator(svc))
        assert by_operator.status_code == 403
        await svc.client.patch(
            f"/villages/{VILLAGE}/settings", headers=kades(svc), json={"operator_may_sign": ["domisili"]}
        )
        signed = await svc.client.post(f"{path}/sign", headers=operator(svc))
        assert signed.status_code == 200, signed.text
        assert signed.json()["letter"]["signer_on_behalf_of"] == "Kepala Desa Mojowarno"
        assert signed.json()["letter"]["signer_position"] == "Sekretaris Desa"
        twice = await svc.client.post(f"{path}/sign", headers=kades(svc))
        assert twice.status_code == 409

        seen = (await svc.client.get(path, headers=resident(svc, rid))).json()
        assert [(h["action"], h["state"]) for h in seen["history"]] == [
            ("submit", "submitted"),
            ("return", "returned"),
            ("resubmit", "submitted"),
            ("verify", "verified"),
            ("check", "checked"),
            ("sign", "signed"),
        ]
        assert seen["history"][1]["reason"] == "Foto pengantar RT buram"


async def test_reject_is_final_and_residents_see_only_their_own(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        siti = await seed(svc, directory)
        budi = await seed(svc, directory, name="Budi Santoso", nik="3317092503900002")
        mine = (await submit(svc, siti))["id"]
        theirs = (await submit(svc, budi))["id"]
        rejected = await svc.client.post(
            f"/requests/{mine}/reject", headers=operator(svc), json={"reason": "Bukan warga desa ini"}
        )
        assert rejected.json()["state"] == "rejected"
        assert (await svc.client.post(f"/requests/{mine}/verify", headers=operator(svc))).status_code == 409
        assert (await svc.client.get(f"/requests/{theirs}", headers=resident(svc, siti))).status_code == 404
        assert (await svc.client.post(f"/requests/{theirs}/verify", headers=resident(svc, siti))).status_code == 404
        listed = (await svc.client.get("/me/requests", headers=resident(svc, siti))).json()["items"]
        assert [r["id"] for r in listed] == [mine]
        staff = (await svc.client.get(f"/villages/{VILLAGE}/requests", headers=operator(svc))).json()["items"]
        assert {r["id"] for r in staff} == {mine, theirs}
        rejected_only = await svc.client.get(
            f"/villages/{VILLAGE}/requests", params={"state": "rejected"}, headers=operator(svc)
        )
        assert [r["id"] for r in rejected_only.json()["items"]] == [mine]
        assert (await svc.client.get(f"/villages/{VILLAGE}/requests", headers=resident(svc, siti))).status_code == 403
        own = (await svc.client.get(f"/requests/{mine}/verify", headers=resident(svc, siti))).status_code
        assert own == 405
        # a resident cannot move their own request along, nor apply for someone else
        verify_own = await svc.client.post(f"/requests/{theirs}/verify", headers=resident(svc, budi))
        assert verify_own.status_code == 403
        for_other = await svc.client.post(
            f"/villages/{VILLAGE}/requests",
            headers=resident(svc, siti),
            json={"type": "skck", "fields": {"keperluan": "x"}, "resident_id": str(budi)},
        )
        assert for_other.status_code == 403


async def test_operator_submits_on_behalf_and_required_documents(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        rid = await seed(svc, directory)
        body = {"type": "skck", "fields": {"keperluan": "Melamar kerja"}, "resident_id": str(rid)}
        missing = await svc.client.post(f"/villages/{VILLAGE}/requests", headers=operator(svc), json=body)
        assert missing.status_code == 422
        assert missing.json()["code"] == "documents_missing"
        doc = await upload(svc, operator(svc), rid)
        made = await svc.client.post(
            f"/villages/{VILLAGE}/requests", headers=operator(svc), json=body | {"attachments": [doc]}
        )
        assert made.status_code == 201, made.text
        assert made.json()["channel"] == "counter"
        reused = await svc.client.post(
            f"/villages/{VILLAGE}/requests", headers=operator(svc), json=body | {"attachments": [doc]}
        )
        assert reused.status_code == 422
        assert reused.json()["code"] == "attachment_used"
        bad_fields = await svc.client.post(
            f"/villages/{VILLAGE}/requests",
            headers=operator(svc),
            json={"type": "usaha", "fields": {"nama_usaha": "Warung"}, "resident_id": str(rid)},
        )
        assert bad_fields.status_code == 422
        assert bad_fields.json()["code"] == "fields_invalid"
        assert {e["field"] for e in bad_fields.json()["errors"]} >= {"jenis_usaha", "alamat_usaha", "keperluan"}
        unknown = await svc.client.post(
            f"/villages/{VILLAGE}/requests",
            headers=operator(svc),
            json={"type": "domisili", "fields": DOMISILI, "resident_id": str(uuid.uuid4())},
        )
        assert unknown.status_code == 422
        # a kiosk session of the resident submits as channel "kiosk"
        kiosk = resident(svc, rid, device=str(uuid.uuid4()))
        kiosk_doc = await upload(svc, kiosk)
        at_kiosk = await svc.client.post(
            f"/villages/{VILLAGE}/requests",
            headers=kiosk,
            json={"type": "domisili", "fields": DOMISILI, "attachments": [kiosk_doc]},
        )
        assert at_kiosk.json()["channel"] == "kiosk"


async def test_idempotent_submit_makes_one_request(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        rid = await seed(svc, directory)
        headers = resident(svc, rid)
        doc = await upload(svc, headers)
        body = {"type": "domisili", "fields": DOMISILI, "attachments": [doc]}
        key = {"Idempotency-Key": "pwa-7f3c2a"}
        first = await svc.client.post(f"/villages/{VILLAGE}/requests", json=body, headers=headers | key)
        again = await svc.client.post(f"/villages/{VILLAGE}/requests", json=body, headers=headers | key)
        assert first.status_code == again.status_code == 201
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["Idempotent-Replayed"] == "true"
        changed = await svc.client.post(
            f"/villages/{VILLAGE}/requests", json=body | {"type": "skck"}, headers=headers | key
        )
        assert changed.status_code == 422
        assert changed.json()["code"] == "idempotency_key_reused"

        doc2 = await upload(svc, headers)
        twins = {"type": "domisili", "fields": DOMISILI, "attachments": [doc2]}
        key2 = {"Idempotency-Key": "kiosk-retry-1"}
        answers = await asyncio.gather(
            *(svc.client.post(f"/villages/{VILLAGE}/requests", json=twins, headers=headers | key2) for _ in range(4))
        )
        assert {a.status_code for a in answers} == {201}
        assert len({a.json()["id"] for a in answers}) == 1
        mine = (await svc.client.get("/me/requests", headers=headers)).json()["items"]
        assert len(mine) == 2


async def test_moved_resident_cannot_apply(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        rid = await seed(svc, directory)
        async with svc.runtime.uow() as uow:
            await uow.villages.update_resident(rid, {"status": "moved"})
            await uow.commit()
        doc_response = await svc.client.post(
            f"/villages/{VILLAGE}/uploads",
            params={"kind": "pengantar_rt_rw"},
            content=b"\x89PNG\r\n\x1a\n",
            headers=resident(svc, rid) | {"Content-Type": "image/png"},
        )
        assert doc_response.status_code == 415  # a PNG header alone is not an image
        refused = await svc.client.post(
            f"/villages/{VILLAGE}/requests",
            headers=operator(svc),
            json={"type": "skck", "fields": {"keperluan": "x"}, "resident_id": str(rid)},
        )
        assert refused.status_code == 422
        assert refused.json()["code"] == "resident_inactive"


async def test_sign_refuses_other_roles(letters, directory) -> None:
    async with letters(consumers_enabled=False) as svc:
        rid = await seed(svc, directory)
        request_id = await verified(svc, rid)
        admin = svc.headers("admin", roles=["regency_admin"], village=None)
        assert (await svc.client.post(f"/requests/{request_id}/sign", headers=admin)).status_code == 403
        assert (await svc.client.post(f"/requests/{request_id}/sign", headers=resident(svc, rid))).status_code == 403
        assert (await svc.client.get(f"/requests/{request_id}", headers=admin)).status_code == 200
