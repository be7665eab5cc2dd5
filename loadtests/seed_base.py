"""What every part of the seeder shares: the databases (created and migrated), the keys the services
read, the report of phases, and the constants of the synthetic data."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from balai.common.db import Database
from balai.common.migrations import upgrade

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


def service_keys() -> Keys:
    from balai.identity.config import Settings

    settings = Settings()
    return Keys(settings.nik_hash_key.get_secret_value(), settings.pin_pepper.get_secret_value())
