"""Letters flow benchmark (not a test): sign request -> PDF ready, through the real consumer.

    uv run python services/letters/benchmarks/bench_flow.py                 # 30 one-by-one + 100 in a burst
    uv run python services/letters/benchmarks/bench_flow.py -n 200 --processes 2

Runs the letters service on PostgreSQL + NATS JetStream + Redis (started like `make test` does if they are
not running), in a fresh database that is dropped afterwards, with an in-memory identity directory (the
resident's document data) so only letters is measured. Requests are submitted and verified first (not
timed); then each is signed over HTTP and the clock stops when its `letters.letter.issued` event arrives
on NATS: the number was allocated, the event went through the outbox relay, the consumer fetched the
resident data, composed and rendered the PDF in a worker thread, archived it sealed, committed and
published `issued`.

Two phases: *latency* signs one letter at a time (each waits for its PDF), *burst* signs `-n` letters
with `--concurrency` signers at once and reports PDFs/second and the time to PDF for each under load.
`--processes P` adds P-1 consumer processes on the same durable consumer (scaling out by replicas).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import io
import multiprocessing
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from typing import Any

from PIL import Image

from balai.common.envelope import Envelope
from balai.common.testing.harness import TestDatabases, delete_streams, run_service, settings_for
from balai.common.testing.infra import ensure_all
from balai.common.testing.tokens import TestTokens
from balai.contracts.identity import ResidentRegisteredV1, VillageEnabledV1
from balai.letters.config import Settings
from balai.letters.directory import FakeResidentDirectory, ResidentRecord
from balai.letters.main import create_app
from balai.letters.readmodel_handlers import on_resident_registered, on_village_enabled

VILLAGE = "3317092016"
FIELDS = {"alamat_domisili": "Dusun Krajan RT 003 RW 002", "keperluan": "Persyaratan melamar pekerjaan"}


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def record(rid: uuid.UUID, i: int) -> ResidentRecord:
    return ResidentRecord.model_validate(
        {
            "resident_id": str(rid),
            "village": VILLAGE,
            "nik": f"331709450190{i:04d}",
            "name": f"Warga Uji {i}",
            "sex": "female",
            "birth_place": "Rembang",
            "birth_date": "1990-01-05",
            "religion": "islam",
            "marital_status": "married",
            "occupation": "wiraswasta",
            "address": {"dusun": "Krajan", "rt": "003", "rw": "002"},
        }
    )


def worker(values: dict[str, Any], records: list[dict[str, Any]], stop: Any) -> None:
    """An extra replica: the same service, sharing the durable consumer of `letters.letter.signed`."""

    async def main() -> None:
        async def no_keys() -> dict[str, Any]:
            return {"keys": []}

        directory = FakeResidentDirectory(
            {uuid.UUID(r["resident_id"]): ResidentRecord.model_validate(r) for r in records}
        )
        app = create_app(Settings(**values), jwks_fetcher=no_keys, directory=directory)
        async with app.router.lifespan_context(app):
            await asyncio.to_thread(stop.wait)

    asyncio.run(main())


async def seed(svc: Any, residents: list[uuid.UUID]) -> None:
    enabled = VillageEnabledV1.model_validate(VillageEnabledV1.example)
    async with svc.runtime.uow() as uow:
        await on_village_enabled(enabled, Envelope.wrap(enabled, village=VILLAGE, subject=VILLAGE), uow)
        for rid in residents:
            event = ResidentRegisteredV1.model_validate(ResidentRegisteredV1.example | {"resident_id": str(rid)})
            await on_resident_registered(event, Envelope.wrap(event, village=VILLAGE, subject=str(rid)), uow)
        await uow.commit()


async def prepare(svc: Any, rid: uuid.UUID, operator: dict[str, str]) -> str:
    """A verified request (not timed)."""
    headers = svc.headers(str(rid), roles=["resident"], village=VILLAGE)
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 180, 90)).save(buffer, format="PNG")
    png = buffer.getvalue()
    upload = await svc.client.post(
        f"/villages/{VILLAGE}/uploads", params={"kind": "pengantar_rt_rw"}, content=png, headers=headers
    )
    upload.raise_for_status()
    body = {"type": "domisili", "fields": FIELDS, "attachments": [upload.json()["id"]]}
    made = await svc.client.post(f"/villages/{VILLAGE}/requests", json=body, headers=headers)
    made.raise_for_status()
    request_id = str(made.json()["id"])
    (await svc.client.post(f"/requests/{request_id}/verify", headers=operator)).raise_for_status()
    return request_id


class Issued:
    """Arrival times of `letters.letter.issued` on NATS, by request id."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.waiters: dict[str, asyncio.Future[float]] = {}

    async def on_message(self, msg: Any) -> None:
        request_id = str(Envelope.from_bytes(msg.data).data["request_id"])
        now = time.perf_counter()
        self.at[request_id] = now
        waiter = self.waiters.pop(request_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(now)

    def wait(self, request_id: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if request_id in self.at:
            future.set_result(self.at[request_id])
        else:
            self.waiters[request_id] = future
        return future


async def sign(svc: Any, request_id: str, kades: dict[str, str], issued: Issued) -> tuple[float, float]:
    """(HTTP sign ms, sign-to-PDF-ready ms)."""
    ready = issued.wait(request_id)
    start = time.perf_counter()
    response = await svc.client.post(f"/requests/{request_id}/sign", headers=kades)
    answered = time.perf_counter()
    response.raise_for_status()
    done = await asyncio.wait_for(ready, timeout=600)
    return (answered - start) * 1000, (done - start) * 1000


async def bench(args: argparse.Namespace) -> None:
    infra = ensure_all()
    run_id = secrets.token_hex(3)
    databases = TestDatabases(infra.postgres, run_id)
    url = await databases.url_for("letters_bench")
    prefix = f"bench{run_id}"
    files = tempfile.mkdtemp(prefix="balai-bench-letters-")
    values = {"data_dir": files, "public_origin": "https://balai.rembangkab.go.id"}
    settings = settings_for(Settings, infra, url, prefix, run_id, **values)
    assert isinstance(settings, Settings)
    residents = [uuid.uuid4() for _ in range(10)]
    records = [record(rid, i) for i, rid in enumerate(residents)]
    directory = FakeResidentDirectory({r.resident_id: r for r in records})
    tokens = TestTokens()
    spawn = multiprocessing.get_context("spawn")
    stop = spawn.Event()
    extra: list[Any] = []

    def factory(s: Settings, **kwargs: Any) -> Any:
        return create_app(s, directory=directory, **kwargs)

    try:
        async with run_service(factory, settings, tokens=tokens) as svc:
            child_values = settings.model_dump(mode="json") | {"migrate_on_start": False}
            child_values = {k: v for k, v in child_values.items() if not isinstance(v, str) or "*" not in v}
            child_values["seal_key"] = settings.seal_key.get_secret_value()
            child_values["service_password"] = settings.service_password.get_secret_value()
            child_values["nik_hash_key"] = settings.nik_hash_key.get_secret_value()
            for _ in range(args.processes - 1):
                process = spawn.Process(
                    target=worker, args=(child_values, [r.model_dump(mode="json") for r in records], stop)
                )
                process.start()
                extra.append(process)
            await seed(svc, residents)
            await svc.runtime.bus.wait_ready(10)
            issued = Issued()
            subject = svc.runtime.bus.subject("letters.*.letter.issued")
            await svc.runtime.bus.nc.subscribe(subject, cb=issued.on_message)
            operator = svc.headers("op", roles=["operator"], village=VILLAGE, name="Rina")
            kades = svc.headers("kades", roles=["kades"], village=VILLAGE, name="H. Sutrisno")
            total = args.latency + args.count + 1
            say(f"preparing {total} verified requests ...")
            ids = [await prepare(svc, residents[i % len(residents)], operator) for i in range(total)]
            await asyncio.sleep(2.0 if extra else 0.2)  # let extra replicas bind their consumers
            warm_http, warm_ready = await sign(svc, ids[0], kades, issued)
            say(f"warm-up letter (fonts, first key): sign {warm_http:.0f} ms, PDF ready after {warm_ready:.0f} ms")

            one_by_one = [await sign(svc, i, kades, issued) for i in ids[1 : 1 + args.latency]]
            ready = [r for _, r in one_by_one]
            http = [h for h, _ in one_by_one]
            say(f"latency, one at a time ({len(ready)} letters):")
            say(f"  sign request         p50 {statistics.median(http):6.1f} ms   p95 {pct(http, 95):6.1f} ms")
            say(f"  sign -> PDF ready    p50 {statistics.median(ready):6.1f} ms   p95 {pct(ready, 95):6.1f} ms")

            burst = ids[1 + args.latency :]
            queue: asyncio.Queue[str] = asyncio.Queue()
            for request_id in burst:
                queue.put_nowait(request_id)
            results: list[tuple[float, float]] = []

            async def signer() -> None:
                while not queue.empty():
                    results.append(await sign(svc, queue.get_nowait(), kades, issued))

            started = time.perf_counter()
            await asyncio.gather(*(signer() for _ in range(args.concurrency)))
            wall = time.perf_counter() - started
            ready = [r for _, r in results]
            http = [h for h, _ in results]
            say(f"burst: {len(burst)} letters, {args.concurrency} concurrent signers, {args.processes} process(es):")
            say(f"  throughput           {len(burst) / wall:6.1f} PDFs/s ({wall:.1f} s, cpus={os.cpu_count()})")
            say(f"  sign request         p50 {statistics.median(http):6.1f} ms   p95 {pct(http, 95):6.1f} ms")
            say(f"  sign -> PDF ready    p50 {statistics.median(ready):6.1f} ms   p95 {pct(ready, 95):6.1f} ms")
    finally:
        stop.set()
        for process in extra:
            process.join(timeout=20)
        await databases.drop_all()
        shutil.rmtree(files, ignore_errors=True)
        with contextlib.suppress(Exception):
            await delete_streams(infra.nats, prefix.upper())
        say(f"(database dropped; run date {dt.date.today().isoformat()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, default=100, help="letters in the burst phase")
    parser.add_argument("--latency", type=int, default=30, help="letters signed one at a time first")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent signers in the burst")
    parser.add_argument("--processes", type=int, default=1, help="service replicas consuming letter.signed")
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
