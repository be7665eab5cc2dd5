"""Seed a synthetic regency on PostgreSQL: villages, residents in families, staff, PINs, e-KTP cards,
kiosk devices, aid programs and beneficiaries, shops and products -- and write the credentials the Locust
journeys need (CSV files under --out).

    uv run python loadtests/seed.py                      # Rembang: 294 villages, 650,000 residents
    uv run python loadtests/seed.py --scale 0.01 --pins 200

Databases: one per service from --database-url-template (default: this machine's PostgreSQL,
`balai_{service}`); each is migrated first. Keys: the same settings the services read
(IDENTITY_NIK_HASH_KEY / IDENTITY_PIN_PEPPER, or the development defaults), so a service started with the
same environment accepts the seeded PINs and finds the seeded hashes.

Rules kept on the bulk path (docs/adr/0021-synthetic-regency.md): villages are enabled through identity's
own handler (with their events); every NIK and KK number passes identity's `check_nik` / `check_kk`;
PINs are hashed by identity's `hash_pin` with the pepper; programs, beneficiaries, shops and products are
built by the aid and marketplace domain code and written by their repositories. Residents, families and
the services' read models of them are written with PostgreSQL COPY and no per-resident events: the
seeder writes the read-model rows the consumers would write (aid's residents and families, letters'
known residents), instead of
pushing 850,000 events through NATS before every benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import csv
import datetime as dt
import json
import os
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
from population import TODAY, Family, PopulationBuilder, Village, age_pyramid, regency_villages

from balai.common.db import Database
from balai.common.migrations import upgrade
from balai.common.privacy import personal_number_hash
from balai.identity.cards import normalize_card_uid
from balai.identity.nik import mask_nik
from balai.identity.pins import generate_pin, hash_password, hash_pin, pin_problems
from balai.identity.regions import RegionIndex, default_regions
from balai.identity.register_village_handlers import Actor, enable_village
from balai.identity.uow import IdentityUnitOfWork

SERVICES = ("identity", "letters", "aid", "marketplace")
DEFAULT_TEMPLATE = "postgresql+asyncpg://postgres@127.0.0.1:5432/balai_{service}"
STAFF_PASSWORD = "seed-staff-password-2026"  # noqa: S105 - synthetic data for load tests only
ACTOR = "seed"
BATCH = 20_000


@dataclass
class Report:
    started: float = field(default_factory=time.perf_counter)
    phases: dict[str, dict[str, float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    pyramid: dict[str, tuple[int, int]] = field(default_factory=dict)

    def phase(self, name: str, rows: int, seconds: float) -> None:
        self.phases[name] = {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / max(seconds, 1e-9))}
        print(f"  {name:<28} {rows:>9,} rows  {seconds:7.1f} s  {rows / max(seconds, 1e-9):>9,.0f} rows/s", flush=True)


@dataclass(frozen=True)
class Keys:
    nik_hash_key: str
    pin_pepper: str


def database_urls(template: str) -> dict[str, str]:
    return {s: template.format(service=s) for s in SERVICES}


def asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_databases(urls: dict[str, str], *, fresh: bool) -> None:
    for url in urls.values():
        dsn = asyncpg_dsn(url)
        base, _, name = dsn.rpartition("/")
        admin = await asyncpg.connect(base + "/postgres")
        try:
            if fresh:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()


async def migrate(urls: dict[str, str]) -> None:
    import importlib

    for service, url in urls.items():
        definition = importlib.import_module(f"balai.{service}.main").SERVICE
        db = Database(url)
        try:
            await upgrade(db.engine, definition.migrations, definition.metadata)
        finally:
            await db.dispose()


# --- identity: villages through the real handler (events included) ---------------------------------
async def enable_villages(url: str, regions: RegionIndex, villages: Sequence[Village]) -> None:
    from balai.identity.models import messaging

    db = Database(url)
    try:
        for village in villages:
            await enable_village(IdentityUnitOfWork(db, messaging), regions, village.code, Actor(ACTOR))
    finally:
        await db.dispose()


# --- residents and families: COPY, plus aid's read model ---------------------------------------------
RESIDENT_COLUMNS = [
    "id",
    "village",
    "family_id",
    "nik",
    "nik_hash",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "religion",
    "marital_status",
    "occupation",
    "education",
    "nationality",
    "relationship",
    "dusun",
    "rw",
    "rt",
    "street",
    "phone",
    "status",
    "status_date",
    "status_note",
    "review_flags",
    "extras",
    "created_at",
    "updated_at",
]


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
        staff = []
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


# --- aid: programs and beneficiaries through aid's domain and repositories -------------------------------
async def write_aid(
    url: str,
    villages: Sequence[Village],
    chosen_families: list[tuple[str, str, Any, str, str, str, Any]],
    report: Report,
    rng: random.Random,
    out: Path,
) -> None:
    try:
        from balai.aid.domain import enrolment
        from balai.aid.domain.model import (
            Benefit,
            BenefitKind,
            FundSource,
            PeriodKind,
            ProgramKind,
            ResidentInfo,
            ResidentStatus,
            Source,
            Target,
        )
        from balai.aid.domain.programs import CreateProgram, new_program
        from balai.aid.models import messaging
        from balai.aid.uow import AidUnitOfWork
    except ImportError as exc:  # the aid service is still being built
        print(f"  aid: skipped ({exc})")
        return
    t = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    codes = tuple(v.code for v in villages)
    cash = BenefitKind.CASH
    regency_programs = [
        CreateProgram(
            "Program Keluarga Harapan (PKH)",
            ProgramKind.PKH,
            FundSource.APBN,
            Target.FAMILY,
            dt.date(2026, 1, 1),
            None,
            PeriodKind.QUARTERLY,
            Benefit(cash, 750_000),
            None,
            codes,
        ),
        CreateProgram(
            "Bantuan Pangan Non Tunai (BPNT)",
            ProgramKind.BPNT,
            FundSource.APBN,
            Target.FAMILY,
            dt.date(2026, 1, 1),
            None,
            PeriodKind.MONTHLY,
            Benefit(cash, 200_000),
            None,
            codes,
        ),
    ]
    db = Database(url)
    beneficiaries = 0
    try:
        programs: dict[Any, Any] = {}
        async with AidUnitOfWork(db, messaging) as uow:
            for cmd in regency_programs:
                program, _ = new_program(cmd, program_id=uuid.uuid4(), now=now)
                await uow.programs.add(program)
                programs[cmd.kind] = program
            for v in villages:
                cmd = CreateProgram(
                    f"BLT Dana Desa {v.name} 2026",
                    ProgramKind.BLT_DD,
                    FundSource.APBDES,
                    Target.FAMILY,
                    dt.date(2026, 1, 1),
                    dt.date(2026, 12, 31),
                    PeriodKind.MONTHLY,
                    Benefit(cash, 300_000),
                    v.code,
                )
                program, _ = new_program(cmd, program_id=uuid.uuid4(), now=now)
                await uow.programs.add(program)
                programs[v.code] = program
            await uow.commit()
        batch: list[Any] = []
        checks: list[str] = []
        for village, kk_hash, head_id, head_name, dusun, head_nik, family_id in chosen_families:
            roll = rng.random()
            kinds = [programs[ProgramKind.PKH], programs[ProgramKind.BPNT]] if roll < 0.35 else []
            kinds += [programs[ProgramKind.BPNT]] if 0.35 <= roll < 0.75 else []
            kinds += [programs[village]] if roll >= 0.75 else []
            resident = ResidentInfo(head_id, village, family_id, kk_hash, None, head_name, ResidentStatus.LIVING)
            applicant = enrolment.Applicant(
                nik_hash=None, kk_hash=kk_hash, name=head_name, address=f"Dusun {dusun}", resident=resident
            )
            for program in kinds:
                assessment = enrolment.assess(
                    program, village, applicant, existing=None, others=[], rules=[], from_import=True
                )
                beneficiary, _event = enrolment.admit(
                    program,
                    village,
                    applicant,
                    assessment,
                    beneficiary_id=uuid.uuid4(),
                    by=ACTOR,
                    source=Source.IMPORT,
                    now=now,
                )
                batch.append(beneficiary)
            if len(checks) < 2000:
                checks.append(head_nik)
            if len(batch) >= 5000:
                beneficiaries += await _add_beneficiaries(db, messaging, batch)
                batch = []
        beneficiaries += await _add_beneficiaries(db, messaging, batch)
        async with AidUnitOfWork(db, messaging) as uow:
            await uow.beneficiaries.refresh_statistics()
            await uow.commit()
    finally:
        await db.dispose()
    report.counts.update(aid_programs=len(programs), beneficiaries=beneficiaries, aid_families=len(chosen_families))
    report.phase("aid programs + beneficiaries", beneficiaries + len(programs), time.perf_counter() - t)
    with (out / "aid_checks.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["nik", "enrolled"])
        w.writerows([(nik, 1) for nik in checks])


async def _add_beneficiaries(db: Database, messaging: Any, batch: list[Any]) -> int:
    from balai.aid.uow import AidUnitOfWork

    if not batch:
        return 0
    async with AidUnitOfWork(db, messaging) as uow:
        await uow.beneficiaries.add(batch)
        await uow.commit()
    return len(batch)


# --- marketplace: villages, shops (owned by sampled residents), products -----------------------------------
PRODUCTS = [
    ("Keripik Singkong Pedas", "makanan", 15_000, "bungkus"),
    ("Terasi Udang Rembang", "perikanan", 25_000, "bungkus"),
    ("Batik Tulis Lasem", "pakaian", 350_000, "lembar"),
    ("Garam Krosok", "pertanian", 8_000, "kg"),
    ("Ikan Asin Teri", "perikanan", 60_000, "kg"),
    ("Madu Randu", "makanan", 85_000, "botol"),
    ("Beras Mentik Wangi", "pertanian", 14_000, "kg"),
    ("Kerupuk Ikan Tenggiri", "makanan", 30_000, "bungkus"),
    ("Anyaman Bambu", "kerajinan", 45_000, "buah"),
    ("Sirup Kawis", "minuman", 20_000, "botol"),
    ("Telur Ayam Kampung", "peternakan", 2_500, "butir"),
    ("Jasa Servis Pompa Air", "jasa", 75_000, "kali"),
]


async def write_marketplace(
    url: str,
    villages: Sequence[Village],
    residents: list[dict[str, str]],
    regions: RegionIndex,
    report: Report,
    rng: random.Random,
    shops_per_village: int,
    products_per_shop: int,
) -> None:
    from balai.marketplace.domain.products import Product, ProductDetails
    from balai.marketplace.domain.shops import Shop, ShopDetails
    from balai.marketplace.domain.villages import Village as MarketVillage
    from balai.marketplace.models import messaging
    from balai.marketplace.uow import MarketplaceUnitOfWork

    t = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    db = Database(url)
    by_village: dict[str, list[dict[str, str]]] = {}
    for r in residents:
        by_village.setdefault(r["village"], []).append(r)
    shops = products = 0
    try:
        async with MarketplaceUnitOfWork(db, messaging) as uow:
            regency = regions.regency(villages[0].code[:4])
            assert regency is not None
            for v in villages:
                await uow.villages.put(
                    MarketVillage.enabled(
                        village_code=v.code,
                        name=v.name,
                        district_code=v.district_code,
                        district_name=v.district_name,
                        regency_code=v.code[:4],
                        regency_name=regency.name,
                        at=now,
                    )
                )
                owners = by_village.get(v.code, [])[:shops_per_village]
                for owner in owners:
                    details = ShopDetails.parse(
                        name=f"Lapak {owner['name'].split()[0]} {v.name.title()}"[:80],
                        description="Produk asli desa, diambil langsung dari pembuatnya.",
                        whatsapp=f"08{rng.randrange(11, 99)}{rng.randrange(10**7, 10**8)}",
                        pickup_address=f"Desa {v.name.title()}, Rembang",
                    )
                    shop = Shop.open(
                        shop_id=uuid.uuid4(), village=v.code, owner=owner["resident_id"], details=details, now=now
                    )
                    shop.approve(now)
                    await uow.shops.add(shop)
                    owner["shop_id"] = str(shop.id)
                    shops += 1
                    for title, category, price, unit in rng.sample(PRODUCTS, min(products_per_shop, len(PRODUCTS))):
                        product = Product.list_new(
                            product_id=uuid.uuid4(),
                            shop_id=shop.id,
                            village=v.code,
                            stock=rng.randrange(20, 500),
                            details=ProductDetails.parse(
                                title=title,
                                description=f"{title} dari {v.name.title()}.",
                                category=category,
                                price=price,
                                unit=unit,
                            ),
                            now=now,
                        )
                        await uow.products.add(product)
                        products += 1
            await uow.commit()
        async with db.session() as session:
            from sqlalchemy import text

            await session.execute(text("ANALYZE"))
    finally:
        await db.dispose()
    report.counts.update(shops=shops, products=products)
    report.phase("marketplace villages/shops/products", len(villages) + shops + products, time.perf_counter() - t)


async def aid_villages(url: str, villages: Sequence[Village], regions: RegionIndex) -> None:
    """Aid's village read model (an upsert; identity's village events say the same later)."""
    from balai.aid.models import messaging
    from balai.aid.uow import AidUnitOfWork

    db = Database(url)
    try:
        async with AidUnitOfWork(db, messaging) as uow:
            regency = regions.regency(villages[0].code[:4])
            assert regency is not None
            for v in villages:
                await uow.residents.upsert_village(
                    {
                        "code": v.code,
                        "name": v.name,
                        "district_code": v.district_code,
                        "district_name": v.district_name,
                        "regency_code": v.code[:4],
                        "regency_name": regency.name,
                    }
                )
            await uow.commit()
    finally:
        await db.dispose()


def write_residents_csv(out: Path, residents: Iterable[dict[str, str]]) -> None:
    rows = list(residents)
    with (out / "residents.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["resident_id", "nik", "name", "village", "pin", "card_uid", "shop_id"])
        w.writeheader()
        for r in rows:
            w.writerow({**{"shop_id": ""}, **r})


def service_keys() -> Keys:
    from balai.identity.config import Settings

    settings = Settings()
    return Keys(settings.nik_hash_key.get_secret_value(), settings.pin_pepper.get_secret_value())


async def seed(args: argparse.Namespace) -> Report:
    report = Report()
    rng = random.Random(args.seed)
    out: Path = args.out
    urls = database_urls(args.database_url_template)
    keys = service_keys()
    regions = default_regions()
    residents_total = max(1, round(650_000 * args.scale)) if args.residents is None else args.residents
    villages = regency_villages(regions, args.regency, residents_total, rng, args.villages)
    print(f"seeding {args.regency}: {len(villages)} villages, {sum(v.population for v in villages):,} residents")

    t = time.perf_counter()
    await create_databases(urls, fresh=args.fresh)
    await migrate(urls)
    report.phase("create + migrate databases", len(urls), time.perf_counter() - t)
    t = time.perf_counter()
    await enable_villages(urls["identity"], regions, villages)
    await aid_villages(urls["aid"], villages, regions)
    report.phase("villages (identity handler)", len(villages), time.perf_counter() - t)

    sample = Sample(args.pins, random.Random(args.seed + 1))
    chosen_families: list[tuple[str, str, Any, str, str, str, Any]] = []
    builder = PopulationBuilder(regions, rng)
    await write_population(urls, villages, builder, keys, report, sample, chosen_families, args.aid_share)
    residents = await write_credentials(urls["identity"], villages, sample, keys, out, report, rng)
    await write_aid(urls["aid"], villages, chosen_families, report, rng, out)
    await write_marketplace(
        urls["marketplace"], villages, residents, regions, report, rng, args.shops_per_village, args.products_per_shop
    )
    write_residents_csv(out, residents)
    total = sum(int(p["rows"]) for name, p in report.phases.items() if not name.startswith(("generate", "create")))
    elapsed = time.perf_counter() - report.started
    report.phase("TOTAL (rows written)", total, elapsed)
    summary = {
        "regency": args.regency,
        "villages": len(villages),
        "scale": args.scale,
        "databases": {s: u.rsplit("/", 1)[-1] for s, u in urls.items()},
        "counts": report.counts,
        "phases": report.phases,
        "age_pyramid_male_female": report.pyramid,
        "seconds": round(elapsed, 1),
    }
    (out / "seed.json").write_text(json.dumps(summary, indent=2, default=str))
    return report


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, default=1.0, help="fraction of Rembang's 650,000 residents (0.01 = quick)")
    p.add_argument("--residents", type=int, default=None, help="exact resident count (overrides --scale)")
    p.add_argument("--villages", type=int, default=0, help="only the first N villages (0 = all)")
    p.add_argument("--regency", default="33.17")
    p.add_argument("--pins", type=int, default=2000, help="residents given a known PIN and an e-KTP card")
    p.add_argument("--aid-share", type=float, default=0.25, help="share of families enrolled in aid programs")
    p.add_argument("--shops-per-village", type=int, default=3)
    p.add_argument("--products-per-shop", type=int, default=6)
    p.add_argument("--database-url-template", default=os.environ.get("BALAI_DATABASE_URL_TEMPLATE", DEFAULT_TEMPLATE))
    p.add_argument("--fresh", action="store_true", help="drop and re-create the databases first")
    p.add_argument("--out", type=Path, default=Path("var/loadtest"))
    p.add_argument("--seed", type=int, default=3317)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    report = asyncio.run(seed(args))
    print(json.dumps({"counts": report.counts}, default=str))
    print(f"credentials for the journeys: {args.out}/residents.csv, staff.csv, kiosks.csv, aid_checks.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
