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
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from population import PopulationBuilder, regency_villages
from seed_aid import aid_villages, write_aid
from seed_base import DEFAULT_TEMPLATE, Report, create_databases, database_urls, migrate, service_keys
from seed_identity import Sample, enable_villages, write_credentials, write_population, write_residents_csv
from seed_marketplace import write_marketplace

from balai.identity.regions import default_regions


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
