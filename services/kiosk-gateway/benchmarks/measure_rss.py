"""Measure the gateway's memory (RSS, as ``ps -o rss`` reports it) with a card reader attached.

Runs ``python -m balai.kiosk serve`` as systemd would (MALLOC_ARENA_MAX=2), on pcscd + vsmartcard-vpcd
with an emulated e-KTP (a test machine: root, ``infra/scripts/install-kiosk-test-deps.sh``), the centre
unreachable, on a new data folder (so start-up includes migrating a new database, in its child
process); places and removes the card, calls the bridge, and prints RSS after each phase.
``--printers`` also gives it an A4 queue (its own cupsd + cups-pdf; refused while another cupsd runs)
and a network ticket printer (a local listener), asks for the status (pycups loads) and prints tickets
(python-escpos, Pillow, qrcode load in the one-shot child that prints each): a kiosk after its tickets.

    uv run python services/kiosk-gateway/benchmarks/measure_rss.py [--python /opt/balai-kiosk/venv/bin/python]
        [--printers]

Measure an installed venv (``pip install`` compiles bytecode, as install.sh does). In a venv without
``.pyc`` files that cannot get them (``uv sync`` without ``--compile-bytecode`` and
PYTHONDONTWRITEBYTECODE=1), every start compiles every module and RSS reads ~6 MB higher.

On a real kiosk: ``ps -o rss= -p "$(systemctl show -p MainPID --value balai-kiosk)"``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from balai.kiosk.devices.testing import (
    CupsDaemon,
    PcscDaemon,
    RawPrinter,
    VirtualCard,
    running_pids,
    wait_slot_empty,
)

PORT = 8797


def call(method: str, path: str, body: object = None) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def rss_mb(pid: int) -> int:
    return int(subprocess.check_output(["ps", "-o", "rss=", "-p", str(pid)])) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter of the gateway's venv")
    parser.add_argument("--cycles", type=int, default=30, help="card placed/removed cycles")
    parser.add_argument("--printers", action="store_true", help="also an A4 queue and a ticket printer")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="balai-kiosk-rss-"))
    config = work / "kiosk.toml"
    toml = (
        f'[kiosk]\ndata_dir = "{work}"\nbridge_port = {PORT}\nlog_json = false\n\n'
        '[centre]\nurl = "http://127.0.0.1:9"\ndevice_id = "0193a7e2-0000-7000-8000-00000000d001"\n\n'
        '[devices.card_reader]\nreader_filter = "^Virtual PCD 00 00$"\n'
    )
    cupsd = ticket_printer = None
    if args.printers:
        if running_pids("cupsd"):
            raise SystemExit("another cupsd runs: --printers starts its own (try again when it has stopped)")
        (work / "pdf-out").mkdir()
        cupsd = CupsDaemon(work / "cupsd.log", work / "pdf-out")
        cupsd.start()
        cupsd.wait_ready()
        ticket_printer = RawPrinter()
        toml += (
            f'\n[devices.a4_printer]\nqueue = "{cupsd.add_pdf_queue("Rss")}"\n'
            f'\n[devices.ticket_printer]\nhost = "127.0.0.1"\nport = {ticket_printer.port}\n'
        )
    config.write_text(toml)
    pcscd = None
    if not running_pids("pcscd"):
        pcscd = PcscDaemon(work / "pcscd.log")
        pcscd.start()
        pcscd.wait_ready()
    env = dict(os.environ, KIOSK_CONFIG_FILE=str(config), MALLOC_ARENA_MAX="2")
    with (work / "gateway.log").open("wb") as log:
        gateway = subprocess.Popen(
            [args.python, "-m", "balai.kiosk", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        started = time.monotonic()
        while True:
            try:
                call("GET", "/healthz")
                break
            except OSError:
                if gateway.poll() is not None:
                    raise SystemExit(f"the gateway stopped; see {work / 'gateway.log'}") from None
                time.sleep(0.05)
        report = [f"ready after {time.monotonic() - started:.1f} s: {rss_mb(gateway.pid)} MB"]
        card = VirtualCard("04A23B12")
        card.place()
        time.sleep(1)
        for _ in range(20):
            call("GET", "/bridge/status")
        login = call("POST", "/bridge/session", {"pin": "240517"})
        report.append(f"card on the reader, 20 status calls, a login (centre down: {login}): {rss_mb(gateway.pid)} MB")
        card.remove()
        for _ in range(args.cycles):
            wait_slot_empty()
            card = VirtualCard("04A23B12")
            card.place()
            time.sleep(0.4)
            call("GET", "/bridge/status")
            card.remove()
        time.sleep(3)
        report.append(f"after {args.cycles} more cards: {rss_mb(gateway.pid)} MB (ps -o rss= -p {gateway.pid})")
        if ticket_printer is not None:
            call("GET", "/bridge/status")
            report.append(f"printers configured, status asked (pycups): {rss_mb(gateway.pid)} MB")
            printed = [call("POST", "/bridge/ticket", {}) for _ in range(5)]
            time.sleep(1)
            report.append(f"5 tickets printed ({printed}; python-escpos): {rss_mb(gateway.pid)} MB")
        sys.stdout.write("\n".join(report) + "\n")
    finally:
        gateway.terminate()
        gateway.wait(15)
        if pcscd is not None:
            pcscd.stop()
        if ticket_printer is not None:
            ticket_printer.close()
        if cupsd is not None:
            cupsd.cleanup()
            cupsd.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
