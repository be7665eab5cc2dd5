"""Village notices on PostgreSQL: publish -> public board, idempotent retries, edits, archive, expiry,
tenant isolation by village, the outbox events and the audit trail."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import update

from balai.common.testing.harness import RunningService
from balai.identity.models import notices

from .test_register_support import (
    A_DOTTED,
    A,
    B,
    admin,
    audit_rows,
    camat,
    enable,
    events,
    kades,
    operator,
    resident_token,
    start,
    village_today,
)

pytestmark = pytest.mark.integration

BLT = {
    "title": "Pencairan BLT-DD tahap 3 tanggal 5 Desember di balai desa",
    "body": "Penerima BLT Dana Desa dimohon hadir pukul 08.00 WIB.\n\nBawa e-KTP dan KK asli.",
    "category": "bantuan",
    "pinned": True,
}
POSYANDU = {
    "title": "Posyandu balita Kamis",
    "body": "Di rumah Bu Kasun Krajan, pukul 08.00. Bawa buku KIA.",
    "category": "kesehatan",
}


def named_operator(svc: RunningService, village: str = A) -> dict[str, str]:
    return svc.headers(f"op-{village}", roles=["operator"], village=village, amr=["password"], name="Sri Wahyuni")


async def publish(
    svc: RunningService, body: dict[str, Any], village: str = A, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    response = await svc.client.post(
        f"/villages/{village}/notices", json=body, headers=headers or named_operator(svc, village)
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def board_titles(svc: RunningService, village: str = A, **params: Any) -> list[str]:
    response = await svc.client.get(f"/villages/{village}/notices", params=params)
    assert response.status_code == 200, response.text
    return [n["title"] for n in response.json()["items"]]


async def test_published_notice_is_on_the_public_board_with_its_event(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        created = await publish(svc, BLT)
        assert uuid.UUID(created["id"]).version == 7
        assert created["village_code"] == A_DOTTED
        assert (created["category"], created["category_label"], created["category_label_en"]) == (
            "bantuan",
            "Bantuan sosial",
            "Social aid",
        )
        assert (created["author_name"], created["author_role"], created["author_id"]) == (
            "Sri Wahyuni",
            "operator",
            f"op-{A}",
        )
        assert created["active"] is True
        assert created["archived"] is False
        assert dt.datetime.fromisoformat(created["published_at"]).tzinfo is not None

        public = await svc.client.get(f"/villages/{A}/notices")  # no login
        assert public.status_code == 200
        assert "max-age" in public.headers["cache-control"]
        page = public.json()
        assert page["total"] == 1
        assert page["next_offset"] is None
        item = page["items"][0]
        assert item["title"] == BLT["title"]
        assert item["body"] == BLT["body"]
        assert item["pinned"] is True
        assert not {"author_id", "author_name", "archived"} & set(item)  # the author stays private
        one = await svc.client.get(f"/villages/{A_DOTTED}/notices/{created['id']}")
        assert one.status_code == 200
        assert one.json() == item

        published = await events(svc, "identity.notice.published")
        assert len(published) == 1
        envelope = published[0]
        assert (envelope.village, envelope.subject) == (A, created["id"])
        assert envelope.data == {
            "notice_id": created["id"],
            "village_code": A_DOTTED,
            "title": BLT["title"],
            "category": "bantuan",
            "pinned": True,
            "published_at": envelope.data["published_at"],
            "expires_on": None,
        }
        assert "body" not in envelope.data
        assert "op-" not in str(envelope.data)
        assert [r["target"] for r in await audit_rows(svc, "notice.publish")] == [created["id"]]

        categories = await svc.client.get("/notices/categories")
        assert categories.status_code == 200
        assert {"value": "kesehatan", "label": "Kesehatan", "label_en": "Health"} in categories.json()


async def test_retry_with_the_same_idempotency_key_returns_the_same_notice(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        headers = named_operator(svc) | {"Idempotency-Key": "notice-blt-3"}
        first = await svc.client.post(f"/villages/{A}/notices", json=BLT, headers=headers)
        again = await svc.client.post(f"/villages/{A}/notices", json=BLT, headers=headers)
        assert (first.status_code, again.status_code) == (201, 201)
        assert again.json()["id"] == first.json()["id"]
        assert (first.headers["idempotent-replayed"], again.headers["idempotent-replayed"]) == ("false", "true")
        assert await board_titles(svc) == [BLT["title"]]
        assert len(await events(svc, "identity.notice.published")) == 1

        other_body = await svc.client.post(f"/villages/{A}/notices", json=POSYANDU, headers=headers)
        assert other_body.status_code == 422
        assert other_body.json()["code"] == "idempotency_key_reused"
        # the key is the caller's: the kades may use the same string for their own notice
        by_kades = await svc.client.post(
            f"/villages/{A}/notices", json=POSYANDU, headers=kades(svc) | {"Idempotency-Key": "notice-blt-3"}
        )
        assert by_kades.status_code == 201
        assert by_kades.json()["author_role"] == "kades"


async def test_board_order_paging_and_expiry(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        first = await publish(svc, {**POSYANDU, "title": "Posyandu balita Kamis"})
        await publish(svc, {**POSYANDU, "title": "Kerja bakti RT 02", "category": "kegiatan"})
        await publish(svc, BLT)  # pinned
        expiring = await publish(
            svc, {**POSYANDU, "title": "Vaksinasi hari ini", "expires_on": village_today().isoformat()}
        )
        assert await board_titles(svc) == [
            BLT["title"],
            "Vaksinasi hari ini",
            "Kerja bakti RT 02",
            "Posyandu balita Kamis",
        ]
        page = (await svc.client.get(f"/villages/{A}/notices", params={"limit": 2, "offset": 2})).json()
        assert ([n["title"] for n in page["items"]], page["total"], page["next_offset"]) == (
            ["Kerja bakti RT 02", "Posyandu balita Kamis"],
            4,
            None,
        )
        assert (await svc.client.get(f"/villages/{A}/notices", params={"limit": 2})).json()["next_offset"] == 2

        # the day after its expiry: off the public board, still in the operator's list
        async with svc.runtime.db.session() as s, s.begin():
            yesterday = village_today() - dt.timedelta(days=1)
            await s.execute(
                update(notices).where(notices.c.id == uuid.UUID(expiring["id"])).values(expires_on=yesterday)
            )
        assert "Vaksinasi hari ini" not in await board_titles(svc)
        gone = await svc.client.get(f"/villages/{A}/notices/{expiring['id']}")
        assert gone.status_code == 404
        assert gone.json()["code"] == "notice_not_found"
        staff = await svc.client.get(f"/villages/{A}/notices/all", headers=operator(svc))
        assert staff.status_code == 200, staff.text
        assert staff.headers["cache-control"] == "no-store"
        listed = {n["title"]: n for n in staff.json()["items"]}
        assert listed["Vaksinasi hari ini"]["expired"] is True
        assert listed["Vaksinasi hari ini"]["active"] is False
        assert listed["Posyandu balita Kamis"]["active"] is True

        past = await svc.client.post(
            f"/villages/{A}/notices", json={**POSYANDU, "expires_on": yesterday.isoformat()}, headers=operator(svc)
        )
        assert past.status_code == 422
        assert [i["code"] for i in past.json()["issues"]] == ["expires_on.past"]
        assert first["id"] in {n["id"] for n in staff.json()["items"]}


async def test_text_rules_answer_422_with_every_issue(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        bad = {"title": "x" * 121, "body": "Penerima: <b>Siti</b> NIK 3317094501900001", "category": "umum"}
        response = await svc.client.post(f"/villages/{A}/notices", json=bad, headers=operator(svc))
        assert response.status_code == 422
        problem = response.json()
        assert problem["code"] == "notice_invalid"
        assert [(i["field"], i["code"]) for i in problem["issues"]] == [
            ("title", "title.too_long"),
            ("body", "body.html"),
            ("body", "body.personal_number"),
        ]
        assert problem["detail"].startswith("Pengumuman belum dapat disimpan: Judul paling panjang 120 karakter")
        assert "3317094501900001" not in str(await audit_rows(svc))
        unknown = await svc.client.post(
            f"/villages/{A}/notices", json={**BLT, "category": "politik"}, headers=operator(svc)
        )
        assert unknown.status_code == 422
        assert await events(svc, "identity.notice.published") == []


async def test_edit_pin_and_archive(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A)
        notice = await publish(svc, POSYANDU)
        url = f"/villages/{A}/notices/{notice['id']}"
        edited = await svc.client.patch(
            url, json={"title": " Posyandu balita  Kamis 28 November ", "pinned": True}, headers=kades(svc)
        )
        assert edited.status_code == 200, edited.text
        assert (edited.json()["title"], edited.json()["pinned"]) == ("Posyandu balita Kamis 28 November", True)
        assert dt.datetime.fromisoformat(edited.json()["updated_at"]) > dt.datetime.fromisoformat(notice["updated_at"])
        assert edited.json()["published_at"] == notice["published_at"]
        assert (await svc.client.patch(url, json={"pinned": True}, headers=operator(svc))).status_code == 200
        assert [r["detail"] for r in await audit_rows(svc, "notice.update")] == ["fields=title,pinned"]
        cleared = await svc.client.patch(url, json={"expires_on": None, "category": "umum"}, headers=admin(svc))
        assert cleared.json()["category_label"] == "Umum"
        emptied = await svc.client.patch(url, json={"title": None}, headers=operator(svc))
        assert emptied.status_code == 422

        archived = await svc.client.post(f"{url}/archive", headers=operator(svc))
        assert archived.status_code == 200
        assert archived.json()["archived"] is True
        assert archived.json()["active"] is False
        again = await svc.client.post(f"{url}/archive", headers=operator(svc))
        assert again.status_code == 200
        assert again.json()["archived_at"] == archived.json()["archived_at"]
        assert len(await audit_rows(svc, "notice.archive")) == 1
        notice_events = await events(svc, "identity.notice.published", "identity.notice.archived")
        assert [e.type for e in notice_events] == ["identity.notice.published", "identity.notice.archived"]  # no edits

        assert await board_titles(svc) == []
        assert (await svc.client.get(url)).status_code == 404
        locked = await svc.client.patch(url, json={"pinned": False}, headers=operator(svc))
        assert locked.status_code == 409
        assert locked.json()["code"] == "notice_archived"
        staff = (await svc.client.get(f"/villages/{A}/notices/all", headers=operator(svc))).json()
        assert [n["archived"] for n in staff["items"]] == [True]


async def test_another_villages_staff_cannot_write_or_see_the_staff_list(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        notice = await publish(svc, BLT)
        theirs = await publish(svc, POSYANDU, village=B)
        url = f"/villages/{A}/notices/{notice['id']}"

        for headers in (operator(svc, B), kades(svc, B), camat(svc)):
            for response in (
                await svc.client.patch(url, json={"pinned": False}, headers=headers),
                await svc.client.post(f"{url}/archive", headers=headers),
                await svc.client.post(f"/villages/{A}/notices", json=POSYANDU, headers=headers),
                await svc.client.get(f"/villages/{A}/notices/all", headers=headers),
            ):
                assert response.status_code == 403, response.text
                assert response.json()["code"] == "other_village"
        resident = resident_token(svc, str(uuid.uuid4()), A)
        refused = await svc.client.post(f"/villages/{A}/notices", json=POSYANDU, headers=resident)
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
        assert (await svc.client.post(f"/villages/{A}/notices", json=POSYANDU)).status_code == 401

        # A's operator naming B's notice under A's path: not found (ids reveal nothing)
        crossed = await svc.client.patch(
            f"/villages/{A}/notices/{theirs['id']}", json={"pinned": True}, headers=operator(svc)
        )
        assert (crossed.status_code, crossed.json()["code"]) == (404, "notice_not_found")
        assert (await svc.client.get(f"/villages/{A}/notices/{theirs['id']}")).status_code == 404
        assert (
            await svc.client.post(f"/villages/{A}/notices/{theirs['id']}/archive", headers=operator(svc))
        ).status_code == 404

        assert await board_titles(svc, A) == [BLT["title"]]
        assert await board_titles(svc, B) == [POSYANDU["title"]]
        assert (await svc.client.get(f"/villages/{A}/notices/{notice['id']}")).json()["pinned"] is True
        not_enabled = await svc.client.get("/villages/3317092002/notices")
        assert (not_enabled.status_code, not_enabled.json()["code"]) == (404, "village_not_enabled")
        assert (await svc.client.get("/villages/abc/notices")).status_code == 404
