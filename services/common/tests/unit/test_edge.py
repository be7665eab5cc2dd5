"""The edge service shape: an SQLite file through the standard library (stored as SQLAlchemy stores it), a
unit of work with the usual transaction behaviour, and the common app around it, with no SQLAlchemy."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, Table, insert, select

from balai.common.db import create_engine
from balai.common.edge import EdgeRuntime, EdgeServiceDefinition, create_edge_service_app
from balai.common.litedb import (
    LiteDatabase,
    LiteUnitOfWork,
    from_json,
    from_timestamp,
    sqlite_file,
    to_json,
    to_timestamp,
)
from balai.common.settings import BaseServiceSettings

MIGRATION = '''"""notes"""

import sqlalchemy as sa
from alembic import op

revision = "e1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("text", sa.Text()))


def downgrade() -> None:
    op.drop_table("notes")
'''


class EdgeSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "edge"


def definition(tmp_path: Path) -> EdgeServiceDefinition:
    migrations = tmp_path / "migrations"
    (migrations / "versions").mkdir(parents=True)
    (migrations / "env.py").write_text("from balai.common.migrations import run_env\n\nrun_env()\n")
    (migrations / "versions" / "e1_notes.py").write_text(MIGRATION)
    router = APIRouter()

    @router.get("/notes")
    async def notes() -> list[str]:
        return []

    return EdgeServiceDefinition(
        name="edge", title="Edge", settings_type=EdgeSettings, migrations=migrations, schema="x", routers=[router]
    )


def test_sqlite_urls() -> None:
    assert sqlite_file("sqlite+aiosqlite:///./data/kiosk.db") == Path("./data/kiosk.db")
    assert sqlite_file("sqlite:////var/lib/balai-kiosk/kiosk.db") == Path("/var/lib/balai-kiosk/kiosk.db")
    assert sqlite_file("sqlite+aiosqlite:///x.db?timeout=5") == Path("x.db")
    assert sqlite_file("sqlite+aiosqlite://") is None
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgresql+asyncpg://u@h/db") is None
    with pytest.raises(ValueError, match="not an SQLite file"):
        LiteDatabase("sqlite+aiosqlite://")


async def test_values_are_stored_as_sqlalchemy_stores_them(tmp_path: Path) -> None:
    """A queue written by SQLAlchemy reads the same through sqlite3, and the other way round."""
    metadata = MetaData()
    rows = Table(
        "rows",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("at", DateTime(timezone=True)),
        Column("body", JSON),
    )
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    moment = datetime(2026, 11, 23, 15, 4, 5, 123456, tzinfo=UTC)
    body = {"nama": "Sítí", "n": [1, None]}
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            await conn.execute(insert(rows).values(id=1, at=moment, body=body))
        with sqlite3.connect(tmp_path / "db.sqlite") as raw:
            stored_at, stored_body = raw.execute("SELECT at, body FROM rows WHERE id = 1").fetchone()
            assert (stored_at, stored_body) == (to_timestamp(moment), to_json(body))
            assert from_timestamp(stored_at) == moment
            assert from_json(stored_body) == body
            wib = moment.astimezone(timezone(timedelta(hours=7)))
            raw.execute("INSERT INTO rows VALUES (2, ?, ?)", (to_timestamp(wib), to_json(body)))
        async with engine.connect() as conn:
            at, back = (await conn.execute(select(rows.c.at, rows.c.body).where(rows.c.id == 2))).one()
        assert (at.replace(tzinfo=UTC), back) == (moment, body), "an aware time is stored as UTC"
    finally:
        await engine.dispose()
    assert to_timestamp(None) is None
    assert from_json(None) is None


async def test_unit_of_work_commits_or_rolls_back_and_writers_take_turns(tmp_path: Path) -> None:
    db = LiteDatabase(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'db.sqlite'}", busy_timeout_s=5)
    try:
        async with db.connection() as conn:
            await conn.execute("CREATE TABLE n (k TEXT PRIMARY KEY, v INTEGER)")
            await conn.commit()
        async with LiteUnitOfWork(db) as uow:
            await uow.connection.execute("INSERT INTO n VALUES ('a', 1)")  # no commit: undone
        async with LiteUnitOfWork(db) as uow:
            assert await uow.connection.scalar("SELECT count(*) FROM n") == 0
            assert await uow.connection.execute("INSERT INTO n VALUES ('b', 1)") == 1
            await uow.commit()
        first_wrote = asyncio.Event()
        order: list[str] = []

        async def first() -> None:
            async with LiteUnitOfWork(db) as uow:
                await uow.connection.execute("UPDATE n SET v = v + 1 WHERE k = 'b'")
                first_wrote.set()
                await asyncio.sleep(0.3)  # holds the write lock, as a ticket number does while it prints
                order.append("first")
                await uow.commit()

        async def second() -> None:
            await first_wrote.wait()
            async with LiteUnitOfWork(db) as uow:
                await uow.connection.execute("UPDATE n SET v = v * 10 WHERE k = 'b'")  # waits for first
                order.append("second")
                await uow.commit()

        await asyncio.gather(first(), second())
        assert order == ["first", "second"]
        async with db.connection() as conn:
            assert await conn.scalar("SELECT v FROM n WHERE k = 'b'") == 20
            assert [tuple(r) for r in await conn.fetchall("SELECT k, v FROM n")] == [("b", 20)]
        assert await db.ping()
    finally:
        await db.dispose()


@pytest.mark.parametrize("in_child", [True, False])
async def test_edge_app_migrates_and_answers_like_every_service(tmp_path: Path, in_child: bool) -> None:
    settings = EdgeSettings(data_dir=str(tmp_path / "data"), migrate_in_subprocess=in_child, log_json=False)
    app = create_edge_service_app(definition(tmp_path), settings)
    runtime = app.state.runtime
    assert isinstance(runtime, EdgeRuntime)

    async def devices() -> dict[str, bool]:
        return {"printer": False}

    runtime.readiness_checks.append(devices)
    async with app.router.lifespan_context(app):
        async with runtime.uow() as uow:
            await uow.connection.execute("INSERT INTO notes (text) VALUES ('migrated')")
            await uow.commit()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get("/healthz")).json() == {"status": "ok", "service": "edge"}
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["checks"] == {"database": True, "printer": False}
            assert (await client.get("/notes")).json() == []
            missing = await client.get("/nothing")
            assert missing.status_code == 404
            assert missing.headers["content-type"] == "application/problem+json"
            assert "balai_http_requests_total" in (await client.get("/metrics")).text


def test_the_edge_shape_loads_no_sqlalchemy(tmp_path: Path) -> None:
    definition(tmp_path)  # writes the migration
    child = f"""
import asyncio, json, sys
from pathlib import Path
from fastapi import APIRouter
from balai.common.edge import EdgeServiceDefinition, create_edge_service_app
from balai.common.settings import BaseServiceSettings

settings = BaseServiceSettings(data_dir={str(tmp_path / "data")!r}, migrate_in_subprocess=True)
service = EdgeServiceDefinition(name="edge", title="Edge", settings_type=BaseServiceSettings,
    migrations=Path({str(tmp_path / "migrations")!r}), schema="x", routers=[APIRouter()])

async def main() -> None:
    app = create_edge_service_app(service, settings)
    async with app.router.lifespan_context(app):
        assert await app.state.runtime.db.ping()

asyncio.run(main())
heavy = {{"sqlalchemy", "alembic", "aiosqlite", "nats", "redis"}}
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & heavy)))
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    with sqlite3.connect(tmp_path / "data" / "service.db") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("e1",)
