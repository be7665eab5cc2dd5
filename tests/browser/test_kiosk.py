"""Kiosk mode with a fake kiosk gateway served by the test: the bridge's WebSocket events (card presented,
removed, reader error) drive the screen; POST /session answers with a real identity token, as the gateway does."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from playwright.sync_api import Page, Route, WebSocketRoute, expect

from ._api import issued_letter, resident_token
from ._support import PWA, RESIDENT_NAME, RESIDENT_NIK, RESIDENT_PIN, Stack, shot

BRIDGE = "http://127.0.0.1:8787"
COVER_LETTER = PWA / "public" / "icons" / "icon-192.png"  # any PNG stands in for the photo
TYPED_CARD = "3024730130"  # what a keyboard-style USB reader types for the same card
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type, Authorization",
    "Access-Control-Allow-Methods": "GET, POST, DELETE",
    "Access-Control-Allow-Private-Network": "true",
}


class FakeGateway:
    def __init__(self, page: Page, token: str) -> None:
        self.token = token
        self.sockets: list[WebSocketRoute] = []
        self.calls: list[tuple[str, str, Any]] = []
        page.route_web_socket(f"{BRIDGE.replace('http', 'ws')}/events", self._on_socket)
        page.route(f"{BRIDGE}/**", self._on_http)

    def _on_socket(self, ws: WebSocketRoute) -> None:
        self.sockets.append(ws)  # not connected to any server: the test is the gateway
        ws.send(json.dumps({"type": "reader.status", "connected": True, "name": "Fake ACR122U"}))

    def send(self, page: Page, event: dict[str, Any]) -> None:
        page.wait_for_function("true", polling=50)  # let the page's socket open first
        deadline = time.monotonic() + 10
        while not self.sockets and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert self.sockets, "the kiosk never opened the bridge's WebSocket"
        for ws in self.sockets:
            ws.send(json.dumps(event))

    def _on_http(self, route: Route) -> None:
        req = route.request
        path = req.url.removeprefix(BRIDGE)
        if req.method == "OPTIONS":
            route.fulfill(status=204, headers=CORS)
            return
        body = req.post_data_json if req.post_data else None
        self.calls.append((req.method, path, body))
        if req.method == "POST" and path == "/session":
            if body in ({"card_uid": "04A23B12", "pin": RESIDENT_PIN}, {"card_uid": TYPED_CARD, "pin": RESIDENT_PIN}):
                answer = {"access_token": self.token, "expires_in": 600, "resident_name": RESIDENT_NAME}
                route.fulfill(status=200, headers=CORS, json=answer)
            else:
                route.fulfill(status=401, headers=CORS, json={"status": 401, "detail": "NIK atau PIN salah."})
        elif req.method == "POST" and path == "/print":
            assert req.headers.get("authorization") == f"Bearer {self.token}"
            route.fulfill(status=202, headers=CORS, json={"job_id": "7"})
        elif req.method == "DELETE" and path == "/session":
            route.fulfill(status=204, headers=CORS)
        else:
            route.fulfill(status=404, headers=CORS, json={"detail": "tidak ada"})


def type_pin(page: Page, pin: str) -> None:
    for digit in pin:
        page.get_by_role("button", name=f"Angka {digit}", exact=True).click()


def test_kiosk_card_pin_session_and_card_removal(page: Page, stack: Stack) -> None:
    gateway = FakeGateway(page, resident_token(stack, RESIDENT_NIK, RESIDENT_PIN))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/kiosk?bridge={BRIDGE}")
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    shot(page, "20-kiosk-tap")

    gateway.send(page, {"type": "reader.error", "message": "Kartu terangkat sebelum selesai dibaca."})
    expect(page.get_by_text("Kartu tidak terbaca: Kartu terangkat sebelum selesai dibaca.")).to_be_visible()

    gateway.send(page, {"type": "card.presented", "uid": "04A23B12"})
    expect(page.get_by_role("heading", name="Masukkan PIN Anda")).to_be_visible()
    type_pin(page, "111111")
    page.get_by_role("button", name="OK").click()
    expect(page.get_by_role("alert")).to_contain_text("NIK atau PIN salah.")
    type_pin(page, RESIDENT_PIN[:5])
    shot(page, "21-kiosk-pin")
    type_pin(page, RESIDENT_PIN[5:])
    page.get_by_role("button", name="OK").click()
    expect(page.get_by_role("heading", name=f"Selamat datang, {RESIDENT_NAME}")).to_be_visible()
    shot(page, "22-kiosk-menu")
    page.get_by_role("button", name="Cek bantuan").click()
    expect(page.get_by_role("heading", name="Bantuan saya dan keluarga")).to_be_visible()  # real API, kiosk token

    gateway.send(page, {"type": "card.removed"})
    expect(page.get_by_text("Kartu diangkat. Sesi selesai.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    expect(page.get_by_text(RESIDENT_NAME)).to_have_count(0)
    assert ("DELETE", "/session", None) in gateway.calls


def test_kiosk_idle_timeout_clears_the_session(page: Page, stack: Stack) -> None:
    page.clock.install()
    FakeGateway(page, resident_token(stack, RESIDENT_NIK, RESIDENT_PIN))
    page.goto(f"/kiosk?bridge={BRIDGE}")
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    # a keyboard-style reader types the card number and Enter
    page.get_by_label("Atau ketik nomor kartu").fill(TYPED_CARD)
    page.get_by_label("Atau ketik nomor kartu").press("Enter")
    expect(page.get_by_role("heading", name="Masukkan PIN Anda")).to_be_visible()
    page.keyboard.type(RESIDENT_PIN)  # the PIN pad takes the keyboard too
    expect(page.get_by_role("status", name="6 / 6")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Selamat datang, {RESIDENT_NAME}")).to_be_visible()
    page.clock.fast_forward(59_000)
    expect(page.get_by_role("heading", name=f"Selamat datang, {RESIDENT_NAME}")).to_be_visible()
    page.clock.fast_forward(2_000)
    expect(page.get_by_text("Tidak ada aktivitas. Sesi selesai.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()


def test_kiosk_prints_an_issued_letter(page: Page, stack: Stack) -> None:
    token = resident_token(stack, RESIDENT_NIK, RESIDENT_PIN)
    letter_id = issued_letter(stack, token, purpose="Dicetak di anjungan")
    gateway = FakeGateway(page, token)
    page.goto(f"/kiosk?bridge={BRIDGE}")
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    gateway.send(page, {"type": "card.presented", "uid": "04A23B12"})
    type_pin(page, RESIDENT_PIN)
    page.get_by_role("button", name="OK").click()
    page.get_by_role("button", name="Surat saya & cetak").click()
    page.get_by_role("button", name="Cetak").first.click()
    expect(page.get_by_text("Mencetak…")).to_be_visible()
    assert ("POST", "/print", {"letter_id": letter_id}) in gateway.calls or any(c[1] == "/print" for c in gateway.calls)
    gateway.send(page, {"type": "print.status", "job_id": "7", "state": "done"})
    expect(page.get_by_text("Selesai dicetak. Silakan ambil kertas Anda.")).to_be_visible()
    shot(page, "23-kiosk-printed")


def test_kiosk_letter_request(page: Page, stack: Stack) -> None:
    gateway = FakeGateway(page, resident_token(stack, RESIDENT_NIK, RESIDENT_PIN))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/kiosk?bridge={BRIDGE}")
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    gateway.send(page, {"type": "card.presented", "uid": "04A23B12"})
    type_pin(page, RESIDENT_PIN)
    page.get_by_role("button", name="OK").click()
    page.get_by_role("button", name="Ajukan surat").click()
    page.get_by_label("Jenis surat").select_option(label="Surat Keterangan Belum Menikah")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.get_by_text("wajib diisi").first).to_be_visible()  # checked on the kiosk before sending
    for field in page.locator("main input[required]:not([type=file]), main textarea[required]").all():
        if not field.input_value():
            field.fill("2020-01-01" if field.get_attribute("type") == "date" else "Keperluan administrasi")
    page.get_by_label(re.compile("^Surat pengantar RT/RW")).set_input_files(str(COVER_LETTER))
    shot(page, "25-kiosk-request")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.get_by_role("heading", name="Surat saya & cetak")).to_be_visible()
    expect(page.locator("ul.list li").filter(has_text="Surat Keterangan Belum Menikah").first).to_contain_text(
        "Diajukan"
    )
