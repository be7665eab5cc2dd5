"""Demo data for `make up`: Mojowarno (33.17.09.2016, Kaliori, Rembang) with staff accounts, a family and a
few village notices, written through the services' own HTTP APIs (the same rules as any operator's input).
Idempotent: a restart finds everything in place and changes nothing."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)

VILLAGE = "33.17.09.2016"
DEMO_PASSWORD = "balai-demo-2026"  # noqa: S105 - printed in the banner: demo data only
DEMO_PIN = "482915"
KK = "3317092001230001"
STAFF = [
    ("operator.mojowarno", "Sri Wahyuni", "operator", "3317092016"),
    ("kades.mojowarno", "Sutrisno", "kades", "3317092016"),
    ("camat.kaliori", "Drs. Bambang Haryanto", "camat", "331709"),
]
FAMILY: list[dict[str, Any]] = [
    {
        "nik": "3317091203750001",
        "name": "Slamet Riyadi",
        "sex": "male",
        "birth_date": "1975-03-12",
        "relationship": "head",
        "marital_status": "married",
        "occupation": "petani_pekebun",
        "religion": "islam",
    },
    {
        "nik": "3317094501900002",
        "name": "Siti Aminah",
        "sex": "female",
        "birth_date": "1990-01-05",
        "relationship": "wife",
        "marital_status": "married",
        "occupation": "wiraswasta",
        "religion": "islam",
    },
    {
        "nik": "3317096107100003",
        "name": "Dewi Lestari",
        "sex": "female",
        "birth_date": "2010-07-21",
        "relationship": "child",
        "marital_status": "single",
        "occupation": "pelajar_mahasiswa",
        "religion": "islam",
    },
]
ADDRESS = {"dusun": "Krajan", "rw": "002", "rt": "003", "street": "Jl. Mojowarno No. 12"}
NOTICES: list[dict[str, Any]] = [
    {
        "title": "Pencairan BLT-DD tahap 3 tanggal 5 Desember di balai desa",
        "category": "bantuan",
        "pinned": True,
        "body": (
            "Penerima BLT Dana Desa tahap 3 dimohon hadir di Balai Desa Mojowarno pada tanggal 5 Desember, "
            "pukul 08.00 sampai 12.00 WIB.\n\n"
            "Bawa e-KTP dan Kartu Keluarga asli. Bila berhalangan, pencairan dapat diwakilkan anggota keluarga "
            "dalam satu KK dengan surat kuasa yang diketahui Ketua RT.\n\n"
            "Daftar penerima dapat dicek di aplikasi Balai (menu Cek bantuan) atau di papan pengumuman balai desa."
        ),
    },
    {
        "title": "Posyandu balita dan ibu hamil hari Kamis",
        "category": "kesehatan",
        "pinned": False,
        "body": (
            "Posyandu Melati Dusun Krajan buka hari Kamis pukul 08.00 WIB di rumah Ibu Kepala Dusun.\n\n"
            "Kegiatan: penimbangan dan pengukuran balita, imunisasi, vitamin A, pemeriksaan ibu hamil, "
            "serta pemberian makanan tambahan.\n\n"
            "Jangan lupa membawa buku KIA."
        ),
    },
    {
        "title": "Kerja bakti RT 02 membersihkan saluran air",
        "category": "kegiatan",
        "pinned": False,
        "body": (
            "Menjelang musim hujan, warga RT 02 diajak kerja bakti membersihkan saluran air sepanjang "
            "Jl. Mojowarno pada hari Minggu pukul 07.00 WIB. Titik kumpul di pos ronda.\n\n"
            "Mohon membawa cangkul, sabit atau sapu lidi. Konsumsi disediakan oleh ibu-ibu PKK."
        ),
    },
]


@dataclass(frozen=True)
class DemoLogins:
    admin_password: str
    resident_nik: str = FAMILY[1]["nik"]
    resident_pin: str = DEMO_PIN
    staff_password: str = DEMO_PASSWORD


async def _ok(response: httpx.Response, *allowed: int) -> Any:
    if response.status_code not in (200, 201, 204, *allowed):
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}: {response.status_code} {response.text}"
        )
    return response.json() if response.content else None


async def seed(client: httpx.AsyncClient, *, admin_password: str, service_password: str) -> DemoLogins:
    api = "/api/identity"
    login = await _ok(
        await client.post(f"{api}/auth/staff/login", json={"username": "admin", "password": admin_password})
    )
    admin = {"Authorization": f"Bearer {login['access_token']}"}
    await _ok(await client.post(f"{api}/villages", json={"code": VILLAGE}, headers=admin))
    await _ok(
        await client.patch(
            f"{api}/villages/{VILLAGE}",
            headers=admin,
            json={
                "head_name": "Sutrisno",
                "address": "Jl. Raya Kaliori - Rembang Km 5, Mojowarno, Kaliori, Rembang 59252",
                "phone": "(0295) 691234",
            },
        )
    )
    accounts = [*STAFF, ("svc.letters", "Layanan Surat", "service", None)]
    for username, name, role, area in accounts:
        password = service_password if role == "service" else DEMO_PASSWORD
        await _ok(
            await client.post(
                f"{api}/accounts",
                headers=admin,
                json={"username": username, "name": name, "password": password, "roles": [role], "area": area},
            ),
            409,
        )
    operator_login = await _ok(
        await client.post(f"{api}/auth/staff/login", json={"username": "operator.mojowarno", "password": DEMO_PASSWORD})
    )
    operator = {"Authorization": f"Bearer {operator_login['access_token']}"}
    ids = []
    for person in FAMILY:
        created = await client.post(
            f"{api}/villages/{VILLAGE}/residents",
            headers=operator,
            json={**person, "kk_number": KK, "birth_place": "Rembang", "address": ADDRESS},
        )
        if created.status_code == 409:
            continue
        ids.append((await _ok(created))["id"])
    await _notices(client, operator)
    resident = FAMILY[1]
    check = await client.post(f"{api}/auth/resident/login", json={"nik": resident["nik"], "pin": DEMO_PIN})
    if check.status_code != 200 and ids:
        rid = ids[1]
        issued = await _ok(
            await client.post(f"{api}/residents/{rid}/pin", json={"channel": "handover"}, headers=operator)
        )
        first = await _ok(
            await client.post(f"{api}/auth/resident/login", json={"nik": resident["nik"], "pin": issued["pin"]})
        )
        await _ok(
            await client.post(
                f"{api}/auth/pin/change",
                json={"new_pin": DEMO_PIN},
                headers={"Authorization": f"Bearer {first['change_token']}"},
            )
        )
    log.info("demo data for Mojowarno is in place")
    return DemoLogins(admin_password=admin_password)


async def _notices(client: httpx.AsyncClient, operator: dict[str, str]) -> None:
    """The demo notices not yet on the village's list (by title), each with an Idempotency-Key of its text."""
    url = f"/api/identity/villages/{VILLAGE}/notices"
    existing = {n["title"] for n in (await _ok(await client.get(f"{url}/all", headers=operator)))["items"]}
    for notice in reversed(NOTICES):  # the first one is the newest
        if notice["title"] in existing:
            continue
        key = "demo-notice-" + hashlib.sha256(repr(sorted(notice.items())).encode()).hexdigest()[:16]
        await _ok(await client.post(url, json=notice, headers=operator | {"Idempotency-Key": key}))
