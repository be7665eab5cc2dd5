"""Test support for the gateway: a fake centre, a fake card reader and a fake A4 printer.

``FakeCentre`` keeps what the real centre would (residents by card, requests by idempotency key) and can
be switched offline, or made to lose the answer of a request it took. Running the app and speaking to it
as the kiosk screen: :mod:`balai.kiosk.testing_bridge`. Nothing here runs at import time.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import jwt

from balai.kiosk.centre import CentreRejected, CentreUnavailable, LoginResult
from balai.kiosk.devices import CardEvent, CardPresented, CardRemoved, JobUpdate, PrinterStatus, ReadersChanged
from balai.kiosk.devices.testing import minimal_pdf
from balai.kiosk.keys import HEARTBEAT_AUDIENCE, LOGIN_AUDIENCE, WHOAMI_AUDIENCE

__all__ = ["FakeCardReader", "FakeCentre", "FakePrinter", "FakeResident"]


@dataclass
class FakeResident:
    subject: str
    pin: str
    village: str = "3317092016"
    must_change_pin: bool = False
    name: str = "Siti Aminah"
    aid: dict[str, Any] = field(default_factory=lambda: {"enrolments": []})


@dataclass
class FakeCentre:
    """An in-memory centre for unit tests (a :class:`~balai.kiosk.centre.CentreClient`)."""

    residents: dict[str, FakeResident] = field(default_factory=dict)  # by card UID
    online: bool = True
    token_ttl: int = 300
    lose_answers: int = 0
    """The next N submissions are taken, but the kiosk never hears the answer (the link drops)."""
    heartbeat_endpoint: bool = True
    enrolment: dict[str, Any] | None = None
    """What ``whoami`` answers (``{"device_id", "village", "name"}``); None: the key is not enrolled yet."""
    whoami_asked: int = 0
    letter_types_list: list[dict[str, Any]] = field(
        default_factory=lambda: [{"code": "domisili", "name": "Surat Keterangan Domisili"}]
    )
    requests: dict[str, dict[str, Any]] = field(default_factory=dict)  # by idempotency key
    submissions: list[str] = field(default_factory=list)  # every submission's key, duplicates included
    logins: list[str] = field(default_factory=list)
    heartbeats: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[tuple[str, str, int]] = field(default_factory=list)
    pdf: bytes = field(default_factory=lambda: minimal_pdf("Surat Keterangan Domisili"))
    clock_offset: float = 0.0
    on_reachable: Callable[[bool], None] | None = None
    delay: float = 0.0

    async def _reach(self) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.on_reachable is not None:
            self.on_reachable(self.online)
        if not self.online:
            raise CentreUnavailable("fake centre offline")

    def token(self, resident: FakeResident, ttl: int | None = None) -> str:
        now = int(time.time())
        claims = {
            "sub": resident.subject,
            "village": resident.village,
            "iat": now,
            "exp": now + (ttl or self.token_ttl),
        }
        return jwt.encode(claims, "fake-centre-secret-key-of-32-bytes!", algorithm="HS256")

    def _resident_of(self, token: str) -> FakeResident:
        try:
            claims = jwt.decode(token, "fake-centre-secret-key-of-32-bytes!", algorithms=["HS256"])
        except jwt.PyJWTError as exc:
            raise CentreRejected(401, "unauthorized", "Sesi habis.") from exc
        return next(r for r in self.residents.values() if r.subject == claims["sub"])

    async def ping(self) -> None:
        await self._reach()

    async def kiosk_login(self, assertion: str, card_uid: str, pin: str) -> LoginResult:
        await self._reach()
        jwt.decode(assertion, options={"verify_signature": False}, audience=LOGIN_AUDIENCE)
        self.logins.append(card_uid)
        resident = self.residents.get(card_uid)
        if resident is None or resident.pin != pin:
            raise CentreRejected(401, "wrong_credentials", "NIK atau PIN salah.")
        if resident.must_change_pin:
            return LoginResult(must_change_pin=True, change_token=f"change:{card_uid}", expires_in=600)
        return LoginResult(must_change_pin=False, access_token=self.token(resident), expires_in=self.token_ttl)

    async def change_pin(self, change_token: str, new_pin: str) -> None:
        await self._reach()
        resident = self.residents[change_token.removeprefix("change:")]
        resident.pin, resident.must_change_pin = new_pin, False

    async def resident_name(self, token: str) -> str | None:
        await self._reach()
        return self._resident_of(token).name

    async def whoami(self, assertion: str) -> dict[str, Any] | None:
        await self._reach()
        claims = jwt.decode(assertion, options={"verify_signature": False}, audience=WHOAMI_AUDIENCE)
        assert claims["iss"], "a whoami assertion names the kiosk's public key"
        self.whoami_asked += 1
        return dict(self.enrolment) if self.enrolment else None

    async def heartbeat(self, assertion: str, status: dict[str, Any]) -> bool:
        await self._reach()
        jwt.decode(assertion, options={"verify_signature": False}, audience=HEARTBEAT_AUDIENCE)
        if not self.heartbeat_endpoint:
            return False
        self.heartbeats.append(status)
        return True

    async def letter_types(self, token: str, village: str) -> list[dict[str, Any]]:
        await self._reach()
        self._resident_of(token)
        return list(self.letter_types_list)

    async def my_requests(self, token: str) -> list[dict[str, Any]]:
        await self._reach()
        subject = self._resident_of(token).subject
        return [r for r in self.requests.values() if r["subject"] == subject]

    async def submit_request(
        self, token: str, village: str, body: dict[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        await self._reach()
        resident = self._resident_of(token)
        assert village == resident.village
        self.submissions.append(idempotency_key)
        if idempotency_key not in self.requests:
            self.requests[idempotency_key] = {"id": str(uuid.uuid4()), "subject": resident.subject, **body}
        if self.lose_answers:
            self.lose_answers -= 1
            raise CentreUnavailable("answer lost")
        return self.requests[idempotency_key]

    async def upload_document(
        self, token: str, village: str, kind: str, data: bytes, content_type: str
    ) -> dict[str, Any]:
        await self._reach()
        self._resident_of(token)
        self.uploads.append((kind, content_type, len(data)))
        return {"id": str(uuid.uuid4()), "kind": kind}

    async def letter_pdf(self, token: str, request_id: str) -> bytes:
        await self._reach()
        self._resident_of(token)
        return self.pdf

    async def my_aid(self, token: str) -> dict[str, Any]:
        await self._reach()
        return self._resident_of(token).aid

    async def aclose(self) -> None:
        return None


class FakeCardReader:
    """A :class:`~balai.kiosk.devices.CardReader` driven by the test: ``place(uid)``, ``remove()``."""

    def __init__(self, reader: str = "Fake Reader 00 00") -> None:
        self.reader = reader
        self._events: asyncio.Queue[CardEvent] = asyncio.Queue()
        self._cards: dict[str, str] = {}
        self.started = False

    @property
    def events(self) -> asyncio.Queue[CardEvent]:
        return self._events

    @property
    def readers(self) -> tuple[str, ...]:
        return (self.reader,) if self.started else ()

    @property
    def cards(self) -> Mapping[str, str]:
        return MappingProxyType(self._cards)

    async def start(self) -> None:
        self.started = True
        self._events.put_nowait(ReadersChanged((self.reader,)))

    async def stop(self) -> None:
        self.started = False

    def place(self, uid: str) -> None:
        self._cards[self.reader] = uid
        self._events.put_nowait(CardPresented(self.reader, uid, "3B8F8001804F0CA000000306030001000000006A"))

    def remove(self) -> None:
        self._cards.pop(self.reader, None)
        self._events.put_nowait(CardRemoved(self.reader))


class FakePrinter:
    """A :class:`~balai.kiosk.devices.DocumentPrinter` that takes every job and completes it, unless
    ``outcome`` says otherwise (e.g. ``("stopped", "printer.paper_out")``)."""

    def __init__(self, outcome: tuple[str, str] = ("completed", "printer.completed")) -> None:
        self.outcome = outcome
        self.printed: list[tuple[bytes, str]] = []
        self.state = PrinterStatus("idle", True, (), (), "")

    def print_pdf(self, pdf: bytes, title: str) -> int:
        self.printed.append((pdf, title))
        return len(self.printed)

    def follow_job(self, job_id: int, timeout: float | None = None) -> Iterator[JobUpdate]:
        time.sleep(0.05)
        yield JobUpdate(job_id, "processing", "printer.printing")
        time.sleep(0.05)
        yield JobUpdate(job_id, self.outcome[0], self.outcome[1], final=True)  # type: ignore[arg-type]

    def status(self) -> PrinterStatus:
        return self.state
