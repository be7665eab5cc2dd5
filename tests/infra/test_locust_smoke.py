"""A short smoke of the load journeys (not the load itself): seed a tiny regency (3 villages, 300
residents) on this machine's PostgreSQL, start the four services behind one origin under uvicorn (with
this machine's Redis and NATS), run every journey once for a few seconds with Locust, and require that
no request failed. The full regency profile is `benchmarks/regency.py`."""

from __future__ import annotations

import asyncio
import secrets
import sys
from pathlib import Path

import asyncpg
import pytest

from balai.common.testing.infra import InfraUrls

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import regency  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def _drop(name: str) -> None:
    conn = await asyncpg.connect(f"{regency.PG}/postgres")
    try:
        for service in regency.SERVICES:
            await conn.execute(f'DROP DATABASE IF EXISTS "balai_{name}_{service}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.mark.timeout(170)
def test_every_journey_runs_without_errors(
    tmp_path: Path, balai_infra: InfraUrls, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the PostgreSQL, Redis and NATS the test suite runs on (started by the balai plugin when missing)
    server_url = balai_infra.postgres.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)[0]
    monkeypatch.setattr(regency, "PG", server_url)
    monkeypatch.setattr(regency, "NATS", balai_infra.nats)
    monkeypatch.setattr(regency, "REDIS", balai_infra.redis)
    name = f"smoke{secrets.token_hex(3)}"
    run, _ = regency.Run.load_or_new(name, tmp_path / "data", reuse=False)
    try:
        summary = regency.seed(run, scale=0.0, pins=24, villages=3, residents=300)
        assert summary["counts"]["residents"] == 300
        with regency.stack(run, workers=1) as server:
            result = regency.locust(
                server, run, profile="smoke", users=5, seconds=8, spawn_rate=5, out=tmp_path / "locust"
            )
    finally:
        asyncio.run(_drop(name))
    assert result.total is not None
    assert result.total.requests > 0
    assert result.total.failures == 0, "\n".join(result.errors)
    names = {e.name for e in result.endpoints}
    for journey_step in (
        "identity: resident login",
        "identity: kiosk login",
        "aid: public check",
        "marketplace: search",
        "identity: staff login",
        "letters: request",
        "letters: inbox",
        "letters: verify (JSON)",
    ):
        assert journey_step in names, f"{journey_step} was not exercised: {sorted(names)}"
