"""The gateway on the real stack: pcscd + vpcd with an emulated e-KTP, CUPS with a cups-pdf queue, a raw
ESC/POS listener, and the REAL identity service (PostgreSQL + Redis) reached through the gateway's own
HTTP centre client. Letters is a small stand-in here (tests/e2e drives the real one).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from balai.identity.config import Settings as IdentitySettings
from balai.identity.main import create_app as create_identity
from balai.kiosk.centre_http import HttpCentreClient
from balai.kiosk.config import Settings
from balai.kiosk.devices.testing import VPCD_READER, minimal_pdf
from balai.kiosk.keys import DeviceKey
from balai.kiosk.main import create_app
from balai.kiosk.testing_bridge import Screen, screen_at, serve_app
from balai.kiosk.testing_centre import CENTRE, MOJOWARNO, centre_app, enrol_kiosk_and_resident

pytestmark = [pytest.mark.integration, pytest.mark.hardware]

NEW_PIN = "481526"


class Link(httpx.AsyncBaseTransport):
    """The kiosk's internet link to the centre, which the test can cut."""

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("network is unreachable", request=request)
        return await self.inner.handle_async_request(request)


@dataclass
class LettersStandIn:
    """Just the letters routes the kiosk uses; tokens are checked with identity's keys."""

    verify: Callable[[str], Any]
    requests: dict[str, dict[str, Any]] = field(default_factory=dict)  # by Idempotency-Key
    posts: int = 0

    async def _caller(self, request: Request) -> Any:
        return await self.verify(request.headers["authorization"].removeprefix("Bearer "))

    def app(self) -> Starlette:
        async def types(request: Request) -> Response:
            await self._caller(request)
            return JSONResponse([{"code": "domisili", "title": "Surat Keterangan Domisili"}])

        async def mine(request: Request) -> Response:
            who = await self._caller(request)
            return JSONResponse({"items": [r for r in self.requests.values() if r["resident_id"] == who.subject]})

        async def submit(request: Request) -> Response:
            who = await self._caller(request)
            self.posts += 1
            key = request.headers["idempotency-key"]
            body = await request.json()
            if key not in self.requests:
                self.requests[key] = {
                    "id": f"r{len(self.requests) + 1}",
                    "resident_id": who.subject,
                    "type_code": body["type"],
                    "state": "submitted",
                    "channel": "kiosk" if who.device else "pwa",
                    "amr": list(who.amr),
                }
            return JSONResponse(self.requests[key], status_code=201)

        async def pdf(request: Request) -> Response:
            await self._caller(request)
            return Response(minimal_pdf(f"Surat {request.path_params['rid']}"), media_type="application/pdf")

        return Starlette(
            routes=[
                Route("/villages/{code}/letter-types", types),
                Route("/me/requests", mine),
                Route("/villages/{code}/requests", submit, methods=["POST"]),
                Route("/requests/{rid}/pdf", pdf),
            ]
        )


@dataclass
class Kiosk:
    app: Any
    screen: Screen
    link: Link
    letters: LettersStandIn
    identity: Any
    enrolled: Any

    @property
    def http(self) -> httpx.AsyncClient:
        return self.screen.http

    async def next(self, kind: str, timeout: float = 10.0, **match: Any) -> dict[str, Any]:
        return await self.screen.next(kind, timeout, **match)


@pytest.fixture
async def kiosk(
    balai_service: Any, pcscd: Any, pdf_queue: str, raw_printer: Any, tmp_path: Path
) -> AsyncIterator[Kiosk]:
    async with balai_service(create_identity, IdentitySettings) as identity:
        key = DeviceKey.load_or_create(tmp_path / "device.key")
        enrolled = await enrol_kiosk_and_resident(identity.client, identity.headers, key.public_key)
        letters = LettersStandIn(identity.runtime.verifier.verify)
        link = Link(centre_app(identity=identity.app, letters=letters.app()))

        def build(port: int) -> Any:
            settings = Settings(
                environment="test",
                data_dir=str(tmp_path),
                log_json=False,
                bridge_port=port,
                centre={"url": CENTRE, "device_id": enrolled.device_id, "village": MOJOWARNO},
                devices={
                    "card_reader": {"reader_filter": f"^{VPCD_READER}$"},
                    "a4_printer": {"queue": pdf_queue, "poll_interval_s": 0.05, "job_timeout_s": 30},
                    "ticket_printer": {"host": raw_printer.host, "port": raw_printer.port},
                },
                probe_interval_s=0.1,
                sender_backoff_s=(0.1, 0.5),
                request_wait_s=1.0,
                village_name="Desa Mojowarno",
            )
            centre = HttpCentreClient(settings.centre, http=httpx.AsyncClient(transport=link, base_url=CENTRE))
            return create_app(settings, centre=centre)  # the real PC/SC reader, CUPS and ESC/POS printers

        async with serve_app(build) as (app, base), screen_at(base) as screen:
            yield Kiosk(app, screen, link, letters, identity, enrolled)


