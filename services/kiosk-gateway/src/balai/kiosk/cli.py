"""Commands of the kiosk gateway.

``python -m balai.kiosk enroll-info``  the device's PUBLIC key (made on first use) and a QR of the
                                       enrolment request, for the operator's console
``python -m balai.kiosk serve``        run the gateway on the loopback address (what systemd starts)

Both take ``--config FILE`` (default: ``KIOSK_CONFIG_FILE``).
"""

from __future__ import annotations

import argparse
import io
import json
import socket
import sys
from typing import TextIO

from balai.kiosk.config import Settings
from balai.kiosk.enrolment import known_device_id
from balai.kiosk.keys import DeviceKey

__all__ = ["main"]


def _settings(config: str | None) -> Settings:
    return Settings(config_file=config) if config else Settings()


def enroll_info(settings: Settings, out: TextIO) -> None:
    key = DeviceKey.load_or_create(settings.key_path)
    request = {"name": f"Anjungan {socket.gethostname()}", "public_key": key.public_key}
    payload = json.dumps(request, separators=(",", ":"))
    out.write("Kunci publik anjungan (public key, base64url):\n")
    out.write(f"  {key.public_key}\n\n")
    out.write(_qr(payload))
    out.write(f"\nQR berisi permintaan pendaftaran: {payload}\n")
    out.write(f"Kunci privat: {settings.key_path} (tidak pernah meninggalkan PC ini)\n\n")
    device_id = known_device_id(settings)
    if device_id:
        out.write(f"Sudah terdaftar sebagai device_id = {device_id}\n")
    else:
        out.write(
            "Belum terdaftar. Petugas desa mendaftarkan kunci ini di konsol operator (Anjungan ->\n"
            "Daftarkan anjungan: tempel kunci atau teks QR di atas). Setelah itu anjungan yang sedang\n"
            f"berjalan mengambil device_id-nya sendiri dalam {settings.enrolment_poll_s:.0f} detik; tidak perlu\n"
            "mengubah berkas konfigurasi.\n"
        )


def _qr(payload: str) -> str:
    import qrcode  # from python-escpos' dependencies; only this command draws QR codes

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.StringIO()
    code.print_ascii(out=buffer, invert=True)
    return buffer.getvalue()


def serve(settings: Settings) -> None:
    import uvicorn

    from balai.common.logs import configure_logging
    from balai.kiosk.main import create_app

    configure_logging(settings.log_level, json_logs=settings.log_json)
    uvicorn.run(
        create_app(settings),
        host=settings.bridge_host,
        port=settings.bridge_port,
        proxy_headers=False,  # nothing sits in front of the bridge: the peer address is the truth
        server_header=False,
        log_config=None,
        loop="asyncio",
        http="h11",
        ws="websockets-sansio",
        lifespan="on",
    )


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m balai.kiosk", description="Balai kiosk gateway")
    parser.add_argument("--config", help="TOML config file (default: $KIOSK_CONFIG_FILE)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("enroll-info", help="print this kiosk's public key and an enrolment QR")
    commands.add_parser("serve", help="run the gateway on the loopback address")
    args = parser.parse_args(argv)
    settings = _settings(args.config)
    if args.command == "enroll-info":
        enroll_info(settings, out)
    else:
        serve(settings)
    return 0
