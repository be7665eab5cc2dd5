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
import asyncio, json, socket, sys, threading

import uvicorn  # what `serve` imports
from balai.kiosk import cli
from balai.kiosk.config import Settings
from balai.kiosk.main import create_app

printer = socket.create_server(("127.0.0.1", 0))  # a network ticket printer that takes anything
received = []
def take() -> None:  # the status checks only connect; the ticket comes in one write
    while True:
        with printer.accept()[0] as conn:
            data = conn.recv(65536)
        if data:
            received.append(data)

threading.Thread(target=take, daemon=True).start()

settings = Settings(
    environment="test", data_dir=sys.argv[1], pcsc_enabled=False, log_json=False, heartbeat_interval_s=3600,
    centre={"url": "http://127.0.0.1:9", "device_id": "0193a7e2-0000-7000-8000-00000000d001"},
    devices={"a4_printer": {"queue": "A4"}, "ticket_printer": {"host": "127.0.0.1", "port": printer.getsockname()[1]}},
)

def heavy() -> list[str]:
    return sorted(name for name in sys.modules if name.split(".")[0] in sys.argv[2:])

started = []

async def main() -> None:
    for _ in range(2):
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            started.append(heavy())
            if not received:
                await app.state.gateway.tickets.issue("Layanan Surat")  # printed by a child process
                for _ in range(50):
                    if received:
                        break
                    await asyncio.sleep(0.05)

asyncio.run(main())
assert received and received[0].startswith(b"\\x1b@"), received
print(json.dumps({"started": started[0], "end": heavy()}))
"""

NEVER = ("sqlalchemy", "aiosqlite", "greenlet", "redis", "nats", "alembic", "mako", "escpos", "PIL", "qrcode", "cups")
"""SQLAlchemy (aiosqlite, greenlet): the queue goes through sqlite3, SQLAlchemy only in the migration child,
with Alembic (and Mako); redis, NATS: the gateway uses neither; python-escpos (Pillow, qrcode): only in the
child process that prints a ticket (one is printed here); pycups: only when a letter is printed or the A4
printer's status asked."""


def test_the_gateway_never_loads_what_it_does_not_use(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), *NEVER], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded["started"] == []
    assert [name for name in loaded["end"] if name.split(".")[0] != "cups"] == []  # the A4 status may ask CUPS
    with sqlite3.connect(tmp_path / "kiosk.db") as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"pending_requests", "ticket_counters", "alembic_version"} <= tables, "migrated by the child"
