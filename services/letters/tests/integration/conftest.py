"""Helpers for the letters integration tests: a letters service on the real PG/NATS/Redis with a fake
identity directory, seeded read model, tokens, uploads, and a request taken through the workflow."""

from __future__ import annotations

import datetime as dt
import functools
import io
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from balai.common.envelope import Envelope
from balai.common.testing.harness import RunningService
from balai.common.testing.harness import eventually as harness_eventually
from balai.contracts.identity import ResidentRegisteredV1, VillageEnabledV1
from balai.letters.config import Settings
from balai.letters.directory import FakeResidentDirectory, ResidentRecord, VillageProfile
from balai.letters.main import create_app
from balai.letters.readmodel_handlers import on_resident_registered, on_village_enabled

VILLAGE = "3317092016"
OTHER = "3317092001"
ORIGIN = "https://balai.rembangkab.go.id"


@pytest.fixture
def directory() -> FakeResidentDirectory:
    return FakeResidentDirectory(
        villages={
            VILLAGE: VillageProfile(
                code="33.17.09.2016",
                name="MOJOWARNO",
                district_name="KALIORI",
                regency_name="KABUPATEN REMBANG",
                province_name="JAWA TENGAH",
                head_name="H. Sutrisno",
                address="Jl. Raya Kaliori - Rembang Km. 7",
            )
        }
    )


@pytest.fixture
def letters(balai_service, tmp_path, directory) -> Callable[..., AbstractAsyncContextManager[RunningService]]:
    def start(**overrides: Any) -> AbstractAsyncContextManager[RunningService]:
        values = {"data_dir": str(tmp_path), "public_origin": ORIGIN} | overrides
        return balai_service(functools.partial(create_app, directory=directory), Settings, **values)

    return start


def operator(svc: RunningService, village: str = VILLAGE, subject: str | None = None) -> dict[str, str]:
    return svc.headers(subject or f"op-{village}", roles=["operator"], village=village, amr=["password"], name="Rina")


def kades(svc: RunningService, village: str = VILLAGE) -> dict[str, str]:
    return svc.headers(f"kades-{village}", roles=["kades"], village=village, amr=["password"], name="H. Sutrisno")


def resident(svc: RunningService, rid: uuid.UUID, village: str = VILLAGE, device: str | None = None) -> dict[str, str]:
    return svc.headers(str(rid), roles=["resident"], village=village, device=device)


async def seed(
    svc: RunningService,
    directory: FakeResidentDirectory,
    *,
    village: str = VILLAGE,
    name: str = "Siti Aminah",
    nik: str = "3317094501900001",
) -> uuid.UUID:
    """A village and a resident in the read model (through its real handlers) and in the fake identity."""
    rid = uuid.uuid4()
    dotted = f"{village[:2]}.{village[2:4]}.{village[4:6]}.{village[6:]}"
    enabled = VillageEnabledV1.model_validate(VillageEnabledV1.example | {"village_code": dotted})
    registered = ResidentRegisteredV1.model_validate(
        ResidentRegisteredV1.example
        | {
            "resident_id": str(rid),
            "village_code": dotted,
            "profile": ResidentRegisteredV1.example["profile"] | {"name": name},
        }
    )
    async with svc.runtime.uow() as uow:
        await on_village_enabled(enabled, Envelope.wrap(enabled, village=village, subject=village), uow)
        await on_resident_registered(registered, Envelope.wrap(registered, village=village, subject=str(rid)), uow)
        await uow.commit()
    directory.residents[rid] = ResidentRecord(
        resident_id=rid,
        village=village,
        nik=nik,
        kk_number="3317091203150004",
        name=name,
        sex="female",
        birth_place="REMBANG",
        birth_date=dt.date(1990, 1, 5),
        religion="islam",
        marital_status="married",
        occupation="wiraswasta",
        education="senior_secondary",
        address={"dusun": "Krajan", "rw": "002", "rt": "003", "street": ""},
    )
    return rid


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


DOMISILI = {"alamat_domisili": "Dusun Krajan RT 003 RW 002", "keperluan": "Persyaratan melamar pekerjaan"}


async def upload(svc: RunningService, headers: dict[str, str], rid: uuid.UUID | None = None, **params: str) -> str:
    query = {"kind": "pengantar_rt_rw"} | params
    if rid is not None:
        query["resident_id"] = str(rid)
    response = await svc.client.post(
        f"/villages/{VILLAGE}/uploads",
        params=query,
        content=png_bytes(),
        headers=headers | {"Content-Type": "image/png"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def submit(
    svc: RunningService,
    rid: uuid.UUID,
    *,
    type_code: str = "domisili",
    fields: dict[str, Any] | None = None,
    kind: str = "pengantar_rt_rw",
) -> dict[str, Any]:
    headers = resident(svc, rid)
    doc = await upload(svc, headers, kind=kind)
    body = {"type": type_code, "fields": fields or DOMISILI, "attachments": [doc]}
    response = await svc.client.post(f"/villages/{VILLAGE}/requests", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def verified(svc: RunningService, rid: uuid.UUID, **kwargs: Any) -> str:
    request_id = str((await submit(svc, rid, **kwargs))["id"])
    response = await svc.client.post(f"/requests/{request_id}/verify", headers=operator(svc))
    assert response.status_code == 200, response.text
    return request_id


eventually = functools.partial(harness_eventually, timeout=20.0)  # letters' tests have always waited 20 s


async def wait_issued(svc: RunningService, request_id: str, headers: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}

    async def issued() -> bool:
        found.update((await svc.client.get(f"/requests/{request_id}", headers=headers)).json())
        return found.get("state") == "issued"

    await eventually(issued, what=f"request {request_id} issued")
    return found


def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()


def pdf_qr(pdf: bytes, dpi: int = 150) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    return [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
