"""The gateway's memory on a small PC (≤ 80 MB RSS, see the README): it must never load the client
libraries of what it does not use. A child Python builds the app and runs its start-up and shutdown
twice (a new database, migrated in a child process of its own; then a restart, already at head), as
``python -m balai.kiosk serve`` would, and reports what it imported."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

CHILD = """
import asyncio, json, sys

import uvicorn  # what `serve` imports
from balai.kiosk import cli
from balai.kiosk.config import Settings
from balai.kiosk.main import create_app

settings = Settings(
    environment="test", data_dir=sys.argv[1], pcsc_enabled=False, log_json=False, heartbeat_interval_s=3600,
    centre={"url": "http://127.0.0.1:9", "device_id": "0193a7e2-0000-7000-8000-00000000d001"},
    devices={"a4_printer": {"queue": "A4"}, "ticket_printer": {"host": "127.0.0.1", "port": 9}},
)

async def main() -> None:
    for _ in range(2):
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pass

asyncio.run(main())
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in sys.argv[2:])))
"""

NEVER = ("sqlalchemy", "aiosqlite", "greenlet", "redis", "nats", "alembic", "mako", "escpos", "PIL", "qrcode", "cups")
"""SQLAlchemy (aiosqlite, greenlet): the queue goes through sqlite3, SQLAlchemy only in the migration child,
with Alembic (and Mako); redis, NATS: the gateway uses neither; python-escpos (Pillow, qrcode) and pycups:
only when a ticket or a letter is printed (or a printer's status asked)."""


def test_the_gateway_never_loads_what_it_does_not_use(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), *NEVER], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    with sqlite3.connect(tmp_path / "kiosk.db") as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"pending_requests", "ticket_counters", "alembic_version"} <= tables, "migrated by the child"
