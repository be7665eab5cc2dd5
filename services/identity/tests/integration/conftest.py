from __future__ import annotations

import base64
import time
import uuid
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import insert

from balai.common.privacy import personal_number_hash
from balai.common.testing.harness import RunningService
from balai.identity.auth_handlers import KIOSK_AUDIENCE
from balai.identity.config import Settings
from balai.identity.main import create_app
from balai.identity.models import residents, villages

MOJOWARNO = "3317092016"
OTHER = "3317092001"


@pytest.fixture
def identity(balai_service) -> AbstractAsyncContextManager[RunningService]:
    return balai_service(create_app, Settings)


async def add_village(svc: RunningService, code: str = MOJOWARNO, name: str = "Mojowarno") -> None:
    async with svc.runtime.db.session() as s, s.begin():
        await s.execute(
            insert(villages).values(
                code=code,
                name=name,
                district_code=code[:6],
                district_name="Kaliori",
                regency_code=code[:4],
                regency_name="KABUPATEN REMBANG",
                province_name="JAWA TENGAH",
                head_name="",
                address="",
                phone="",
                email="",
                enabled_at=datetime.now(UTC),
                enabled_by="test",
            )
        )


async def add_resident(
    svc: RunningService, nik: str, *, village: str = MOJOWARNO, name: str = "Siti Aminah", status: str = "living"
) -> uuid.UUID:
    rid = uuid.uuid4()
    key = svc.settings.nik_hash_key.get_secret_value()
    async with svc.runtime.db.session() as s, s.begin():
        await s.execute(
            insert(residents).values(
                id=rid,
                village=village,
                nik=nik,
                nik_hash=personal_number_hash(nik, key),
                name=name,
                sex="female",
                birth_place="Rembang",
                birth_date=date(1990, 1, 5),
                religion="islam",
                marital_status="married",
                occupation="wiraswasta",
                education="",
                nationality="WNI",
                relationship="wife",
                dusun="Krajan",
                rw="002",
                rt="003",
                street="",
                phone="081234567890",
                status=status,
                review_flags=[],
                extras={},
                created_at=datetime.now(UTC),
                updated_at=datetime.now(UTC),
            )
        )
    return rid


def operator(svc: RunningService, village: str = MOJOWARNO) -> dict[str, str]:
    return svc.headers(f"op-{village}", roles=["operator"], village=village, amr=["password"])


def admin(svc: RunningService) -> dict[str, str]:
    return svc.headers("admin", roles=["regency_admin"], village=None, amr=["password"])


@dataclass
class Kiosk:
    key: Ed25519PrivateKey
    device_id: str = ""

    @property
    def public_key(self) -> str:
        raw = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def assertion(self, **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": self.device_id,
            "aud": KIOSK_AUDIENCE,
            "iat": now,
            "exp": now + 60,
            "jti": uuid.uuid4().hex,
            **overrides,
        }
        return jwt.encode(claims, self.key, algorithm="EdDSA")


def new_kiosk() -> Kiosk:
    return Kiosk(Ed25519PrivateKey.generate())
