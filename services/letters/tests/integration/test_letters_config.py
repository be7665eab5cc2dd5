"""Letter types per village (adjusted templates, own types), settings, and checked document uploads."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from .conftest import (
    VILLAGE,
    kades,
    operator,
    pdf_text,
    png_bytes,
    resident,
    seed,
    upload,
    verified,
    wait_issued,
)

pytestmark = pytest.mark.integration

OWN_TEMPLATE = """{% extends "base.html" %}
{% block isi %}<p>Menerangkan bahwa warga tersebut memelihara {{ fields.jumlah_ternak }} ekor
{{ fields.jenis_ternak }} di dusunnya.</p>{% endblock %}"""


async def test_types_templates_and_own_types(letters, directory) -> None:
    async with letters() as svc:
        rid = await seed(svc, directory)
        listed = await svc.client.get(f"/villages/{VILLAGE}/letter-types", headers=resident(svc, rid))
        assert listed.status_code == 200
        assert len(listed.json()) == 12
        assert (
            "template"
            not in (
                await svc.client.get(f"/villages/{VILLAGE}/letter-types/domisili", headers=resident(svc, rid))
            ).json()
        )

        broken = await svc.client.put(
            f"/villages/{VILLAGE}/letter-types/domisili",
            headers=operator(svc),
            json={"template": "{% extends 'base.html' %}{% block isi %}{{ fields.tidak_ada.x }}{% endblock %}"},
        )
        assert broken.status_code == 422
        assert broken.json()["code"] == "letter_type_invalid"
        assert any("template" in p for p in broken.json()["problems"])
        no_number = await svc.client.put(
            f"/villages/{VILLAGE}/letter-types/domisili", headers=operator(svc), json={"template": "<p>halo</p>"}
        )
        assert no_number.status_code == 422
        fields_of_standard = await svc.client.put(
            f"/villages/{VILLAGE}/letter-types/domisili",
            headers=operator(svc),
            json={"fields": [{"name": "x", "label": "X"}]},
        )
        assert fields_of_standard.status_code == 422

        adjusted = await svc.client.put(
            f"/villages/{VILLAGE}/letter-types/domisili",
            headers=operator(svc),
            json={"kode_surat": "474", "validity_days": 30, "documents": []},
        )
        assert adjusted.status_code == 200, adjusted.text
        assert adjusted.json()["kode_surat"] == "474"
        assert adjusted.json()["documents"] == []

        bad_own = await svc.client.put(
            f"/villages/{VILLAGE}/letter-types/ternak",
            headers=kades(svc),
            json={"title": "Surat Keterangan Ternak", "singkatan": "SKT", "kode_surat": "524",
                  "fields": [{"name": "keys", "label": "Bad"}], "template": OWN_TEMPLATE},
        )  # fmt: skip
        assert bad_own.status_code == 422
        own = await svc.client.put(
            f"/villages/{VILLAGE}/letter-types/ternak",
            headers=kades(svc),
            json={
                "title": "Surat Keterangan Kepemilikan Ternak",
                "singkatan": "SKKT",
                "kode_surat": "524",
                "validity_days": 90,
                "fields": [
                    {"name": "jenis_ternak", "label": "Jenis ternak", "kind": "choice", "choices": ["sapi", "kambing"]},
                    {"name": "jumlah_ternak", "label": "Jumlah", "kind": "number", "min_value": 1},
                ],
                "template": OWN_TEMPLATE,
                "documents": [{"key": "foto_kandang", "label": "Foto kandang", "required": False}],
            },
        )
        assert own.status_code == 200, own.text
        assert own.json()["custom"] is True
        assert own.json()["template"] == OWN_TEMPLATE

        # a request of the village's own type goes all the way to its PDF
        request_id = await verified(
            svc, rid, type_code="ternak", fields={"jenis_ternak": "sapi", "jumlah_ternak": 3}, kind="foto_kandang"
        )
        signed = await svc.client.post(f"/requests/{request_id}/sign", headers=kades(svc))
        assert signed.status_code == 200, signed.text
        assert signed.json()["letter"]["number"].startswith("524/001/")
        detail = await wait_issued(svc, request_id, resident(svc, rid))
        text = pdf_text((await svc.client.get(detail["pdf_url"], headers=resident(svc, rid))).content)
        assert "SURAT KETERANGAN KEPEMILIKAN TERNAK" in text
        assert "memelihara 3 ekor sapi" in text

        # the own type is switched off (kept for its letters); the standard one goes back to the catalogue
        assert (
            await svc.client.delete(f"/villages/{VILLAGE}/letter-types/ternak", headers=kades(svc))
        ).status_code == 204
        resident_view = await svc.client.get(f"/villages/{VILLAGE}/letter-types", headers=resident(svc, rid))
        assert "ternak" not in {t["code"] for t in resident_view.json()}
        assert (
            await svc.client.delete(f"/villages/{VILLAGE}/letter-types/domisili", headers=kades(svc))
        ).status_code == 204
        back = await svc.client.get(f"/villages/{VILLAGE}/letter-types/domisili", headers=operator(svc))
        assert back.json()["kode_surat"] == "470"
        assert back.json()["template"] is None


async def test_uploads_are_content_checked(letters, directory) -> None:
    async with letters(consumers_enabled=False, max_upload_bytes=200_000) as svc:
        rid = await seed(svc, directory)
        other = await seed(svc, directory, name="Budi", nik="3317092503900002")
        headers = resident(svc, rid)
        url = f"/villages/{VILLAGE}/uploads"
        params = {"kind": "pengantar_rt_rw"}
        fake = await svc.client.post(url, params=params, content=b"<html>not an image</html>", headers=headers)
        assert fake.status_code == 415
        truncated = await svc.client.post(url, params=params, content=png_bytes()[:60], headers=headers)
        assert truncated.status_code == 415
        noise = Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3))
        big = io.BytesIO()
        noise.save(big, format="PNG")
        too_large = await svc.client.post(url, params=params, content=big.getvalue(), headers=headers)
        assert too_large.status_code == 413
        jpeg = io.BytesIO()
        Image.new("RGB", (320, 240), (10, 120, 200)).save(jpeg, format="JPEG")
        as_text = await svc.client.post(
            url, params=params, content=jpeg.getvalue(), headers=headers | {"Content-Type": "text/plain"}
        )
        assert as_text.status_code == 201
        assert as_text.json()["content_type"] == "image/jpeg"
        pdf_doc = await upload(svc, headers)
        bad_kind = await svc.client.post(url, params={"kind": "../etc"}, content=png_bytes(), headers=headers)
        assert bad_kind.status_code == 422

        read = await svc.client.get(f"/attachments/{pdf_doc}", headers=headers)
        assert read.status_code == 200
        assert read.content == png_bytes()
        assert (await svc.client.get(f"/attachments/{pdf_doc}", headers=operator(svc))).status_code == 200
        assert (await svc.client.get(f"/attachments/{pdf_doc}", headers=resident(svc, other))).status_code == 404
        for_other = await svc.client.post(
            url, params=params | {"resident_id": str(other)}, content=png_bytes(), headers=headers
        )
        assert for_other.status_code == 403
