"""Helpers shared by the register, import and statistics tests (no tests here)."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy import func, select

from balai.common.envelope import Envelope
from balai.common.testing.harness import RunningService
from balai.common.timestamps import local_date
from balai.identity.config import Settings
from balai.identity.main import create_app
from balai.identity.models import audit_log, messaging

A = "3317092016"  # Mojowarno, Kaliori
A_DOTTED = "33.17.09.2016"
B = "3317092001"  # Meteseh, Kaliori
C = "3317012001"  # Ronggo Mulyo, Sumber (another district of Rembang)
KALIORI = "331709"

# NIKs of Kaliori, consistent with the records below
SITI_NIK = "3317094501900001"  # woman, born 5 January 1990
BUDI_NIK = "3317091203880002"  # man, born 12 March 1988
ADI_NIK = "3317092007150003"  # boy, born 20 July 2015
KK_A = "3317090101100001"
KK_B = "3317090202100002"


def start(balai_service: Any, **overrides: Any) -> AbstractAsyncContextManager[RunningService]:
    return balai_service(create_app, Settings, **overrides)


def operator(svc: RunningService, village: str = A, *, subject: str | None = None) -> dict[str, str]:
    return svc.headers(subject or f"op-{village}", roles=["operator"], village=village, amr=["password"])


def kades(svc: RunningService, village: str = A) -> dict[str, str]:
    return svc.headers(f"kades-{village}", roles=["kades"], village=village, amr=["password"])


def admin(svc: RunningService) -> dict[str, str]:
    return svc.headers("admin", roles=["regency_admin"], village=None, amr=["password"])


def camat(svc: RunningService, district: str = KALIORI) -> dict[str, str]:
    return svc.headers(f"camat-{district}", roles=["camat"], village=district, amr=["password"])


def resident_token(svc: RunningService, resident_id: str, village: str = A) -> dict[str, str]:
    return svc.headers(resident_id, roles=["resident"], village=village, amr=["pin"])


async def enable(svc: RunningService, *codes: str) -> None:
    for code in codes:
        response = await svc.client.post("/villages", json={"code": code}, headers=admin(svc))
        assert response.status_code in (200, 201), response.text


def siti(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "nik": SITI_NIK,
        "kk_number": KK_A,
        "name": "Siti Aminah",
        "sex": "female",
        "birth_place": "Rembang",
        "birth_date": "1990-01-05",
        "religion": "islam",
        "marital_status": "married",
        "occupation": "petani_pekebun",
        "education": "senior_secondary",
        "relationship": "head",
        "address": {"dusun": "Krajan", "rw": "1", "rt": "2", "street": "Jl. Raya Mojowarno 1"},
        "phone": "081234567890",
    }
    body.update(overrides)
    return body


def budi(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "nik": BUDI_NIK,
        "name": "Budi Santoso",
        "sex": "male",
        "birth_date": "1988-03-12",
        "relationship": "husband",
        "occupation": "wiraswasta",
    }
    return siti(**(values | overrides))


def adi(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "nik": ADI_NIK,
        "name": "Adi",
        "sex": "male",
        "birth_date": "2015-07-20",
        "relationship": "child",
        "marital_status": "single",
        "occupation": "pelajar_mahasiswa",
        "education": "primary_incomplete",
    }
    return siti(**(values | overrides))


async def register(svc: RunningService, body: dict[str, Any], village: str = A) -> dict[str, Any]:
    response = await svc.client.post(f"/villages/{village}/residents", json=body, headers=operator(svc, village))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def events(svc: RunningService, *types: str) -> list[Envelope]:
    """Envelopes in the outbox, oldest first, optionally of the given types only."""
    async with svc.runtime.db.session() as s:
        rows = (await s.execute(select(messaging.outbox.c.payload).order_by(messaging.outbox.c.seq))).all()
    found = [Envelope.from_bytes(r.payload) for r in rows]
    return [e for e in found if not types or e.type in types]


async def audit_rows(svc: RunningService, action: str | None = None) -> list[dict[str, Any]]:
    async with svc.runtime.db.session() as s:
        query = select(audit_log).order_by(audit_log.c.seq)
        if action:
            query = query.where(audit_log.c.action == action)
        return [dict(r._mapping) for r in (await s.execute(query)).all()]


async def count(svc: RunningService, table: Any) -> int:
    async with svc.runtime.db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


def village_today() -> dt.date:
    """Today where the villages are: the date the service counts ages and expiries from (not the machine's)."""
    return local_date(Settings.model_fields["timezone"].default)


def born(years: int, days: int = 0) -> dt.date:
    """The birth date of someone who turned ``years`` old ``days`` days ago (29 February born on the 28th)."""
    today = village_today()
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:
        birthday = today.replace(year=today.year - years, day=28)
    return birthday - dt.timedelta(days=days)


def years_ago(years: int, days: int = 0) -> str:
    return born(years, days).isoformat()
