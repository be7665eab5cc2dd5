"""`python -m balai.stack up`: the whole platform on one machine, no Docker (what `make up` runs)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

import httpx
import uvicorn
from starlette.applications import Starlette

from balai.common.logs import configure_logging
from balai.stack.app import build_stack
from balai.stack.daemons import Daemons
from balai.stack.demo import DemoLogins, seed
from balai.stack.secrets_file import load_or_create


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="balai.stack")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start everything (Ctrl-C stops it)")
    up.add_argument("--host", default=os.environ.get("BALAI_HOST", "127.0.0.1"))
    up.add_argument("--port", type=int, default=int(os.environ.get("BALAI_PORT", "8000")))
    up.add_argument("--data", type=Path, default=Path(os.environ.get("BALAI_DATA", "./data")))
    up.add_argument(
        "--database-url-template",
        default=os.environ.get("BALAI_DATABASE_URL_TEMPLATE", ""),
        help="e.g. postgresql+asyncpg://postgres@127.0.0.1/balai_{service} to run on PostgreSQL",
    )
    sub.add_parser("down", help="stop a running `up`").add_argument("--data", type=Path, default=Path("./data"))
    args = parser.parse_args(argv)
    if args.command == "down":
        return _down(args.data)
    return _up(args)


def _up(args: argparse.Namespace) -> int:
    data: Path = args.data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    running = _running_pid(data)
    if running:
        print(f"Balai already runs (pid {running}); `make down` stops it")  # noqa: T201
        return 1
    configure_logging("INFO", json_logs=False)
    daemons = Daemons(data)
    daemons.start()
    origin = f"http://{args.host}:{args.port}"
    keys = load_or_create(data)
    shared = {
        "environment": "development",
        "nik_hash_key": keys["nik_hash_key"],
        "data_dir": str(data),
        "nats_url": f"nats://127.0.0.1:{daemons.nats_port}",
        "redis_url": f"redis://127.0.0.1:{daemons.redis_port}/0",
        "jwks_url": f"{origin}/api/identity/.well-known/jwks.json",
        "public_origin": origin,
        "log_json": False,
    }
    pwa = Path(__file__).resolve().parents[5] / "pwa" / "dist"
    per_service = {
        "identity": {
            "pin_pepper": keys["pin_pepper"],
            "seal_key": keys["seal_key"],
            "bootstrap_admin_password": keys["admin_password"],
        },
        "letters": {
            "seal_key": keys["letters_seal_key"],
            "identity_url": f"{origin}/api/identity",
            "service_username": "svc.letters",
            "service_password": keys["service_password"],
        },
    }

    async def started(root: Starlette) -> None:
        transport = httpx.ASGITransport(app=root)
        try:
            async with httpx.AsyncClient(transport=transport, base_url=origin, timeout=60) as client:
                logins = await seed(
                    client, admin_password=keys["admin_password"], service_password=keys["service_password"]
                )
        except Exception:
            logging.getLogger("balai.stack").exception("demo data could not be written")
            _banner(origin, data, None)
            return
        _banner(origin, data, logins)

    app = build_stack(
        shared,
        pwa_dist=pwa,
        database_url_template=args.database_url_template,
        per_service=per_service,
        on_started=started,
    )
    pid_file = data / "balai.pid"
    pid_file.write_text(str(os.getpid()))
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        daemons.stop()
        pid_file.unlink(missing_ok=True)
    return 0


def _banner(origin: str, data: Path, logins: DemoLogins | None) -> None:
    demo = (
        [
            "  Demo (Desa Mojowarno, Kaliori, Rembang):",
            f"    admin kabupaten   admin / {logins.admin_password}" if logins else "",
            f"    operator desa     operator.mojowarno / {logins.staff_password}" if logins else "",
            f"    kepala desa       kades.mojowarno / {logins.staff_password}" if logins else "",
            f"    camat             camat.kaliori / {logins.staff_password}" if logins else "",
            f"    warga (NIK + PIN) {logins.resident_nik} / {logins.resident_pin}" if logins else "",
        ]
        if logins
        else ["  (demo data could not be written: see the log above)"]
    )
    lines = [
        "",
        "Balai berjalan / Balai is running",
        f"  Aplikasi (PWA):   {origin}/",
        *(f"  API {name:<12}  {origin}/api/{name}/docs" for name in ("identity", "letters", "aid", "marketplace")),
        f"  Data folder:      {data}",
        *demo,
        "  Stop: Ctrl-C (or `make down` from another terminal)",
        "",
    ]
    print("\n".join(lines), flush=True)  # noqa: T201


def _running_pid(data: Path) -> int | None:
    pid_file = data / "balai.pid"
    try:
        pid = int(pid_file.read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        pid_file.unlink(missing_ok=True)
        return None
    return pid


def _down(data: Path) -> int:
    pid = _running_pid(data.resolve())
    if pid is None:
        print("Balai is not running")  # noqa: T201
        return 0
    os.kill(pid, signal.SIGINT)
    print(f"stopping Balai (pid {pid})")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
