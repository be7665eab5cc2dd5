"""Kiosk mode with a stand-in gateway played by the test (Playwright routes), for what the real gateway
cannot be made to do on cue (test_kiosk_gateway.py drives the real one): a reader error, the centre link
dropping (the request is queued at the kiosk), a paper-out print error, and the 60 s idle timeout under a
fake clock. The stand-in speaks the gateway's wire format (services/kiosk-gateway README, "The bridge")."""

from __future__ import annotations

import json
import time
from typing import Any

from playwright.sync_api import Page, Route, WebSocketRoute, expect

from ._support import RESIDENT_NAME, Stack, shot

BRIDGE = "http://127.0.0.1:8787/bridge"
CARD, PIN = "04A23B12", "135790"
TYPED_CARD = "305897988"  # what a keyboard-style USB reader types for the same card
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key",
    "Access-Control-Allow-Methods": "GET, POST, DELETE",
    "Access-Control-Allow-Private-Network": "true",
}
DOMISILI = {
    "code": "domisili",
    "title": "Surat Keterangan Domisili",
    "fields": [{"name": "keperluan", "label": "Keperluan", "kind": "text", "required": True}],
    "documents": [],
}
ISSUED = {
    "id": "0193a7e2-0000-7000-8000-0000000000aa",
    "type_code": "sku",
    "type_title": "Surat Keterangan Usaha",
    "state": "issued",
    "created_at": "2026-11-20T09:00:00+07:00",
    "letter": {"number": "474/012/2026", "pdf_ready": True},
}


class StandInGateway:
    def __init__(self, page: Page, *, centre_online: bool = True) -> None:
        self.sockets: list[WebSocketRoute] = []
        self.calls: list[tuple[str, str, Any]] = []
        self.centre_online = centre_online
        self.queued: list[dict[str, Any]] = []
        page.route_web_socket(f"{BRIDGE.replace('http', 'ws')}/events", self._on_socket)
        page.route(f"{BRIDGE}/**", self._on_http)

    def _on_socket(self, ws: WebSocketRoute) -> None:
        self.sockets.append(ws)  # not connected to any server: the test is the gateway
        centre = "online" if self.centre_online else "offline"
        ws.send(json.dumps({"type": "hello", "centre": centre, "enrolled": True, "session": {"active": False}}))
        ws.send(json.dumps({"type": "reader.status", "connected": True, "name": "ACS ACR1252"}))

    def send(self, page: Page, event: dict[str, Any]) -> None:
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
        answers: dict[tuple[str, str], tuple[int, Any]] = {
            ("GET", "/status"): (200, {"centre_online": self.centre_online, "ticket_printer": {"configured": False}}),
            ("DELETE", "/session"): (204, None),
            ("GET", "/letter-types"): (200, {"centre_online": self.centre_online, "items": [DOMISILI]}),
            ("GET", "/letters"): (200, {"centre_online": self.centre_online, "items": [ISSUED], "queued": self.queued}),
            ("POST", "/print"): (202, {"job_id": "7"}),
        }
        if (req.method, path) == ("POST", "/session"):
            good = body in ({"card_uid": CARD, "pin": PIN}, {"card_uid": TYPED_CARD, "pin": PIN})
            answer = (
                (200, {"status": "active", "expires_in": 300, "idle_timeout_s": 60, "resident_name": RESIDENT_NAME})
                if good
                else (401, {"status": 401, "code": "wrong_credentials", "detail": "NIK atau PIN salah."})
            )
        elif (req.method, path) == ("POST", "/requests"):
            assert req.headers.get("idempotency-key"), "every request carries its idempotency key"
            row = {"local_id": "q1", "letter_type": body["type"], "status": "pending", "error": None}
            self.queued = [row | {"created_at": "2026-11-23T10:00:00+07:00", "attempts": 1, "request": None}]
            answer = (202, {**self.queued[0], "status": "queued"})
        else:
            answer = answers.get((req.method, path), (404, {"status": 404, "detail": "tidak ada"}))
        status, payload = answer
        route.fulfill(status=status, headers=CORS, **({"json": payload} if payload is not None else {}))


