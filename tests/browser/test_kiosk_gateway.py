"""Kiosk mode against the real kiosk gateway: nothing faked between the card and the printed letter.

The PWA (served by the stack, the centre) opens `/kiosk?bridge=<gateway>/bridge`; the gateway runs as
systemd would start it (`python -m balai.kiosk serve`) on a loopback port, enrolled at the stack's identity
with its own device key, reading an e-KTP emulated on pcscd + vsmartcard-vpcd and printing on a CUPS
cups-pdf queue. A new resident taps the card, types the PIN the village issued, chooses their own PIN,
requests a letter with the RT/RW cover letter photo; the office verifies and signs it; the resident prints
it at the kiosk and the printed PDF's QR code is read back; taking the card off ends the session.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from ._api import VILLAGE, bearer, issue_pin, ok, open_requests_of, register_resident, verify_and_sign
from ._support import DIST, OPERATOR, PWA, ROOT, Stack, free_port, shot
from .test_operator import login_staff

pytestmark = [pytest.mark.hardware]

COVER_LETTER = PWA / "public" / "icons" / "icon-192.png"  # any PNG stands in for the photo
NEW_PIN = "604817"


@dataclass(frozen=True)
class Gateway:
    bridge: str
    log: Path


@dataclass(frozen=True)
class Resident:
    id: str
    name: str
    card_uid: str
    pin: str


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - loopback only
            return bool(answer.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def gateway(stack: Stack, pcscd: Any, pdf_queue: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    from balai.kiosk.devices.testing import VPCD_READER
    from balai.kiosk.keys import DeviceKey

    work = tmp_path_factory.mktemp("kiosk-gateway")
    key = DeviceKey.load_or_create(work / "device.key")
    operator = bearer(stack.staff_token(OPERATOR))
    device = ok(
        httpx.post(
            f"{stack.api('identity')}/villages/{VILLAGE}/devices",
            json={"name": "Anjungan uji peramban", "public_key": key.public_key},
            headers=operator,
        )
    )
    port = free_port()
    config = work / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "{work}"\nbridge_port = {port}\nlog_json = false\nenvironment = "test"\n'
        f'heartbeat_interval_s = 2\npwa_dir = "{DIST}"\n\n'
        f'[centre]\nurl = "{stack.url}"\ndevice_id = "{device["device_id"]}"\nvillage = "{VILLAGE}"\n\n'
        f'[devices.card_reader]\nreader_filter = "^{VPCD_READER}$"\n\n'
        f'[devices.a4_printer]\nqueue = "{pdf_queue}"\npoll_interval_s = 0.1\n'
    )
    log = work / "gateway.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "balai.kiosk", "--config", str(config), "serve"],
            cwd=ROOT,
            env=dict(os.environ, MALLOC_ARENA_MAX="2"),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not _healthy(f"http://127.0.0.1:{port}/readyz"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the kiosk gateway did not get ready:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Gateway(f"http://127.0.0.1:{port}/bridge", log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


_USED: set[int] = set()


def new_resident(stack: Stack) -> Resident:
    """A resident of Mojowarno with an e-KTP bound and a PIN the village issued (first login changes it)."""
    serial = random.choice(sorted(set(range(5000, 10000)) - _USED))
    _USED.add(serial)
    nik, kk = f"331709450190{serial}", f"33170901022{serial}0"
    name = f"Sri Rahayu {serial}"
    resident_id = register_resident(stack, nik=nik, name=name, sex="female", birth_date="1990-01-05", kk=kk)
    card_uid = f"04{random.getrandbits(24):06X}"
    ok(
        httpx.post(
            f"{stack.api('identity')}/residents/{resident_id}/cards",
            json={"uid": card_uid},
            headers=bearer(stack.staff_token(OPERATOR)),
        )
    )
    return Resident(resident_id, name, card_uid, issue_pin(stack, resident_id))


def type_pin(page: Page, pin: str) -> None:
    for digit in pin:
        page.get_by_role("button", name=f"Angka {digit}", exact=True).click()
    page.get_by_role("button", name="OK").click()


def first_login(page: Page, resident: Resident) -> None:
    """The PIN the village issued, then the resident's own PIN twice: each typed once its screen is up."""
    expect(page.get_by_role("heading", name="Masukkan PIN Anda")).to_be_visible(timeout=15_000)
    type_pin(page, resident.pin)
    expect(page.get_by_role("heading", name="Buat PIN baru Anda")).to_be_visible()
    type_pin(page, NEW_PIN)
    expect(page.get_by_role("heading", name="Ulangi PIN baru")).to_be_visible()
    type_pin(page, NEW_PIN)
    expect(page.get_by_role("heading", name=f"Selamat datang, {resident.name}")).to_be_visible()


def printed_pdfs(cupsd: Any) -> set[Path]:
    return set(Path(cupsd.out_dir).rglob("*.pdf"))


