"""The whole way: submit -> verify -> sign -> PDF rendered by the consumer -> read back -> verified
online and offline; a tampered QR and a revoked letter each show as such."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from balai.common.timestamps import local_date
from balai.letters import verify as verify_cli

from .conftest import ORIGIN, VILLAGE, kades, operator, pdf_qr, pdf_text, resident, seed, verified, wait_issued

pytestmark = pytest.mark.integration


def _tamper(qr_text: str) -> str:
    """Change one digit of the signed payload (the part after '#')."""
    url, payload = qr_text.split("#")
    position = len(payload) // 2
    digit = "1" if payload[position] != "1" else "2"
    return f"{url}#{payload[:position]}{digit}{payload[position + 1 :]}"


async def test_signed_letter_is_rendered_archived_and_verifiable(letters, directory, tmp_path) -> None:
    async with letters() as svc:
        rid = await seed(svc, directory)
        request_id = await verified(svc, rid)
        signed = await svc.client.post(f"/requests/{request_id}/sign", headers=kades(svc))
        assert signed.status_code == 200, signed.text
        assert signed.json()["state"] == "signed"
        number = signed.json()["letter"]["number"]
        assert number.startswith("470/001/33.17.09.2016/")

        detail = await wait_issued(svc, request_id, resident(svc, rid))
        assert [h["state"] for h in detail["history"]] == ["submitted", "verified", "signed", "issued"]
        pdf = await svc.client.get(detail["pdf_url"], headers=resident(svc, rid))
        assert pdf.status_code == 200, pdf.text
        assert pdf.headers["content-type"] == "application/pdf"
        text = pdf_text(pdf.content)
        assert "SITI AMINAH" in text
        assert "3317094501900001" in text  # the NIK is printed (from identity, not from our read model)
        assert f"Nomor: {number}" in text
        assert "SURAT KETERANGAN DOMISILI" in text
        assert "PEMERINTAH KABUPATEN REMBANG" in text
        assert "H. Sutrisno" in text

        # the archive is sealed at rest: no NIK, no PDF header on disk
        stored = list((tmp_path / "letters-files" / "archive").rglob("*.pdf"))
        assert len(stored) == 1
        raw = stored[0].read_bytes()
        assert b"%PDF" not in raw
        assert b"3317094501900001" not in raw

        stack = Starlette(routes=[Mount("/api/letters", app=svc.app)])  # as services/stack mounts it
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=stack), base_url="http://balai") as client:
            mounted = await client.get(f"/api/letters/requests/{request_id}", headers=resident(svc, rid))
            assert mounted.json()["pdf_url"] == f"/api/letters/requests/{request_id}/pdf"
            assert (await client.get(mounted.json()["pdf_url"], headers=resident(svc, rid))).status_code == 200
        kiosk = resident(svc, rid, device=str(uuid.uuid4()))  # a kiosk session of the holder prints it
        assert (await svc.client.get(detail["pdf_url"], headers=kiosk)).content == pdf.content
        archive = (await svc.client.get(f"/villages/{VILLAGE}/letters", headers=operator(svc))).json()["items"]
        assert [(a["number"], a["holder"], a["pdf_ready"]) for a in archive] == [(number, "S*** A*****", True)]
        assert archive[0]["pdf_sha256"] == hashlib.sha256(pdf.content).hexdigest()

        [qr_text] = pdf_qr(pdf.content)
        url = qr_text.split("#")[0]
        assert url.startswith(ORIGIN.upper() + "/v/")
        code = url.rsplit("/", 1)[1]
        online = await svc.client.get(f"/verify/{code.lower()}")  # codes are case-insensitive
        assert online.status_code == 200
        body = online.json()
        assert body["status"] == "valid"
        assert body["number"] == number
        assert body["type"] == "domisili"
        assert body["holder"] == "S*** A*****"
        assert "3317094501900001" not in online.text

        keys = (await svc.client.get("/keys")).json()
        keys_file = tmp_path / "keys.json"
        keys_file.write_text(json.dumps(keys))
        out = io.StringIO()
        assert verify_cli.main([qr_text, "--keys", str(keys_file), "--json"], out=out) == verify_cli.GENUINE
        offline = json.loads(out.getvalue())
        assert offline["number"] == number
        assert offline["verify_url"].lower() == f"{ORIGIN}/v/{code}".lower()
        pdf_file = tmp_path / "scan.pdf"
        pdf_file.write_bytes(pdf.content)
        assert verify_cli.main([str(pdf_file), "--keys", str(keys_file)], out=io.StringIO()) == verify_cli.GENUINE
        tampered = io.StringIO()
        assert verify_cli.main([_tamper(qr_text), "--keys", str(keys_file)], out=tampered) == verify_cli.ALTERED
        assert "TIDAK SAH" in tampered.getvalue()

        revoked = await svc.client.post(
            f"/requests/{request_id}/revoke", headers=operator(svc), json={"reason": "Alamat salah ketik"}
        )
        assert revoked.status_code == 200, revoked.text
        assert revoked.json()["state"] == "revoked"
        after = (await svc.client.get(f"/verify/{code}")).json()
        assert after["status"] == "revoked"
        assert after["valid"] is False
        revoked_at = dt.datetime.fromisoformat(revoked.json()["letter"]["revoked_at"])
        assert after["revoked_on"] == local_date(svc.settings.timezone, revoked_at).isoformat()  # the village's date
        page = await svc.client.get(f"/v/{code}")
        assert page.status_code == 200
        assert "TELAH DICABUT" in page.text
        assert (await svc.client.get(detail["pdf_url"], headers=resident(svc, rid))).status_code == 410
        assert (await svc.client.get(detail["pdf_url"], headers=operator(svc))).status_code == 200
