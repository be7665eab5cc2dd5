"""Import speed on PostgreSQL for a generated OpenSID file (10,000 rows by default; BALAI_BENCH_ROWS).

    BALAI_BENCH=1 uv run pytest services/identity/tests/integration/test_import_speed.py -s

prints rows/second of the dry run, the commit and a re-import of the same file (through the API), and
of the CLI dry run and commit (a fresh village, its own process, with the progress bar).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from balai.identity.models import residents

from ..unit.conftest import build_xlsx
from .test_register_support import A, B, count, enable, operator, start

pytestmark = [pytest.mark.integration, pytest.mark.slow]
BENCH = os.environ.get("BALAI_BENCH") == "1"
ROWS = int(os.environ.get("BALAI_BENCH_ROWS", "10000"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def generated_village(rows: int, seed: int = 11, district: str = "331709") -> list[dict[str, Any]]:
    """Families of 1-6 members with valid NIKs (of ``district``) consistent with the records; 30% with cards."""
    rng = random.Random(seed)
    today = dt.date(2025, 6, 1)
    out: list[dict[str, Any]] = []
    niks: set[str] = set()
    family = 0
    while len(out) < rows:
        family += 1
        kk = f"{district}{rng.randrange(1, 28):02d}{rng.randrange(1, 13):02d}{rng.randrange(0, 24):02d}{family:04d}"
        dusun, rt, rw = f"Dusun {rng.randrange(1, 7)}", rng.randrange(1, 12), rng.randrange(1, 5)
        for member in range(min(rng.randrange(1, 7), rows - len(out))):
            sex = rng.choice((1, 2))
            born = today - dt.timedelta(days=rng.randrange(365, 90 * 365))
            while True:
                day = born.day + (40 if sex == 2 else 0)
                nik = f"{district}{day:02d}{born:%m%y}{rng.randrange(1, 10000):04d}"
                if nik not in niks:
                    break
            niks.add(nik)
            out.append(
                {
                    "alamat": f"Jl. Desa {family}",
                    "dusun": dusun,
                    "rw": rw,
                    "rt": rt,
                    "nama": f"Warga {family}-{member}",
                    "no_kk": kk,
                    "nik": nik,
                    "sex": sex,
                    "tempatlahir": "Rembang",
                    "tanggallahir": dt.datetime(born.year, born.month, born.day),
                    "agama_id": rng.randrange(1, 8),
                    "pendidikan_kk_id": rng.randrange(1, 11),
                    "pekerjaan_id": rng.randrange(1, 90),
                    "status_kawin": rng.randrange(1, 5),
                    "kk_level": 1 if member == 0 else rng.choice((3, 4, 4, 5, 7)),
                    "warganegara_id": 1,
                    "nama_ayah": "Ayah",
                    "nama_ibu": "Ibu",
                    "golongan_darah_id": 13,
                    "status_dasar": 1,
                    "tag_id_card": str(rng.randrange(1 << 24, 1 << 31)) if rng.random() < 0.3 else None,
                }
            )
    return out


def rate(rows: int, seconds: float) -> str:
    return f"{seconds:.2f} s = {rows / seconds:,.0f} rows/s"


@pytest.mark.skipif(not BENCH, reason="set BALAI_BENCH=1 to measure the import of a large generated file")
async def test_import_rows_per_second(balai_service, tmp_path: Path) -> None:
    data = build_xlsx(generated_village(ROWS))
    path = tmp_path / "village.xlsx"
    path.write_bytes(data)
    print(f"\nfile: {ROWS:,} rows, {len(data) / 1e6:.1f} MB xlsx")  # noqa: T201
    async with start(balai_service, max_import_bytes=50 * 1024 * 1024) as svc:
        await enable(svc, A, B)
        for label, params in (
            ("API dry run", "dry_run=true"),
            ("API commit", "dry_run=false"),
            ("API re-import", "dry_run=false"),
        ):
            started = time.perf_counter()
            response = await svc.client.post(
                f"/villages/{A}/imports?{params}", files={"file": ("v.xlsx", data, XLSX)}, headers=operator(svc)
            )
            took = time.perf_counter() - started
            assert response.status_code == 200, response.text[:500]
            body = response.json()
            assert body["counts"]["rejected"] == 0
            print(f"{label}: {rate(ROWS, took)}; stages {body['seconds']}; {body['counts']}")  # noqa: T201
        assert await count(svc, residents) == ROWS

        # the CLI, in its own process, into another village (its people registered by another district)
        cli_path = tmp_path / "other.xlsx"
        cli_path.write_bytes(build_xlsx(generated_village(ROWS, seed=12, district="331701")))
        env = {**os.environ, "IDENTITY_NIK_HASH_KEY": svc.settings.nik_hash_key.get_secret_value()}
        for args in ((), ("--commit",)):
            started = time.perf_counter()
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "balai.identity.cli", "import", str(cli_path), "--village", B,
                "--database-url", svc.settings.database_url, *args,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
            )  # fmt: skip
            out, err = await process.communicate()
            took = time.perf_counter() - started
            print(f"CLI {' '.join(args) or 'dry run'} (process incl. start-up {took:.1f} s):\n{out.decode()}")  # noqa: T201
            assert process.returncode == 0, err.decode()[-2000:]
        assert await count(svc, residents) == 2 * ROWS
