"""Measure the gateway's memory (RSS, as ``ps -o rss`` reports it) with a card reader attached.

Runs ``python -m balai.kiosk serve`` as systemd would (MALLOC_ARENA_MAX=2), on pcscd + vsmartcard-vpcd
with an emulated e-KTP (a test machine: root, ``infra/scripts/install-kiosk-test-deps.sh``), the centre
unreachable; places and removes the card, calls the bridge, and prints RSS after each phase.

    uv run python services/kiosk-gateway/benchmarks/measure_rss.py [--python /opt/balai-kiosk/venv/bin/python]

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

from balai.kiosk.devices.testing import PcscDaemon, VirtualCard, running_pids, wait_slot_empty

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
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="balai-kiosk-rss-"))
    config = work / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "{work}"\nbridge_port = {PORT}\nlog_json = false\n\n'
        '[centre]\nurl = "http://127.0.0.1:9"\ndevice_id = "0193a7e2-0000-7000-8000-00000000d001"\n\n'
        '[devices.card_reader]\nreader_filter = "^Virtual PCD 00 00$"\n'
    )
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
        sys.stdout.write("\n".join(report) + "\n")
    finally:
        gateway.terminate()
        gateway.wait(15)
        if pcscd is not None:
            pcscd.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
