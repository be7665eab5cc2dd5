"""Letters against the real identity service in the same test: the read model is built from identity's
events on NATS, and the PDF carries the NIK fetched from identity's internal endpoint with a service
account token (logged in at /auth/staff/login)."""

from __future__ import annotations

import functools
import uuid

import httpx
import pytest
from sqlalchemy import select

from balai.identity.config import Settings as IdentitySettings
from balai.identity.main import create_app as identity_app
from balai.letters.config import Settings
from balai.letters.directory import HttpResidentDirectory
from balai.letters.main import create_app
from balai.letters.models import known_residents, known_villages

from .conftest import ORIGIN, VILLAGE, eventually, kades, operator, pdf_text, resident, upload, wait_issued

pytestmark = pytest.mark.integration

NIK = "3317094501900007"
SERVICE_PASSWORD = "letters-service-password-for-tests"


async def test_letter_with_data_from_identity(balai_service, tmp_path) -> None:
    async with balai_service(identity_app, IdentitySettings) as ident:
        admin = ident.headers("admin", roles=["regency_admin"], village=None, amr=["password"])
        enabled = await ident.client.post("/villages", json={"code": "33.17.09.2016"}, headers=admin)
        assert enabled.status_code == 201, enabled.text
        account = await ident.client.post(
            "/accounts",
            headers=admin,
            json={"username": "letters-svc", "name": "Letters", "password": SERVICE_PASSWORD, "roles": ["service"]},
        )
        assert account.status_code == 201, account.text
        registered = await ident.client.post(
            f"/villages/{VILLAGE}/residents",
            headers=ident.headers("op", roles=["operator"], village=VILLAGE, amr=["password"]),
            json={
                "nik": NIK,
                "kk_number": "3317091203150009",
                "name": "Dewi Lestari",
                "sex": "female",
                "birth_place": "Rembang",
                "birth_date": "1992-07-14",
                "religion": "islam",
                "marital_status": "single",
                "occupation": "petani_pekebun",
                "relationship": "child",
                "address": {"dusun": "Krajan", "rt": "3", "rw": "2"},
            },
        )
        assert registered.status_code == 201, registered.text
        rid = uuid.UUID(registered.json()["id"])

        transport = httpx.ASGITransport(app=ident.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://identity") as client:
            directory = HttpResidentDirectory("http://identity", "letters-svc", SERVICE_PASSWORD, client=client)
            factory = functools.partial(create_app, directory=directory)
            async with balai_service(factory, Settings, data_dir=str(tmp_path), public_origin=ORIGIN) as svc:

                async def read_model_ready() -> bool:
                    async with svc.runtime.db.session() as s:
                        person = await s.scalar(select(known_residents.c.name).where(known_residents.c.id == rid))
                        village = await s.scalar(select(known_villages.c.name).where(known_villages.c.code == VILLAGE))
                    return person == "Dewi Lestari" and village is not None

                await eventually(read_model_ready, what="identity's events in the letters read model")
                headers = resident(svc, rid)
                doc = await upload(svc, headers)
                body = {"type": "skck", "fields": {"keperluan": "Melamar pekerjaan"}, "attachments": [doc]}
                submitted = await svc.client.post(f"/villages/{VILLAGE}/requests", json=body, headers=headers)
                assert submitted.status_code == 201, submitted.text
                request_id = submitted.json()["id"]
                assert (
                    await svc.client.post(f"/requests/{request_id}/verify", headers=operator(svc))
                ).status_code == 200
                signed = await svc.client.post(f"/requests/{request_id}/sign", headers=kades(svc))
                assert signed.status_code == 200, signed.text
                detail = await wait_issued(svc, request_id, headers)
                pdf = await svc.client.get(detail["pdf_url"], headers=headers)
                text = pdf_text(pdf.content)
                assert NIK in text
                assert "DEWI LESTARI" in text
                assert "Petani/Pekebun" in text  # label from identity's vocabularies
                assert "SURAT PENGANTAR SKCK" in text
                assert signed.json()["letter"]["number"] in text