def qr_codes(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(pdf.read_bytes())
    try:
        image = document[0].render(scale=150 / 72).to_pil()
    finally:
        document.close()
    return [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]


def test_card_pin_request_signed_printed_at_the_real_gateway(
    page: Page, stack: Stack, gateway: Gateway, virtual_card: Callable[..., Any], cupsd: Any
) -> None:
    resident = new_resident(stack)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/kiosk?bridge={gateway.bridge}")
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()

    card = virtual_card(resident.card_uid)
    card.place()  # pcscd -> pyscard -> the gateway's card.presented -> the PIN pad
    expect(page.get_by_role("heading", name="Masukkan PIN Anda")).to_be_visible(timeout=15_000)
    type_pin(page, "000000" if resident.pin != "000000" else "111111")
    expect(page.get_by_role("alert")).to_be_visible()  # identity's own Indonesian message, through the gateway
    first_login(page, resident)
    shot(page, "30-kiosk-gateway-menu")

    page.get_by_role("button", name="Ajukan surat").click()
    page.get_by_label("Jenis surat").select_option(label="Surat Keterangan Domisili")
    for field in page.locator("main input[required]:not([type=file]), main textarea[required]").all():
        if not field.input_value():
            field.fill("2020-01-01" if field.get_attribute("type") == "date" else "Dusun Krajan RT 003 RW 002")
    page.get_by_label("Surat pengantar RT/RW", exact=False).set_input_files(str(COVER_LETTER))
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.get_by_text("Permintaan surat terkirim ke kantor desa.")).to_be_visible()
    expect(page.locator("ul.list li").filter(has_text="Surat Keterangan Domisili").first).to_contain_text("Diajukan")

    # At the office, while the resident waits at the kiosk.
    (request,) = open_requests_of(stack, resident.id)
    assert request["channel"] == "kiosk"
    verify_and_sign(stack, str(request["id"]))

    page.get_by_role("button", name="← Kembali").click()
    page.get_by_role("button", name="Surat saya & cetak").click()
    before = printed_pdfs(cupsd)
    page.get_by_role("button", name="Cetak").first.click()
    expect(page.get_by_text("Selesai dicetak. Silakan ambil kertas Anda.")).to_be_visible(timeout=60_000)
    shot(page, "31-kiosk-gateway-printed")
    deadline = time.monotonic() + 20
    while not (new := printed_pdfs(cupsd) - before) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(new) == 1, f"cups-pdf wrote {new}"
    (qr_text,) = qr_codes(new.pop())  # e.g. HTTP://<centre>/V/<code>#<signature>
    code = qr_text.split("#")[0].rsplit("/", 1)[1]
    checked = httpx.get(f"{stack.api('letters')}/verify/{code}")
    assert checked.status_code == 200, (qr_text, checked.text)
    assert (checked.json()["status"], checked.json()["type"]) == ("valid", "domisili")
    page_of_qr = httpx.get(qr_text.split("#")[0])  # what a phone opens when it scans the letter
    assert page_of_qr.status_code == 200, (qr_text, page_of_qr.status_code, page_of_qr.text[:300])

    card.remove()  # the resident leaves: the gateway ends the session, the screen forgets them
    expect(page.get_by_text("Kartu diangkat. Sesi selesai.")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    expect(page.get_by_text(resident.name)).to_have_count(0)


def test_keyboard_reader_number_and_logout_at_the_real_gateway(page: Page, stack: Stack, gateway: Gateway) -> None:
    resident = new_resident(stack)
    typed = str(int.from_bytes(bytes.fromhex(resident.card_uid), "little"))  # what such a reader types
    page.goto(f"/kiosk?bridge={gateway.bridge}")
    page.get_by_label("Atau ketik nomor kartu").fill(typed)
    page.get_by_label("Atau ketik nomor kartu").press("Enter")
    first_login(page, resident)
    page.get_by_role("button", name="Cek bantuan").click()  # aid's /me/aid through the gateway
    expect(page.get_by_role("heading", name="Bantuan saya dan keluarga")).to_be_visible()
    expect(page.get_by_text("Tidak terdaftar dalam program bantuan.")).to_be_visible()
    page.get_by_role("button", name="Selesai").click()
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    status = httpx.get(f"{gateway.bridge}/status").json()
    assert status["session"]["active"] is False  # the gateway forgot the session too


def test_the_operator_sees_the_kiosk_up_with_its_reader_and_printer(page: Page, stack: Stack, gateway: Gateway) -> None:
    """The gateway's signed heartbeats reach identity; the console says, in words, what the kiosk reports."""
    login_staff(page, OPERATOR)
    page.get_by_role("link", name="Anjungan").click()
    kiosk = page.locator("ul.list > li").filter(has_text="Anjungan uji peramban")
    expect(kiosk.get_by_text("Aktif", exact=True)).to_be_visible(timeout=15_000)
    expect(kiosk.get_by_text("Pembaca e-KTP terhubung")).to_be_visible()
    expect(kiosk.get_by_text("Printer A4 siap")).to_be_visible()
    shot(page, "32-console-kiosk-health")


def test_the_kiosk_screen_served_by_the_gateway_itself(page: Page, stack: Stack, gateway: Gateway) -> None:
    """The kiosk PC's browser opens the PWA from the gateway (it opens while the link is down); the bridge
    is then the page's own origin."""
    resident = new_resident(stack)
    origin = gateway.bridge.removesuffix("/bridge")
    page.goto(f"{origin}/kiosk?bridge={gateway.bridge}")
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    expect(page.get_by_text("Pembaca kartu tidak tersambung")).to_have_count(0)
    page.get_by_label("Atau ketik nomor kartu").fill(str(int.from_bytes(bytes.fromhex(resident.card_uid), "little")))
    page.get_by_label("Atau ketik nomor kartu").press("Enter")
    first_login(page, resident)
    page.get_by_role("button", name="Selesai").click()
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
