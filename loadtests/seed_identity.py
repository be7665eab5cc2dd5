"""Seeding identity: villages through identity's own handler (with their events); residents and families by
COPY, with the read models aid and letters would build from identity's events; staff, PINs, cards, kiosks."""

from __future__ import annotations

import asyncio
import base64
import csv
import datetime as dt
import json
import random
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import TODAY, Family, PopulationBuilder, Village, age_pyramid
from seed_base import ACTOR, BATCH, STAFF_PASSWORD, Keys, Report, asyncpg_dsn

from balai.common.db import Database
from balai.common.privacy import personal_number_hash
from balai.identity import models as identity_tables
from balai.identity.cards import normalize_card_uid
from balai.identity.nik import mask_nik
from balai.identity.pins import generate_pin, hash_password, hash_pin, pin_problems
from balai.identity.regions import RegionIndex
from balai.identity.register_village_handlers import Actor, enable_village
from balai.identity.uow import IdentityUnitOfWork


# --- identity: villages through the real handler (events included) ---------------------------------
async def enable_villages(url: str, regions: RegionIndex, villages: Sequence[Village]) -> None:
    db = Database(url)
    try:
        for village in villages:
            await enable_village(IdentityUnitOfWork(db, identity_tables.messaging), regions, village.code, Actor(ACTOR))
    finally:
        await db.dispose()


# --- residents and families: COPY, plus aid's read model ---------------------------------------------
RESIDENT_COLUMNS = [column.name for column in identity_tables.residents.columns]
"""identity's `residents` columns, in table order (_resident_row gives a value for each, or fails loudly)."""


@dataclass
class Sample:
    """Residents picked for credentials while the population streams past (reservoir sampling)."""

    size: int
    rng: random.Random
    seen: int = 0
    items: list[tuple[Any, ...]] = field(default_factory=list)

    def offer(self, item: tuple[Any, ...]) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
        else:
            j = self.rng.randrange(self.seen)
            if j < self.size:
                self.items[j] = item


async def write_population(
    urls: dict[str, str],
    villages: Sequence[Village],
    builder: PopulationBuilder,
    keys: Keys,
    report: Report,
    sample: Sample,
    aid_families: list[tuple[str, str, Any, str, str, str, Any]],
    aid_share: float,
) -> None:
    identity = await asyncpg.connect(asyncpg_dsn(urls["identity"]))
    aid = await asyncpg.connect(asyncpg_dsn(urls["aid"]))
    letters = await asyncpg.connect(asyncpg_dsn(urls["letters"]))
    letters_model = await letters.fetchval("SELECT to_regclass('known_residents') IS NOT NULL")
    letter_people: list[tuple[Any, ...]] = []
    now = dt.datetime.now(dt.UTC)
    people: list[tuple[Any, ...]] = []
    families: list[tuple[Any, ...]] = []
    aid_people: list[tuple[Any, ...]] = []
    aid_fams: list[tuple[Any, ...]] = []
    pyramid: list[tuple[Any, Any]] = []
    generated = copy_time = 0.0
    total_people = total_families = 0
    rng = builder.rng

    async def flush() -> None:
        nonlocal copy_time, people, families, aid_people, aid_fams
        t = time.perf_counter()
        async with identity.transaction():
            await identity.copy_records_to_table(
                "families", records=families, columns=["id", "village", "kk_number", "kk_hash", "created_at"]
            )
            await identity.copy_records_to_table("residents", records=people, columns=RESIDENT_COLUMNS)
        async with aid.transaction():
            await aid.copy_records_to_table(
                "families", records=aid_fams, columns=["family_id", "village", "kk_hash", "head_resident_id", "as_of"]
            )
            await aid.copy_records_to_table(
                "residents",
                records=aid_people,
                columns=["resident_id", "village", "family_id", "nik_hash", "name", "status", "status_on", "as_of"],
            )
        if letters_model:
            async with letters.transaction():
                await letters.copy_records_to_table(
                    "known_residents",
                    records=letter_people,
                    columns=["id", "village", "name", "sex", "birth_date", "status", "nik_masked", "updated_at"],
                )
        copy_time += time.perf_counter() - t
        people, families, aid_people, aid_fams = [], [], [], []
        letter_people.clear()

    try:
        for village in villages:
            t = time.perf_counter()
            for family in builder.families(village):
                kk_hash = personal_number_hash(family.kk_number, keys.nik_hash_key, kind="kk")
                families.append((family.id, village.code, family.kk_number, kk_hash, now))
                head = family.members[0]
                aid_fams.append((family.id, village.code, kk_hash, head.id, now))
                for p in family.members:
                    nik_hash = personal_number_hash(p.nik, keys.nik_hash_key, kind="nik")
                    people.append(_resident_row(p, family, nik_hash, now))
                    aid_people.append((p.id, village.code, family.id, nik_hash, p.name, "living", None, now))
                    letter_people.append(
                        (p.id, village.code, p.name, p.sex.value, p.birth_date, "living", mask_nik(p.nik), now)
                    )
                    pyramid.append((p.sex, p.birth_date))
                    age = (TODAY - p.birth_date).days // 365
                    if age >= 17:
                        sample.offer((p.id, p.nik, p.name, village.code, p.birth_date, nik_hash))
                total_people += len(family.members)
                total_families += 1
                if rng.random() < aid_share:
                    aid_families.append((village.code, kk_hash, head.id, head.name, family.dusun, head.nik, family.id))
            generated += time.perf_counter() - t
            if len(people) >= BATCH:
                await flush()
        if people:
            await flush()
        for conn in (identity, aid, letters):
            await conn.execute("ANALYZE")
    finally:
        await identity.close()
        await aid.close()
        await letters.close()
    report.counts.update(residents=total_people, families=total_families, niks_checked=builder.checked)
    report.pyramid = age_pyramid(pyramid)
    report.phase("generate (incl. NIK checks)", total_people, generated)
    copied = 2 * (total_people + total_families) + (total_people if letters_model else 0)
    report.phase("COPY identity + read models", copied, copy_time)


