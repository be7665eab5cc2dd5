"""Villages as tenants: enabling, listing, profile and letterhead logo, with every scope checked."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from .test_register_support import (
    A_DOTTED,
    A,
    B,
    C,
    admin,
    audit_rows,
    camat,
    enable,
    events,
    kades,
    operator,
    resident_token,
    start,
)

pytestmark = pytest.mark.integration


def picture(fmt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


async def test_regency_admin_enables_a_village_once(balai_service) -> None:
    async with start(balai_service) as svc:
        denied = await svc.client.post("/villages", json={"code": A_DOTTED}, headers=operator(svc))
        assert denied.status_code == 403
        assert (await svc.client.post("/villages", json={"code": A_DOTTED})).status_code == 401

        first = await svc.client.post("/villages", json={"code": A_DOTTED}, headers=admin(svc))
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["code"] == A_DOTTED
        assert body["compact_code"] == A
        assert (body["name"], body["district_name"], body["regency_name"]) == (
            "Mojowarno",
            "Kaliori",
            "KABUPATEN REMBANG",
        )
        again = await svc.client.post("/villages", json={"code": A}, headers=admin(svc))
        assert again.status_code == 200
        assert again.json()["enabled_at"] == body["enabled_at"]

        enabled = await events(svc, "identity.village.enabled")
        assert len(enabled) == 1
        assert enabled[0].village == A
        assert enabled[0].data["village_code"] == A_DOTTED
        assert enabled[0].data["district_code"] == "33.17.09"
        assert len(await audit_rows(svc, "village.enable")) == 1

        unknown = await svc.client.post("/villages", json={"code": "33.17.09.2999"}, headers=admin(svc))
        assert unknown.status_code == 404
        assert unknown.json()["code"] == "unknown_village_code"
        district = await svc.client.post("/villages", json={"code": "33.17.09"}, headers=admin(svc))
        assert district.status_code == 404


async def test_village_lists_follow_the_callers_scope(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B, C)

        async def codes(headers: dict[str, str]) -> list[str]:
            response = await svc.client.get("/villages", headers=headers)
            assert response.status_code == 200, response.text
            return [v["compact_code"] for v in response.json()]

        assert await codes(admin(svc)) == [C, B, A]
        assert await codes(operator(svc, A)) == [A]
        assert await codes(kades(svc, B)) == [B]
        assert await codes(camat(svc)) == [B, A]
        assert await codes(camat(svc, "331701")) == [C]
        assert (await svc.client.get("/villages", headers=resident_token(svc, "r1"))).status_code == 403
        assert (await svc.client.get("/villages")).status_code == 401

        public = await svc.client.get("/public/villages")
        assert public.status_code == 200
        assert public.json()[-1] == {"code": A_DOTTED, "name": "Mojowarno", "district": "Kaliori"}
        assert "max-age" in public.headers["cache-control"]

        assert (await svc.client.get(f"/villages/{A}", headers=operator(svc, A))).status_code == 200
        assert (await svc.client.get(f"/villages/{A_DOTTED}", headers=camat(svc))).status_code == 200
        assert (await svc.client.get(f"/villages/{A}", headers=operator(svc, B))).status_code == 403
        assert (await svc.client.get(f"/villages/{A}", headers=camat(svc, "331701"))).status_code == 403
        assert (await svc.client.get(f"/villages/{A}", headers=resident_token(svc, "r1"))).status_code == 403
        missing = await svc.client.get("/villages/3317092002", headers=admin(svc))
        assert missing.status_code == 404
        assert (await svc.client.get("/villages/abc", headers=admin(svc))).status_code == 404

        vocab = (await svc.client.get("/register/vocabularies")).json()
        assert {"value": "islam", "label": "Islam"} in vocab["religion"]
        assert len(vocab["occupation"]) == 89


async def test_village_staff_change_their_own_profile_only(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        change = {"head_name": "Sutrisno", "address": "Jl. Balai Desa 1", "phone": "0295 123456", "email": "desa@x.id"}
        ok = await svc.client.patch(f"/villages/{A}", json=change, headers=operator(svc, A))
        assert ok.status_code == 200, ok.text
        assert {k: ok.json()[k] for k in change} == change
        by_kades = await svc.client.patch(f"/villages/{A}", json={"head_name": "H. Sutrisno"}, headers=kades(svc, A))
        assert by_kades.json()["head_name"] == "H. Sutrisno"
        unchanged = await svc.client.patch(f"/villages/{A}", json={"phone": "0295 123456"}, headers=kades(svc, A))
        assert unchanged.status_code == 200
        rows = await audit_rows(svc, "village.profile")
        assert [r["detail"] for r in rows] == ["fields=address,email,head_name,phone", "fields=head_name"]

        for headers in (operator(svc, B), camat(svc), resident_token(svc, "r1", A)):
            response = await svc.client.patch(f"/villages/{A}", json={"head_name": "X"}, headers=headers)
            assert response.status_code == 403
        bad = await svc.client.patch(f"/villages/{A}", json={"email": "not-an-email"}, headers=operator(svc, A))
        assert bad.status_code == 422
        extra = await svc.client.patch(f"/villages/{A}", json={"name": "Renamed"}, headers=operator(svc, A))
        assert extra.status_code == 422
        assert (await svc.client.get(f"/villages/{A}", headers=admin(svc))).json()["head_name"] == "H. Sutrisno"


async def test_logo_is_checked_by_content_stored_as_png_and_served_publicly(balai_service) -> None:
    async with start(balai_service) as svc:
        await enable(svc, A, B)
        assert (await svc.client.get(f"/villages/{A}/logo")).status_code == 404
        jpeg = picture("JPEG", (2000, 1000))
        put = await svc.client.put(
            f"/villages/{A}/logo", content=jpeg, headers={**operator(svc, A), "Content-Type": "image/png"}
        )
        assert put.status_code == 200, put.text
        got = await svc.client.get(f"/villages/{A}/logo")
        assert got.status_code == 200
        assert got.headers["content-type"] == "image/png"
        assert "public" in got.headers["cache-control"]
        with Image.open(io.BytesIO(got.content)) as image:
            assert (image.format, image.size) == ("PNG", (1024, 512))
        not_modified = await svc.client.get(f"/villages/{A}/logo", headers={"If-None-Match": got.headers["etag"]})
        assert not_modified.status_code == 304

        png = picture("PNG")
        files = {"file": ("logo.png", png, "image/png")}
        form = await svc.client.put(f"/villages/{A}/logo", files=files, headers=kades(svc, A))
        assert form.status_code == 200, form.text
        assert (await svc.client.get(f"/villages/{A}", headers=admin(svc))).json()["has_logo"] is True

        fake = await svc.client.put(f"/villages/{A}/logo", content=b"GIF89a" + b"\0" * 50, headers=operator(svc, A))
        assert fake.status_code == 415
        broken = await svc.client.put(f"/villages/{A}/logo", content=png[:40] + b"\0" * 100, headers=operator(svc, A))
        assert broken.status_code == 422
        huge = await svc.client.put(f"/villages/{A}/logo", content=b"\x89PNG" + b"\0" * 2_000_000, headers=admin(svc))
        assert huge.status_code == 413
        for headers in (operator(svc, B), camat(svc)):
            response = await svc.client.put(f"/villages/{A}/logo", content=png, headers=headers)
            assert response.status_code == 403
        assert len(await audit_rows(svc, "village.logo")) == 2
