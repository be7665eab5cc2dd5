"""The identity directory over HTTP (a mock identity): service token cached and renewed, errors mapped;
and the mapping from identity's records to what a letter prints."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import httpx
import pytest

from balai.letters.directory import (
    DirectoryUnavailable,
    HttpResidentDirectory,
    ResidentNotFound,
    ResidentRecord,
    VillageProfile,
)
from balai.letters.profile import resident_info, signer_info, village_info
from balai.letters.records import KnownVillage

RID = uuid.uuid4()
RECORD = {
    "resident_id": str(RID),
    "village": "3317092016",
    "nik": "3317094501900001",
    "kk_number": None,
    "name": "Siti Aminah",
    "sex": "female",
    "birth_place": "REMBANG",
    "birth_date": "1990-01-05",
    "religion": "islam",
    "marital_status": "married",
    "occupation": "petani_pekebun",
    "education": "",
    "nationality": "indonesian",
    "relationship": "wife",
    "status": "living",
    "address": {"dusun": "Krajan", "rw": "002", "rt": "003", "street": ""},
}


class MockIdentity:
    def __init__(self, expires_in: int = 900) -> None:
        self.logins = 0
        self.expires_in = expires_in
        self.revoked: set[str] = set()
        self.logo_calls = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/api/identity/auth/staff/login":
            assert json.loads(request.content) == {"username": "letters-svc", "password": "pw"}
            self.logins += 1
            return httpx.Response(200, json={"access_token": f"t{self.logins}", "expires_in": self.expires_in})
        if path == "/api/identity/villages/3317092016/logo":
            self.logo_calls += 1
            return httpx.Response(200, content=b"\x89PNG\r\n\x1a\nrest")
        if path == "/api/identity/register/vocabularies":
            return httpx.Response(200, json={"occupation": [{"value": "petani_pekebun", "label": "Petani/Pekebun"}]})
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if not token or token in self.revoked:
            return httpx.Response(401)
        if path == f"/api/identity/internal/residents/{RID}":
            return httpx.Response(200, json=RECORD)
        if path == "/api/identity/villages/3317092016":
            return httpx.Response(403, json={"code": "forbidden"})
        return httpx.Response(404)


def directory(identity: MockIdentity) -> HttpResidentDirectory:
    client = httpx.AsyncClient(transport=httpx.MockTransport(identity.handle))
    return HttpResidentDirectory("http://identity/api/identity/", "letters-svc", "pw", client=client)


async def test_token_is_cached_and_renewed_after_a_401() -> None:
    identity = MockIdentity()
    found = directory(identity)
    assert (await found.resident(RID)).nik == "3317094501900001"
    await found.resident(RID)
    assert identity.logins == 1
    identity.revoked.add("t1")
    await found.resident(RID)
    assert identity.logins == 2
    with pytest.raises(ResidentNotFound):
        await found.resident(uuid.uuid4())


async def test_short_lived_tokens_are_renewed_before_they_expire() -> None:
    identity = MockIdentity(expires_in=0)
    found = directory(identity)
    await found.resident(RID)
    await found.resident(RID)
    assert identity.logins == 2


async def test_unreachable_identity_and_optional_profile_and_logo() -> None:
    identity = MockIdentity()
    found = directory(identity)
    assert await found.village("3317092016") is None  # a service account may not read profiles: fall back
    assert await found.logo("3317092016") == b"\x89PNG\r\n\x1a\nrest"
    assert await found.logo("3317092016") == b"\x89PNG\r\n\x1a\nrest"
    assert identity.logo_calls == 1
    assert (await found.labels())["occupation"]["petani_pekebun"] == "Petani/Pekebun"

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    offline = HttpResidentDirectory(
        "http://identity", "u", "p", client=httpx.AsyncClient(transport=httpx.MockTransport(down))
    )
    with pytest.raises(DirectoryUnavailable):
        await offline.resident(RID)
    assert await offline.village("3317092016") is None
    assert await offline.logo("3317092016") is None
    assert await offline.labels() == {}


def test_identity_records_become_printed_data() -> None:
    record = ResidentRecord.model_validate(RECORD)
    labels = {"occupation": {"petani_pekebun": "Petani/Pekebun"}}
    info = resident_info(record, labels)
    assert (info.jenis_kelamin, info.agama, info.status_perkawinan) == ("Perempuan", "Islam", "Kawin")
    assert (info.pekerjaan, info.kewarganegaraan, info.tempat_lahir) == ("Petani/Pekebun", "WNI", "Rembang")
    assert (info.alamat, info.rt, info.rw) == ("Dusun Krajan", "003", "002")
    assert resident_info(record, {}).pekerjaan == "Petani Pekebun"
    assert info.tanggal_lahir == dt.date(1990, 1, 5)


def test_letterhead_from_profile_or_read_model() -> None:
    profile = VillageProfile(
        code="33.17.09.2016",
        name="MOJOWARNO",
        district_name="KALIORI",
        regency_name="KABUPATEN REMBANG",
        province_name="JAWA TENGAH",
        address="Jl. Raya Kaliori Km. 7",
        phone="(0295) 123456",
    )
    full = village_info("3317092016", profile, None, logo_png=b"\x89PNG")
    assert (full.name, full.kecamatan, full.kabupaten, full.kabupaten_kind) == (
        "Mojowarno",
        "Kaliori",
        "Rembang",
        "Kabupaten",
    )
    assert full.provinsi == "Jawa Tengah"
    assert full.logo_data_uri is not None
    assert full.logo_data_uri.startswith("data:image/png;base64,")
    fallback = village_info("3374111001", None, KnownVillage("3374111001", "Gayamsari", "Gayamsari", "KOTA SEMARANG"))
    assert (fallback.kind, fallback.head_title, fallback.kabupaten_kind) == ("Kelurahan", "Lurah", "Kota")
    assert fallback.provinsi == "Jawa Tengah"
    assert fallback.address == "Kantor Kelurahan Gayamsari"
    assert fallback.logo_data_uri is None
    kades = signer_info(role="kades", name="H. Sutrisno", village=full, operator_title="Sekretaris Desa")
    assert (kades.position, kades.on_behalf_of) == ("Kepala Desa Mojowarno", None)
    sekdes = signer_info(role="operator", name="Rina", village=full, operator_title="Sekretaris Desa")
    assert (sekdes.position, sekdes.on_behalf_of) == ("Sekretaris Desa", "Kepala Desa Mojowarno")
