"""Command line of the identity service's register.

    python -m balai.identity.cli import FILE --village 33.17.09.2016 [--commit] [--skip-rejected]
                                             [--database-url URL] [--card-byte-order little|big] [--json]

Imports residents from an OpenSID file with the same code as the API (:func:`balai.identity.imports.run_import`):
a dry run by default, ``--commit`` to write (all or nothing). A progress bar goes to stderr, the summary to
stdout. The events are written to the outbox; the running service publishes them. Exit status: 0 done,
1 refused (file errors or rejected rows), 2 usage errors (unknown village, unreadable file).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import io
import json
import re
import sys
import time
import zipfile
from pathlib import Path
from typing import Any, TextIO

from balai.common.db import Database
from balai.common.errors import Problem
from balai.common.migrations import upgrade
from balai.common.timestamps import local_date
from balai.identity.config import Settings
from balai.identity.imports import ImportContext, ImportOptions, ImportOutcome, run_import, summary
from balai.identity.models import messaging, metadata
from balai.identity.regions import compact_code, default_regions
from balai.identity.register_village_handlers import Actor
from balai.identity.uow import IdentityUnitOfWork

MIGRATIONS = Path(__file__).parent / "migrations"
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
STAGES = {"read": "membaca", "check": "memeriksa", "write": "menyimpan"}


class ProgressBar:
    """A plain-text bar on a stream: redrawn in place on a terminal, a line per 10% otherwise."""

    def __init__(self, stream: TextIO, estimate: int, width: int = 30) -> None:
        self.stream, self.estimate, self.width = stream, max(estimate, 0), width
        self.tty = stream.isatty()
        self.started = time.perf_counter()
        self._drawn_at = 0.0
        self._last_decile: tuple[str, int] = ("", -1)

    def __call__(self, stage: str, done: int, total: int) -> None:
        total = total or self.estimate
        now = time.perf_counter()
        fraction = min(done / total, 1.0) if total else 0.0
        if self.tty:
            if now - self._drawn_at < 0.1 and fraction < 1.0:
                return
            self._drawn_at = now
            self.stream.write("\r" + self.line(stage, done, total, fraction) + " " * 4)
        else:
            decile = int(fraction * 10)
            if (stage, decile) == self._last_decile:
                return
            self._last_decile = (stage, decile)
            self.stream.write(self.line(stage, done, total, fraction) + "\n")
        self.stream.flush()

    def line(self, stage: str, done: int, total: int, fraction: float) -> str:
        filled = int(fraction * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        of = f"/{total:,}" if total else ""
        return f"{STAGES.get(stage, stage):>10} [{bar}] {fraction:4.0%} {done:,}{of}"

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def estimate_rows(data: bytes) -> int:
    """Roughly how many data rows a file has (for the bar): CSV lines, or the sheets' stored dimension."""
    if not data.startswith(b"PK"):
        return max(data.count(b"\n") - 1, 0)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            rows = [
                int(m.group(1))
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
                if (m := _DIMENSION.search(archive.open(name).read(4096)))
            ]
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0
    return max(rows, default=1) - 1


def render(outcome: ImportOutcome, body: dict[str, Any], elapsed: float) -> str:
    counts = body["counts"]
    lines = [
        f"Desa {body['village']}: {'DISIMPAN' if outcome.committed else 'uji coba (tidak ada yang disimpan)'}",
    ]
    lines += [f"  file error: {e['message']}" for e in body["file_errors"]]
    lines.append("  " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    for item in body["rejected"][:20]:
        for error in item["errors"]:
            lines.append(f"  baris {item['row']}: [{error['column'] or '-'}] {error['message']}")
    if len(body["rejected"]) > 20:
        lines.append(f"  ... dan {len(body['rejected']) - 20} baris ditolak lainnya (--json untuk semuanya)")
    if outcome.refused and not body["file_errors"]:
        lines.append("  Ditolak: ada baris yang tidak valid. Perbaiki berkasnya atau pakai --skip-rejected.")
    seconds = ", ".join(f"{k} {v:.2f} s" for k, v in body["seconds"].items())
    rate = counts["rows"] / elapsed if elapsed > 0 else 0.0
    lines.append(f"  waktu: {seconds}; total {elapsed:.2f} s = {rate:,.0f} baris/detik")
    return "\n".join(lines)


async def import_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    settings = Settings(**({"database_url": args.database_url} if args.database_url else {}))
    try:
        village = compact_code(args.village)
    except ValueError:
        village = ""
    if len(village) != 10:
        err.write(f"--village {args.village}: bukan kode desa Kemendagri\n")
        return 2
    try:
        data = await asyncio.to_thread(Path(args.file).read_bytes)
    except OSError as exc:
        err.write(f"{args.file}: {exc.strerror or exc}\n")
        return 2
    db = Database(settings.effective_database_url)
    try:
        if settings.migrate_on_start:
            await upgrade(db.engine, MIGRATIONS, metadata)
        ctx = ImportContext(
            actor=Actor(f"cli:{getpass.getuser()}", "cli"),
            nik_hash_key=settings.nik_hash_key.get_secret_value(),
            regions=default_regions(),
            today=local_date(settings.timezone),
            card_byte_order=args.card_byte_order,
        )
        bar = ProgressBar(err, estimate_rows(data))
        started = time.perf_counter()
        outcome = await run_import(
            lambda: IdentityUnitOfWork(db, messaging, bus_prefix=settings.nats_prefix),
            village,
            data,
            ImportOptions(commit=args.commit, skip_rejected=args.skip_rejected),
            ctx,
            progress=bar,
        )
        elapsed = time.perf_counter() - started
        bar.finish()
    except Problem as problem:
        err.write(f"{problem.detail}\n")
        return 2
    finally:
        await db.dispose()
    body = summary(outcome)
    out.write((json.dumps(body, ensure_ascii=False, indent=2) if args.json else render(outcome, body, elapsed)) + "\n")
    return 1 if outcome.refused or outcome.preview.file_errors else 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m balai.identity.cli", description="Balai identity register tools")
    commands = root.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="import residents from an OpenSID file (xlsx/xlsm/csv)")
    imp.add_argument("file")
    imp.add_argument("--village", required=True, help="village code, e.g. 33.17.09.2016")
    imp.add_argument("--commit", action="store_true", help="write (default: dry run)")
    imp.add_argument("--skip-rejected", action="store_true", help="commit the valid rows, skip the rejected ones")
    imp.add_argument("--database-url", help="default: IDENTITY_DATABASE_URL or the embedded SQLite file")
    imp.add_argument("--card-byte-order", choices=("little", "big"), default="little")
    imp.add_argument("--json", action="store_true", help="print the whole preview as JSON")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "import":
        return asyncio.run(import_command(args, sys.stdout, sys.stderr))
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
