"""Resident logins per second (NIK + PIN) on this machine: identity under uvicorn on PostgreSQL + Redis,
wrk on the same cores (as OpenSID was measured in shared/INCUMBENT.md).

    uv run python benchmarks/identity_login.py --seconds 20 --connections 16 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).parent))
from _harness import fresh_database, uvicorn_service, wrk

from balai.common.db import Database
from balai.common.migrations import upgrade
from balai.common.privacy import personal_number_hash
from balai.identity.main import SERVICE
from balai.identity.models import resident_pins, residents, villages
from balai.identity.pins import hash_pin

PEPPER = "bench-pepper-" + secrets.token_hex(16)
NIK_KEY = "bench-nik-key-" + secrets.token_hex(16)
VILLAGE = "3317092016"
PIN = "240517"


async def seed(url: str, count: int) -> list[str]:
    db = Database(url)
    await upgrade(db.engine, SERVICE.migrations, SERVICE.metadata)
    niks = [f"331709{(i % 28) + 1:02d}0190{i:04d}" for i in range(count)]
    now = datetime.now(UTC)
    async with db.session() as s, s.begin():
        await s.execute(
            insert(villages).values(
                code=VILLAGE,
                name="Mojowarno",
                district_code="331709",
                district_name="Kaliori",
                regency_code="3317",
                regency_name="KABUPATEN REMBANG",
                province_name="JAWA TENGAH",
                enabled_at=now,
                enabled_by="bench",
            )
        )
        for nik in niks:
            rid = uuid.uuid4()
            await s.execute(
                insert(residents).values(
                    id=rid,
                    village=VILLAGE,
                    nik=nik,
                    nik_hash=personal_number_hash(nik, NIK_KEY),
                    name="Warga",
                    sex="male",
                    birth_date=date(1990, 1, 1),
                    relationship="head",
                    review_flags=[],
                    extras={},
                    created_at=now,
                    updated_at=now,
                )
            )
            await s.execute(
                insert(resident_pins).values(
                    resident_id=rid,
                    pin_hash=await hash_pin(PIN, subject=str(rid), pepper=PEPPER),
                    must_change=False,
                    issued_at=now,
                    issued_by="bench",
                )
            )
    await db.dispose()
    return niks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--residents", type=int, default=200)
    args = parser.parse_args()
    with fresh_database("identity") as url:
        niks = asyncio.run(seed(url, args.residents))
        env = {
            "IDENTITY_DATABASE_URL": url,
            "IDENTITY_PIN_PEPPER": PEPPER,
            "IDENTITY_NIK_HASH_KEY": NIK_KEY,
            "IDENTITY_REDIS_PREFIX": f"bench:{secrets.token_hex(3)}:",
            "IDENTITY_LOG_LEVEL": "WARNING",
            "IDENTITY_MIGRATE_ON_START": "false",
        }
        bodies = ",".join(json.dumps(json.dumps({"nik": n, "pin": PIN})) for n in niks)
        script = f"""
local bodies = {{{bodies}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/auth/resident/login", {{["Content-Type"] = "application/json"}},
                    bodies[(i % #bodies) + 1])
end
"""
        with uvicorn_service("balai.identity.main:create_app", env, workers=args.workers) as base:
            wrk(base + "/healthz", seconds=3, connections=4)  # warm up
            login = wrk(base, seconds=args.seconds, connections=args.connections, script=script)
            health = wrk(base + "/healthz", seconds=5, connections=args.connections)
    print(
        f"resident login (NIK+PIN, argon2id 8 MiB t=1), {args.connections} connections, "
        f"{args.workers} uvicorn workers, wrk on the same 2 cores:"
    )
    print(
        f"  {login['requests_per_s']:.1f} logins/s  p50 {login.get('p50_ms', 0):.0f} ms  "
        f"p99 {login.get('p99_ms', 0):.0f} ms  non-2xx {login['non_2xx']:.0f} of {login['requests']:.0f}"
    )
    print(f"  framework floor /healthz: {health['requests_per_s']:.0f} req/s  p99 {health.get('p99_ms', 0):.1f} ms")


if __name__ == "__main__":
    main()
