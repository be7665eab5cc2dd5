"""Catalogue benchmark (not a test): browse and search latency p50/p95 on a regency-sized catalogue.

    uv run python services/marketplace/benchmarks/bench_search.py                       # 50,000 products
    uv run python services/marketplace/benchmarks/bench_search.py --products 200000 --rounds 100
    uv run python services/marketplace/benchmarks/bench_search.py --reuse               # skip seeding

Creates (or empties) the PostgreSQL database `balai_marketplace_bench` on the server named by
`--admin-url`, migrates it, seeds 294 villages in 14 districts of one regency (as many as Kabupaten
Rembang has), three shops per village (nine in ten approved) and N products with Indonesian titles and
descriptions, runs ANALYZE, then times each scenario through the service's own HTTP API in-process
(FastAPI + the Catalogue repository + PostgreSQL; no network hop, no NATS needed). Drop the database
afterwards with `--drop`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from balai.common.ids import uuid7
from balai.common.migrations import upgrade
from balai.marketplace.config import Settings
from balai.marketplace.main import SERVICE, create_app
from balai.marketplace.models import products, shops, villages

DATABASE = "balai_marketplace_bench"
GOODS = [
    ("Keripik singkong", "makanan", 12000),
    ("Keripik tempe", "makanan", 15000),
    ("Keripik pisang", "makanan", 14000),
    ("Kerupuk ikan", "makanan", 20000),
    ("Terasi udang", "makanan", 25000),
    ("Sambal bawang", "makanan", 18000),
    ("Gula aren", "makanan", 30000),
    ("Madu hutan", "makanan", 85000),
    ("Kopi robusta", "minuman", 45000),
    ("Jamu kunyit asam", "minuman", 10000),
    ("Batik tulis", "pakaian", 450000),
    ("Batik cap", "pakaian", 120000),
    ("Kain tenun ikat", "pakaian", 300000),
    ("Anyaman bambu", "kerajinan", 40000),
    ("Tas pandan", "kerajinan", 65000),
    ("Beras organik", "pertanian", 16000),
    ("Cabai rawit", "pertanian", 60000),
    ("Telur ayam kampung", "peternakan", 35000),
    ("Ikan asin", "perikanan", 50000),
    ("Sapu lidi", "kebutuhan_rumah", 15000),
]
QUALITIES = ["pedas", "manis", "original", "khas Rembang", "asli desa", "super", "premium", "rumahan", "segar"]
WORDS = [
    "dibuat",
    "tangan",
    "warga",
    "desa",
    "dengan",
    "bahan",
    "pilihan",
    "tanpa",
    "pengawet",
    "cocok",
    "untuk",
    "oleh-oleh",
    "keluarga",
    "dikemas",
    "rapi",
    "tahan",
    "lama",
    "dijual",
    "langsung",
    "oleh",
    "petani",
    "dan",
    "pengrajin",
    "setempat",
    "harga",
    "bersahabat",
]


def scenarios(regency: str, district: str, village: str) -> list[tuple[str, str]]:
    return [
        ("browse regency, newest", f"/products?regency={regency}"),
        ("browse district + category", f"/products?district={district}&category=makanan"),
        ("browse village", f"/products?village={village}"),
        ("price 10-50k, cheapest first", f"/products?regency={regency}&min_price=10000&max_price=50000&sort=price_asc"),
        ("browse page at offset 1000", f"/products?regency={regency}&offset=1000"),
        ("search 'keripik'", "/products?q=keripik"),
        ("search 'batik tulis'", "/products?q=batik+tulis"),
        ("search prefix 'kerip'", "/products?q=kerip"),
        ("search 'madu' in a district", f"/products?q=madu&district={district}"),
        ("search 'gula aren' <= 40k", "/products?q=gula+aren&max_price=40000"),
        ("search, no match", "/products?q=rendang"),
    ]


async def prepare_database(admin_url: str) -> str:
    admin = make_url(admin_url)
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", DATABASE)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await conn.close()
    return admin.set(database=DATABASE).render_as_string(hide_password=False)


async def seed(url: str, count: int, village_count: int, rng: random.Random) -> None:
    from balai.common.db import create_engine

    engine = create_engine(url)
    await upgrade(engine, SERVICE.migrations, SERVICE.metadata)
    async with engine.begin() as conn:
        await conn.execute(text("TRUNCATE order_items, orders, product_photos, products, shops, villages CASCADE"))
        now = datetime.now(UTC)
        rows = []
        for i in range(village_count):
            district = f"3317{i % 14 + 1:02d}"
            rows.append(
                {
                    "code": f"{district}{2001 + i // 14:04d}",
                    "name": f"Desa {i + 1}",
                    "district_code": district,
                    "district_name": f"Kecamatan {i % 14 + 1}",
                    "regency_code": "3317",
                    "regency_name": "Kabupaten Rembang",
                    "enabled_at": now,
                }
            )
        await conn.execute(insert(villages), rows)
        shop_rows: list[dict[str, Any]] = []
        for village in rows:
            for n in range(3):
                shop_rows.append(
                    {
                        "id": uuid7(),
                        "village": village["code"],
                        "owner": str(uuid.uuid4()),
                        "name": f"Lapak {village['name']} {n + 1}",
                        "description": "",
                        "whatsapp": "+6281234567890",
                        "pickup_address": "Balai desa",
                        "status": "approved" if rng.random() < 0.9 else "pending",
                        "status_reason": "",
                        "version": 0,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        await conn.execute(insert(shops), shop_rows)
        batch: list[dict[str, Any]] = []
        for n in range(count):
            shop = rng.choice(shop_rows)
            title, category, price = rng.choice(GOODS)
            created = now - timedelta(minutes=count - n)
            batch.append(
                {
                    "id": uuid7(),
                    "shop_id": shop["id"],
                    "village": shop["village"],
                    "district": shop["village"][:6],
                    "regency": shop["village"][:4],
                    "title": f"{title} {rng.choice(QUALITIES)}",
                    "description": " ".join(rng.choices(WORDS, k=rng.randint(8, 30))),
                    "category": category,
                    "price": max(1000, int(price * rng.uniform(0.6, 1.6)) // 500 * 500),
                    "unit": "bungkus",
                    "stock": rng.randint(0, 50),
                    "photo_count": 0,
                    "status": "hidden" if rng.random() < 0.02 else "active",
                    "hidden_reason": "",
                    "created_at": created,
                    "updated_at": created,
                }
            )
            if len(batch) == 5000:
                await conn.execute(insert(products), batch)
                batch = []
        if batch:
            await conn.execute(insert(products), batch)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("ANALYZE"))
    await engine.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(url: str, rounds: int) -> None:
    settings = Settings(
        database_url=url,
        relay_enabled=False,
        consumers_enabled=False,
        migrate_on_start=False,
        nats_url="nats://127.0.0.1:1",
        log_json=False,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            sample = (await client.get("/products?limit=1")).json()["items"][0]["village"]
            out = sys.stdout
            out.write(f"search configuration: {app.state.runtime.extras.get('search_config')}\n")
            out.write(f"{'scenario':34} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'hits':>5}\n")
            for name, path in scenarios(sample[:4], sample[:6], sample):
                timings: list[float] = []
                hits = 0
                for _ in range(rounds + 3):
                    started = time.perf_counter()
                    response = await client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
                    response.raise_for_status()
                    hits = len(response.json()["items"])
                timings = timings[3:]  # warm-up
                out.write(
                    f"{name:34} {percentile(timings, 0.5):8.1f} {percentile(timings, 0.95):8.1f} "
                    f"{statistics.fmean(timings):8.1f} {hits:5d}\n"
                )


async def drop(admin_url: str) -> None:
    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    finally:
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--villages", type=int, default=294)
    parser.add_argument("--rounds", type=int, default=200, help="requests per scenario")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded data of a previous run")
    parser.add_argument("--drop", action="store_true", help="drop the benchmark database and exit")
    args = parser.parse_args()
    if args.drop:
        await drop(args.admin_url)
        return
    url = await prepare_database(args.admin_url)
    if not args.reuse:
        started = time.perf_counter()
        await seed(url, args.products, args.villages, random.Random(294))
        sys.stdout.write(
            f"seeded {args.products} products in {args.villages} villages in {time.perf_counter() - started:.1f}s\n"
        )
    await measure(url, args.rounds)


if __name__ == "__main__":
    asyncio.run(main())
