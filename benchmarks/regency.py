"""The regency benchmark: seed a synthetic Rembang on this machine's PostgreSQL, run the four services
behind one origin under uvicorn (with this machine's Redis and NATS JetStream), drive the Locust profile
headless, and write a report (Markdown + PNG chart) under benchmarks/reports/.

    uv run python benchmarks/regency.py                       # scale 0.1, 60 s regency + 30 s spike
    uv run python benchmarks/regency.py --scale 1 --seconds 120 --users 80
    uv run python benchmarks/regency.py --reuse                 # keep the last seeded databases

Besides the Locust mix, each hot endpoint is driven to saturation with wrk (as OpenSID was measured in
shared/INCUMBENT.md), the server processes' CPU time is read from /proc to give CPU-ms per request (the
per-core costs docs/sizing.md uses), and a bare FastAPI JSON endpoint on the same uvicorn setup gives the
framework ceiling: hot endpoints are printed as a ratio of it. The load generators share the 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from _harness import free_port
from _regency_report import write_report
from _saturation import saturation_suite, wrk

SERVICES = ("identity", "letters", "aid", "marketplace")
STAFF_PASSWORD = "seed-staff-password-2026"  # noqa: S105 - the seeder's synthetic staff password
PG = os.environ.get("BALAI_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
NATS = os.environ.get("BALAI_BENCH_NATS", "nats://127.0.0.1:4222")
REDIS = os.environ.get("BALAI_BENCH_REDIS", "redis://127.0.0.1:6379/0")


# --- configuration shared by the seeder and the services --------------------------------------------------
@dataclass(frozen=True)
class Run:
    name: str
    data: Path
    nik_hash_key: str
    pin_pepper: str
    prefix: str

    @property
    def template(self) -> str:
        return f"postgresql+asyncpg://{PG.split('://', 1)[1]}/balai_{self.name}_{{service}}"

    def env(self) -> dict[str, str]:
        """Environment for the seeder (identity's keys) -- the services get the same values."""
        return {
            **os.environ,
            "IDENTITY_NIK_HASH_KEY": self.nik_hash_key,
            "IDENTITY_PIN_PEPPER": self.pin_pepper,
            "BALAI_LOADTEST_DATA": str(self.data),
        }

    def stack_config(self, origin: str) -> dict[str, Any]:
        return {
            "database_url_template": self.template,
            "shared": {
                "environment": "development",
                "migrate_on_start": False,
                "nik_hash_key": self.nik_hash_key,
                "data_dir": str(self.data / "files"),
                "nats_url": NATS,
                "nats_prefix": self.prefix,
                "redis_url": REDIS,
                "redis_prefix": f"bench:{self.prefix}:",
                "jwks_url": f"{origin}/api/identity/.well-known/jwks.json",
                "public_origin": origin,
                "log_level": "WARNING",
                "log_json": False,
            },
            "per_service": {
                "identity": {"pin_pepper": self.pin_pepper},
                "letters": {
                    "identity_url": f"{origin}/api/identity",
                    "service_username": "svc.letters",
                    "service_password": STAFF_PASSWORD,
                    "verify_rate_limit": 10_000_000,
                },
                # every simulated caller comes from 127.0.0.1: the per-address limit would throttle them all
                "aid": {"check_rate_limit": 10_000_000},
            },
        }

    @classmethod
    def load_or_new(cls, name: str, data: Path, reuse: bool) -> tuple[Run, bool]:
        keys = data / "bench-keys.json"
        if reuse and (data / "seed.json").exists():
            if keys.exists():
                saved = json.loads(keys.read_text())
            else:  # seeded by hand with loadtests/seed.py: it used identity's settings (env or defaults)
                from balai.identity.config import Settings

                settings = Settings()
                saved = {
                    "nik_hash_key": settings.nik_hash_key.get_secret_value(),
                    "pin_pepper": settings.pin_pepper.get_secret_value(),
                }
            return cls(name, data, saved["nik_hash_key"], saved["pin_pepper"], f"bench{secrets.token_hex(3)}"), True
        run = cls(name, data, "bench-nik-" + secrets.token_hex(16), "bench-pepper-" + secrets.token_hex(16), "")
        run = cls(name, data, run.nik_hash_key, run.pin_pepper, f"bench{secrets.token_hex(3)}")
        data.mkdir(parents=True, exist_ok=True)
        keys.write_text(json.dumps({"nik_hash_key": run.nik_hash_key, "pin_pepper": run.pin_pepper}))
        return run, False


def seed(run: Run, *, scale: float, pins: int, villages: int = 0, residents: int | None = None) -> dict[str, Any]:
    argv = [sys.executable, str(ROOT / "loadtests" / "seed.py"), "--fresh", "--scale", str(scale), "--pins", str(pins)]
    argv += ["--database-url-template", run.template, "--out", str(run.data)]
    if villages:
        argv += ["--villages", str(villages)]
    if residents is not None:
        argv += ["--residents", str(residents)]
    subprocess.run(argv, check=True, env=run.env(), cwd=ROOT)
    summary: dict[str, Any] = json.loads((run.data / "seed.json").read_text())
    return summary


# --- the stack under uvicorn ---------------------------------------------------------------------------------
@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def pids(self) -> list[int]:
        """The uvicorn master and its worker processes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        kids = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [self.process.pid, *kids]

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        return total

    def rss_mb(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024


@contextmanager
def uvicorn(
    factory: str,
    env: dict[str, str],
    *,
    workers: int,
    ready_paths: Sequence[str] = ("/healthz",),
    port: int | None = None,
    timeout: float = 90,
) -> Iterator[Server]:
    """`factory` under uvicorn on 127.0.0.1 (`port`, or a free one), yielded once each of `ready_paths` has
    answered 200; stopped on leaving."""
    port = port or free_port()
    log = Path(tempfile.mkstemp(prefix="balai-regency-", suffix=".log")[1])
    argv = [sys.executable, "-m", "uvicorn", "--factory", factory, "--app-dir", str(ROOT / "benchmarks")]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    argv += ["--log-level", "warning", "--no-access-log"]
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + timeout
        pending = set(ready_paths)
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{factory} exited:\n{log.read_text()[-4000:]}")
            for path in sorted(pending):
                try:
                    with urllib.request.urlopen(server.url + path, timeout=2) as response:  # noqa: S310 - loopback
                        if response.status == 200:
                            pending.discard(path)
                except OSError:
                    pass
            if not pending:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{factory} not ready: {sorted(pending)}\n{log.read_text()[-4000:]}")
            time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextmanager
def stack(run: Run, *, workers: int) -> Iterator[Server]:
    """The four services behind one origin (regency_stack.create_app), yielded once each one is ready."""
    port = free_port()  # the origin is only known once the port is: pick it, then configure
    env = {"BALAI_BENCH_CONFIG": json.dumps(run.stack_config(f"http://127.0.0.1:{port}"))}
    ready = [f"/api/{service}/readyz" for service in SERVICES]
    with uvicorn("regency_stack:create_app", env, workers=workers, ready_paths=ready, port=port, timeout=120) as server:
        yield server


# --- Locust ---------------------------------------------------------------------------------------------------
@dataclass
class Endpoint:
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    avg: float


@dataclass
class LocustResult:
    profile: str
    seconds: int
    users: int
    endpoints: list[Endpoint] = field(default_factory=list)
    total: Endpoint | None = None
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    server_cpu_s: float = 0.0
    server_rss_mb: float = 0.0
    started: dt.datetime | None = None
    ended: dt.datetime | None = None
    letters: dict[str, Any] = field(default_factory=dict)


def locust(
    server: Server,
    run: Run,
    *,
    profile: str,
    users: int,
    seconds: int,
    spawn_rate: float,
    out: Path,
    active_villages: int = 0,
) -> LocustResult:
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / f"locust-{profile}"
    argv = [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtests" / "locustfile.py"), "--headless"]
    argv += ["--host", server.url, "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s"]
    argv += ["--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    env = {**run.env(), "BALAI_PROFILE": profile, "BALAI_ACTIVE_VILLAGES": str(active_villages)}
    result = LocustResult(profile, seconds, users, started=dt.datetime.now(dt.UTC))
    cpu_before = server.cpu_seconds()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 180, check=False)
    result.ended = dt.datetime.now(dt.UTC)
    result.server_cpu_s = server.cpu_seconds() - cpu_before
    result.server_rss_mb = server.rss_mb()
    notes = [line.strip()[len("note: ") :] for line in done.stdout.splitlines() if line.strip().startswith("note:")]
    result.notes = list(dict.fromkeys(notes))
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(
            f"locust wrote no statistics (exit {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    with stats.open() as f:
        for row in csv.DictReader(f):
            ep = Endpoint(
                name=row["Name"],
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                rps=float(row["Requests/s"]),
                p50=float(row["50%"] or 0),
                p95=float(row["95%"] or 0),
                p99=float(row["99%"] or 0),
                avg=float(row["Average Response Time"] or 0),
            )
            if row["Name"] == "Aggregated":
                result.total = ep
            else:
                result.endpoints.append(ep)
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open() as f:
            result.errors = [
                f"{r['Occurrences']}x {r['Method']} {r['Name']}: {r['Error'][:160]}" for r in csv.DictReader(f)
            ]
    return result


# --- event lag: outbox commit -> consumer done ------------------------------------------------------------------
async def event_lag(run: Run, since: dt.datetime) -> dict[str, Any]:
    """For each event committed since `since`: consumer inbox.processed_at - outbox.created_at."""
    created: dict[str, tuple[str, dt.datetime]] = {}
    processed: list[tuple[str, str, dt.datetime]] = []
    for service in SERVICES:
        conn = await asyncpg.connect(f"{PG}/balai_{run.name}_{service}")
        try:
            for row in await conn.fetch("SELECT event_id, type, created_at FROM outbox WHERE created_at >= $1", since):
                created[str(row["event_id"])] = (row["type"], row["created_at"])
            for row in await conn.fetch(
                "SELECT consumer, event_id, processed_at FROM inbox WHERE processed_at >= $1", since
            ):
                processed.append((row["consumer"], str(row["event_id"]), row["processed_at"]))
        finally:
            await conn.close()
    consumed = {eid for _, eid, _ in processed if eid in created}
    consumed_types = {created[eid][0] for eid in consumed}
    lags = sorted((done - created[eid][1]).total_seconds() * 1000 for _, eid, done in processed if eid in created)
    # events of a type some consumer handles, not handled yet (types nobody consumes yet are not lag)
    unsent = sum(1 for eid, (kind, _) in created.items() if kind in consumed_types and eid not in consumed)
    if not lags:
        return {"events": len(created), "deliveries": 0, "unconsumed": unsent}

    def pct(p: float) -> float:
        return lags[min(len(lags) - 1, int(p * len(lags)))]

    return {
        "events": len(created),
        "deliveries": len(lags),
        "unconsumed": unsent,
        "p50_ms": round(pct(0.50), 1),
        "p95_ms": round(pct(0.95), 1),
        "p99_ms": round(pct(0.99), 1),
        "max_ms": round(lags[-1], 1),
    }


async def letters_flow(run: Run, since: dt.datetime, until: dt.datetime) -> dict[str, Any]:
    """Letters signed in the window and the time from signing to the PDF in the archive."""
    conn = await asyncpg.connect(f"{PG}/balai_{run.name}_letters")
    try:
        rows = await conn.fetch("SELECT signed_at, rendered_at FROM letters WHERE signed_at >= $1", since)
    except asyncpg.UndefinedTableError:
        return {}
    finally:
        await conn.close()
    ready = sorted((r["rendered_at"] - r["signed_at"]).total_seconds() * 1000 for r in rows if r["rendered_at"])
    seconds = max((until - since).total_seconds(), 1.0)
    out: dict[str, Any] = {"signed": len(rows), "rendered": len(ready), "per_s": round(len(ready) / seconds, 2)}
    if ready:
        out |= {
            "p50_ms": round(ready[len(ready) // 2]),
            "p95_ms": round(ready[min(len(ready) - 1, int(0.95 * len(ready)))]),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1, help="share of Rembang's 650,000 residents to seed")
    parser.add_argument("--pins", type=int, default=1000)
    parser.add_argument("--reuse", action="store_true", help="reuse the databases seeded by the last run")
    parser.add_argument("--seconds", type=int, default=60, help="regency profile duration")
    parser.add_argument("--spike-seconds", type=int, default=30, help="spike profile duration (0 = skip)")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--spike-users", type=int, default=150)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--active-villages", type=int, default=6, help="villages the journeys act in (0 = every seeded village)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "reports")
    args = parser.parse_args()
    run, reused = Run.load_or_new("regency", ROOT / "var" / "loadtest" / "regency", args.reuse)
    if reused:
        summary = json.loads((run.data / "seed.json").read_text())
        print(f"reusing the seeded regency ({summary['counts'].get('residents', 0):,} residents)")
    else:
        summary = seed(run, scale=args.scale, pins=args.pins)
    args.out.mkdir(parents=True, exist_ok=True)
    runs: list[LocustResult] = []
    lags: dict[str, dict[str, Any]] = {}
    with stack(run, workers=args.workers) as server:
        time.sleep(3)  # the relays publish the seeded villages' events; consumers settle
        profiles = [("regency", args.users, args.seconds)]
        if args.spike_seconds:
            profiles.append(("spike", args.spike_users, args.spike_seconds))
        for profile, users, seconds in profiles:
            print(f"locust: profile {profile}, {users} users, {seconds} s")
            result = locust(
                server,
                run,
                profile=profile,
                users=users,
                seconds=seconds,
                spawn_rate=args.spawn_rate,
                out=run.data / "locust",
                active_villages=args.active_villages,
            )
            time.sleep(3)  # let the consumers finish what the load produced
            assert result.started is not None
            lags[profile] = asyncio.run(event_lag(run, result.started))
            assert result.ended is not None
            result.letters = asyncio.run(letters_flow(run, result.started, result.ended))
            runs.append(result)
            if result.total:
                print(
                    f"  {result.total.rps:.1f} req/s, p95 {result.total.p95:.0f} ms, failures {result.total.failures}"
                )
        print("wrk: saturation per hot endpoint")
        saturation = saturation_suite(server, run, seconds=args.wrk_seconds, connections=args.connections)
    with uvicorn("regency_stack:create_ceiling_app", {}, workers=args.workers, ready_paths=("/ping",)) as bare:
        wrk(bare, "ceiling", "/ping", seconds=2, connections=args.connections)
        ceiling = wrk(bare, "framework ceiling", "/ping", seconds=args.wrk_seconds, connections=args.connections)
    report = write_report(args.out, args, summary, runs, lags, saturation, ceiling)
    for s in saturation:
        print(
            f"  {s.name:<45} {s.rps:8,.0f} req/s  {s.cpu_ms_per_request:6.2f} CPU-ms/req  "
            f"{s.rps / ceiling.rps:6.1%} of the ceiling ({ceiling.rps:,.0f} req/s)"
        )
    print(f"report: {report}")


if __name__ == "__main__":
    main()
