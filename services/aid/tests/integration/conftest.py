"""A running aid service on the real PostgreSQL + Redis + NATS, and helpers acting as its users."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Table, func, select

from balai.aid.config import Settings
from balai.aid.handlers import EVENT_HANDLERS
from balai.aid.main import create_app
from balai.aid.models import messaging
from balai.aid.uow import AidUnitOfWork
from balai.common.envelope import Envelope
from balai.common.testing.harness import RunningService, run_service, settings_for
from balai.contracts.base import EventContract
from balai.contracts.identity import (
    Address,
    FamilyChangedV1,
    FamilyMember,
    ResidentProfile,
    ResidentRegisteredV1,
    VillageEnabledV1,
)

from ..support import BANGGI, HASH_KEY, MOJOWARNO, SULANG, hasher, kk, nik

pytestmark = pytest.mark.integration

Service = AbstractAsyncContextManager[RunningService]


@pytest.fixture
def aid(
    request: pytest.FixtureRequest, balai_service: Callable[..., Service], tmp_path: Path
) -> Callable[..., Service]:
    """The aid service on PostgreSQL; on an SQLite file instead with AID_TEST_SQLITE=1 (the embedded default)."""

    def start(**overrides: Any) -> Service:
        if os.environ.get("AID_TEST_SQLITE") != "1":
            return balai_service(create_app, Settings, nik_hash_key=HASH_KEY, **overrides)
        settings = settings_for(
            Settings,
            request.getfixturevalue("balai_infra"),
            f"sqlite+aiosqlite:///{tmp_path / 'aid.db'}",
            request.getfixturevalue("balai_bus_prefix"),
            request.getfixturevalue("balai_run_id"),
            nik_hash_key=HASH_KEY,
            **overrides,
        )
        return run_service(create_app, settings, tokens=request.getfixturevalue("balai_tokens"))

    return start


def operator(svc: RunningService, village: str = MOJOWARNO) -> dict[str, str]:
    return svc.headers(f"op-{village}", roles=["operator"], village=village, amr=["password"])


def admin(svc: RunningService) -> dict[str, str]:
    return svc.headers("admin-rembang", roles=["regency_admin"], village=None, amr=["password"])


def camat(svc: RunningService, district: str = MOJOWARNO[:6]) -> dict[str, str]:
    return svc.headers(f"camat-{district}", roles=["camat"], village=district, amr=["password"])


def resident(svc: RunningService, resident_id: uuid.UUID, village: str = MOJOWARNO) -> dict[str, str]:
    return svc.headers(str(resident_id), roles=["resident"], village=village)


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def problem(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    if code is not None:
        assert body["code"] == code, body
    return body


PROGRAM = {
    "name": "BLT Dana Desa 2026",
    "kind": "blt_dd",
    "source_of_funds": "apbdes",
    "target": "family",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "period": "monthly",
    "benefit": {"kind": "cash", "amount_rupiah": 300000},
    "village": MOJOWARNO,
}


async def create_program(
    svc: RunningService, headers: dict[str, str] | None = None, **overrides: Any
) -> dict[str, Any]:
    body = {**PROGRAM, **overrides}
    return ok(await svc.client.post("/programs", json=body, headers=headers or operator(svc)), 201)  # type: ignore[no-any-return]


async def enrol(
    svc: RunningService,
    program_id: str,
    n: int,
    village: str = MOJOWARNO,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> httpx.Response:
    body = {"village": village, "nik": nik(n), "kk": kk(n), "name": f"Warga Nomor {n}", **extra}
    return await svc.client.post(
        f"/programs/{program_id}/beneficiaries", json=body, headers=headers or operator(svc, village)
    )


async def count(svc: RunningService, table: Table) -> int:
    async with svc.runtime.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def outbox_types(svc: RunningService) -> list[str]:
    async with svc.runtime.db.session() as session:
        rows = await session.execute(select(messaging.outbox.c.type).order_by(messaging.outbox.c.seq))
        return [r[0] for r in rows]


async def deliver(svc: RunningService, *contracts: EventContract, village: str = MOJOWARNO) -> None:
    """Apply identity events through the consumer's handlers, in one transaction each (no NATS)."""
    for contract in contracts:
        envelope = Envelope.wrap(contract, village=village, subject="test")
        uow = svc.runtime.uow()
        assert isinstance(uow, AidUnitOfWork)
        async with uow:
            for handler in EVENT_HANDLERS[type(contract)]:
                await handler(contract, envelope, uow)
            await uow.commit()


def registered(
    n: int, family_id: uuid.UUID | None = None, village: str = MOJOWARNO, **profile: Any
) -> ResidentRegisteredV1:
    values: dict[str, Any] = {
        "name": f"Warga Nomor {n}",
        "sex": "female",
        "birth_place": "Rembang",
        "birth_date": date(1980, 1, 1),
        "religion": "islam",
        "marital_status": "married",
        "occupation": "petani",
        "address": Address(dusun="Krajan", rw="002", rt="003"),
        "relationship": "head",
        **profile,
    }
    return ResidentRegisteredV1(
        resident_id=uuid.uuid5(uuid.NAMESPACE_OID, f"resident-{n}"),
        village_code=village,
        family_id=family_id,
        nik_hash=hasher(nik(n), "nik"),
        nik_masked=nik(n)[:6] + "*" * 10,
        profile=ResidentProfile(**values),
    )


def family_changed(family_id: uuid.UUID, k: int, members: list[uuid.UUID], village: str = MOJOWARNO) -> FamilyChangedV1:
    return FamilyChangedV1(
        family_id=family_id,
        village_code=village,
        kk_hash=hasher(kk(k), "kk"),
        head_resident_id=members[0] if members else None,
        members=[
            FamilyMember(resident_id=m, relationship="head" if i == 0 else "child") for i, m in enumerate(members)
        ],
    )


def villages_enabled() -> list[VillageEnabledV1]:
    names = {MOJOWARNO: "Mojowarno", BANGGI: "Banggi", SULANG: "Sulang"}
    return [
        VillageEnabledV1(
            village_code=code,
            name=name,
            district_code=code[:6],
            district_name="Kaliori" if code.startswith("331709") else "Sulang",
            regency_code=code[:4],
            regency_name="Kabupaten Rembang",
        )
        for code, name in names.items()
    ]


def yesterday() -> str:
    return (datetime.now(UTC) - timedelta(days=1)).date().isoformat()


def paid(period: str, **extra: Any) -> dict[str, Any]:
    """A disbursement body: paid out yesterday, for `period`."""
    return {
        "period": period,
        "status": "disbursed",
        "disbursed_on": yesterday(),
        "disbursed_by": "Bendahara Desa",
        "proof_ref": f"KW/{period}",
        **extra,
    }