def log_in(page: Page, gateway: StandInGateway) -> None:
    gateway.send(page, {"type": "card.presented", "uid": CARD})
    expect(page.get_by_role("heading", name="Masukkan PIN Anda")).to_be_visible()
    for digit in PIN:
        page.get_by_role("button", name=f"Angka {digit}", exact=True).click()
    page.get_by_role("button", name="OK").click()
    expect(page.get_by_role("heading", name=f"Selamat datang, {RESIDENT_NAME}")).to_be_visible()


def test_reader_error_offline_queue_and_print_error(page: Page, stack: Stack) -> None:
    gateway = StandInGateway(page, centre_online=False)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/kiosk?bridge={BRIDGE}")
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    expect(page.get_by_text("Anjungan sedang tidak terhubung ke kantor desa.", exact=False)).to_be_visible()
    shot(page, "20-kiosk-tap")
    gateway.send(page, {"type": "reader.error", "message": "Kartu terangkat sebelum selesai dibaca."})
    expect(page.get_by_text("Kartu tidak terbaca: Kartu terangkat sebelum selesai dibaca.")).to_be_visible()

    log_in(page, gateway)
    page.get_by_role("button", name="Ajukan surat").click()
    page.get_by_label("Jenis surat").select_option(label="Surat Keterangan Domisili")
    page.get_by_label("Keperluan").fill("Persyaratan melamar pekerjaan")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect(page.get_by_text("Permintaan disimpan di anjungan", exact=False)).to_be_visible()
    expect(page.locator("ul.list li").filter(has_text="Surat Keterangan Domisili")).to_contain_text("Menunggu dikirim")
    shot(page, "25-kiosk-queued")

    gateway.send(page, {"type": "centre.online"})
    expect(page.get_by_text("Anjungan sedang tidak terhubung ke kantor desa.", exact=False)).to_have_count(0)
    page.locator("ul.list li").filter(has_text="Surat Keterangan Usaha").get_by_role("button", name="Cetak").click()
    gateway.send(page, {"type": "print.status", "job_id": "7", "state": "printing", "message": "Sedang mencetak."})
    expect(page.get_by_text("Sedang mencetak.")).to_be_visible()
    gateway.send(page, {"type": "print.status", "job_id": "7", "state": "error", "message": "Kertas printer habis."})
    expect(page.get_by_text("Gagal mencetak: Kertas printer habis.")).to_be_visible()

    gateway.send(page, {"type": "session.ended", "reason": "card_removed"})  # the gateway saw the card go
    expect(page.get_by_text("Kartu diangkat. Sesi selesai.")).to_be_visible()
    expect(page.get_by_text(RESIDENT_NAME)).to_have_count(0)


def test_kiosk_idle_timeout_clears_the_session(page: Page, stack: Stack) -> None:
    page.clock.install()
    gateway = StandInGateway(page)
    page.goto(f"/kiosk?bridge={BRIDGE}")
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    page.get_by_label("Atau ketik nomor kartu").fill(TYPED_CARD)  # a keyboard-style reader types, then Enter
    page.get_by_label("Atau ketik nomor kartu").press("Enter")
    expect(page.get_by_role("heading", name="Masukkan PIN Anda")).to_be_visible()
    page.keyboard.type(PIN)  # the PIN pad takes the keyboard too
    expect(page.get_by_role("status", name="6 / 6")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Selamat datang, {RESIDENT_NAME}")).to_be_visible()
    shot(page, "22-kiosk-menu")
    page.clock.fast_forward(59_000)
    expect(page.get_by_role("heading", name=f"Selamat datang, {RESIDENT_NAME}")).to_be_visible()
    page.clock.fast_forward(2_000)
    expect(page.get_by_text("Tidak ada aktivitas. Sesi selesai.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tempelkan e-KTP Anda")).to_be_visible()
    assert ("DELETE", "/session", None) in gateway.calls  # the gateway is told, too