def _resident_row(p: Any, family: Family, nik_hash: str, now: dt.datetime) -> tuple[Any, ...]:
    values = {
        "id": p.id,
        "village": family.village.code,
        "family_id": family.id,
        "nik": p.nik,
        "nik_hash": nik_hash,
        "name": p.name,
        "sex": p.sex.value,
        "birth_place": p.birth_place,
        "birth_date": p.birth_date,
        "religion": p.religion,
        "marital_status": p.marital_status,
        "occupation": p.occupation,
        "education": p.education,
        "nationality": "WNI",
        "relationship": p.relationship,
        "dusun": family.dusun,
        "rw": family.rw,
        "rt": family.rt,
        "street": "",
        "phone": "",
        "status": "living",
        "status_date": None,
        "status_note": "",
        "review_flags": "[]",
        "extras": "{}",
        "created_at": now,
        "updated_at": now,
    }
    return tuple(values[c] for c in RESIDENT_COLUMNS)


# --- credentials: staff, PINs, cards, kiosks ---------------------------------------------------------------
async def write_credentials(
    url: str, villages: Sequence[Village], sample: Sample, keys: Keys, out: Path, report: Report, rng: random.Random
) -> list[dict[str, str]]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    now = dt.datetime.now(dt.UTC)
    try:
        # Staff: an operator and a village head per village. Synthetic shortcut: one argon2id hash of
        # the shared load-test password serves every seeded account (never do this with real accounts).
        t = time.perf_counter()
        password_hash = await hash_password(STAFF_PASSWORD)
        staff: list[tuple[uuid.UUID, str, str, str, str, str | None]] = []
        for v in villages:
            for role, title in (("operator", "Operator"), ("kades", "Kepala Desa")):
                staff.append(
                    (uuid.uuid4(), f"{role}.{v.code}", f"{title} {v.name}", password_hash, json.dumps([role]), v.code)
                )
        staff.append((uuid.uuid4(), "svc.letters", "Layanan Surat", password_hash, json.dumps(["service"]), None))
        await conn.executemany(
            "INSERT INTO staff_accounts (id, username, name, password_hash, roles, area, active, created_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, true, $7) ON CONFLICT (username) DO NOTHING",
            [(*s, now) for s in staff],
        )
        report.phase("staff accounts", len(staff), time.perf_counter() - t)
        with (out / "staff.csv").open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["username", "password", "role", "village"])
            for s in staff:
                w.writerow([s[1], STAFF_PASSWORD, json.loads(s[4])[0], s[5] or ""])

        # PINs (identity's own hash, with the pepper) and e-KTP cards for the sample.
        t = time.perf_counter()
        chosen = []
        for resident_id, nik, name, village, born, nik_hash in sample.items:
            pin = generate_pin()
            while pin_problems(pin, birth_date_ddmmyy=f"{born:%d%m%y}"):
                pin = generate_pin()
            uid = normalize_card_uid(bytes([0x04, *rng.randbytes(6)]))
            chosen.append((resident_id, nik, name, village, pin, uid, nik_hash))
        hashes = await asyncio.gather(
            *(hash_pin(pin, subject=str(rid), pepper=keys.pin_pepper) for rid, _, _, _, pin, _, _ in chosen)
        )
        await conn.executemany(
            "INSERT INTO resident_pins (resident_id, pin_hash, must_change, issued_at, issued_by) "
            "VALUES ($1, $2, false, $3, $4)",
            [(c[0], h, now, ACTOR) for c, h in zip(chosen, hashes, strict=True)],
        )
        await conn.executemany(
            "INSERT INTO cards (uid, resident_id, village, bound_at, bound_by) VALUES ($1, $2, $3, $4, $5)",
            [(c[5], c[0], c[3], now, ACTOR) for c in chosen],
        )
        report.phase("PINs (argon2id) + cards", 2 * len(chosen), time.perf_counter() - t)

        # Kiosk devices: one per village, each with its own Ed25519 key pair.
        t = time.perf_counter()
        devices = []
        for v in villages:
            key = Ed25519PrivateKey.generate()
            public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            devices.append((uuid.uuid4(), v.code, f"ADM {v.name}", _b64(public), _b64(private)))
        await conn.executemany(
            "INSERT INTO devices (id, village, name, public_key, enrolled_at, enrolled_by) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            [(d[0], d[1], d[2], d[3], now, ACTOR) for d in devices],
        )
        await conn.execute("ANALYZE")
        report.phase("kiosk devices", len(devices), time.perf_counter() - t)
        with (out / "kiosks.csv").open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["device_id", "village", "private_key"])
            w.writerows([(d[0], d[1], d[4]) for d in devices])
    finally:
        await conn.close()
    residents = [
        {"resident_id": str(c[0]), "nik": c[1], "name": c[2], "village": c[3], "pin": c[4], "card_uid": c[5]}
        for c in chosen
    ]
    report.counts.update(staff=len(staff), pins=len(chosen), cards=len(chosen), kiosks=len(devices))
    return residents


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def write_residents_csv(out: Path, residents: Iterable[dict[str, str]]) -> None:
    rows = list(residents)
    with (out / "residents.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["resident_id", "nik", "name", "village", "pin", "card_uid", "shop_id"])
        w.writeheader()
        for r in rows:
            w.writerow({**{"shop_id": ""}, **r})