async def login(kiosk: Kiosk, card: Any) -> None:
    card.place()
    await kiosk.next("card.presented", uid=kiosk.enrolled.card_uid)
    first = await kiosk.http.post("/bridge/session", json={"pin": kiosk.enrolled.pin})
    assert first.json() == {"status": "must_change_pin"}, first.text
    changed = await kiosk.http.post("/bridge/session/pin", json={"new_pin": NEW_PIN})
    assert changed.status_code == 200, changed.text
    assert changed.json()["status"] == "active"
    assert changed.json()["expires_in"] == 300


async def test_card_pin_request_print_ticket_and_card_removal_on_the_real_stack(
    kiosk: Kiosk, virtual_card: Callable[..., Any], cupsd: Any, raw_printer: Any
) -> None:
    await kiosk.next("reader.status", connected=True, name=VPCD_READER)
    card = virtual_card(kiosk.enrolled.card_uid)
    placed = time.monotonic()
    await login(kiosk, card)
    status = (await kiosk.http.get("/bridge/status")).json()
    assert (status["card_present"], status["centre_online"], status["session"]["active"]) == (True, True, True)
    assert status["reader"] == {"connected": True, "name": VPCD_READER}

    beat = await kiosk.app.state.gateway.heartbeats.beat()
    assert beat is True
    operator = kiosk.identity.headers(f"op-{MOJOWARNO}", roles=["operator"], village=MOJOWARNO, amr=["password"])
    devices = (await kiosk.identity.client.get(f"/villages/{MOJOWARNO}/devices", headers=operator)).json()
    assert devices[0]["online"] is True
    assert devices[0]["status"]["readers"] == [VPCD_READER]
    assert devices[0]["status"]["card_present"] is True
    assert devices[0]["status"]["a4_printer"]["state"] == "idle"

    types = (await kiosk.http.get("/bridge/letter-types")).json()
    assert types["items"][0]["code"] == "domisili"
    submitted = await kiosk.http.post("/bridge/requests", json={"type": "domisili", "fields": {"keperluan": "Kerja"}})
    assert submitted.status_code == 201, submitted.text
    request = submitted.json()["request"]
    assert request["amr"] == ["card", "pin"], "the centre saw a kiosk session: device + card + PIN"
    assert request["channel"] == "kiosk"
    request_id = request["id"]
    letters = (await kiosk.http.get("/bridge/letters")).json()
    assert [r["id"] for r in letters["items"]] == [request_id]

    before = set(cupsd.out_dir.glob("*.pdf"))
    printed = await kiosk.http.post("/bridge/print", json={"letter_id": request_id})
    assert printed.status_code == 202, printed.text
    job = printed.json()["job_id"]
    done = await kiosk.next("print.status", job_id=job, final=True, timeout=30)
    assert done["state"] == "done", done
    assert done["message"] == "Surat selesai dicetak. Silakan ambil di printer."
    assert set(cupsd.out_dir.glob("*.pdf")) - before, "cups-pdf wrote the letter"

    ticket = await kiosk.http.post("/bridge/ticket", json={})
    assert ticket.status_code == 201, ticket.text
    assert ticket.json()["number"] == "A-001"
    assert b"A-001" in await asyncio.to_thread(raw_printer.wait_job)

    ready = await kiosk.http.get("/readyz")
    assert ready.json()["checks"] == {
        "database": True,
        "centre": True,
        "enrolled": True,
        "card_reader": True,
        "a4_printer": True,
        "ticket_printer": True,
    }

    card.remove()
    await kiosk.next("card.removed")
    assert (await kiosk.next("session.ended"))["reason"] == "card_removed"
    gone = await kiosk.http.get("/bridge/letters")
    assert gone.status_code == 401
    print(f"journey on the real devices took {time.monotonic() - placed:.2f} s")  # noqa: T201

    again = virtual_card(kiosk.enrolled.card_uid)
    again.place()
    await kiosk.next("card.presented")
    wrong = await kiosk.http.post("/bridge/session", json={"pin": "999990"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "NIK atau PIN salah."


async def test_a_request_taken_while_the_link_is_down_reaches_the_centre_once(
    kiosk: Kiosk, virtual_card: Callable[..., Any]
) -> None:
    await login(kiosk, virtual_card(kiosk.enrolled.card_uid))
    kiosk.link.down = True
    queued = await kiosk.http.post(
        "/bridge/requests", json={"type": "domisili", "fields": {}}, headers={"Idempotency-Key": "kiosk-test-1"}
    )
    assert queued.status_code == 202, queued.text
    await kiosk.next("centre.offline")
    assert (await kiosk.http.get("/bridge/status")).json()["queue"]["pending"] == 1
    await asyncio.sleep(0.5)
    kiosk.link.down = False
    await kiosk.next("centre.online")
    sent = await kiosk.next("request.updated", status="sent")
    assert sent["request"]["amr"] == ["card", "pin"]
    assert list(kiosk.letters.requests) == ["kiosk-test-1"]
    assert kiosk.letters.posts == 1
