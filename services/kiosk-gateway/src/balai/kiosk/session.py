"""The resident's session at the kiosk: e-KTP card + PIN -> identity's kiosk login -> a short session.

A session ends when the card is taken off the reader, after ``idle_timeout_s`` without activity, when
identity's token runs out, or on logout. Ending it drops everything of that resident the gateway held:
the token, the letters fetched for the screen, the print state tied to them (all of it lives on the
:class:`ActiveSession` object, which is cleared and never reused). Work that started in a session and
finishes after it ended checks :attr:`ActiveSession.alive` and answers "session ended" instead of data.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import jwt

from balai.common.errors import Problem
from balai.kiosk.centre import CentreClient, CentreRejected, CentreUnavailable, LoginResult
from balai.kiosk.hub import EventHub
from balai.kiosk.keys import LOGIN_AUDIENCE

__all__ = ["ActiveSession", "SessionManager", "centre_problem"]

log = logging.getLogger(__name__)

Signer = Callable[[str], str]
"""audience -> a fresh device assertion (raises Problem when the kiosk is not enrolled)."""


def masked_uid(uid: str) -> str:
    """A card UID for the log: its last two bytes, enough to tell cards apart, not to name one."""
    return f"…{uid[-4:]}" if len(uid) > 4 else "…"


NO_SESSION = "Silakan tempelkan e-KTP Anda dan masukkan PIN."
SESSION_ENDED = "Sesi sudah berakhir. Silakan tempelkan e-KTP Anda dan masukkan PIN kembali."


def centre_problem(exc: CentreUnavailable | CentreRejected) -> Problem:
    """The bridge's answer when a centre call failed: the centre's own problem, or "offline"."""
    if isinstance(exc, CentreUnavailable):
        return Problem(
            503, "centre_offline", "Anjungan sedang tidak terhubung ke kantor desa. Mohon coba beberapa saat lagi."
        )
    status = exc.status if 400 <= exc.status < 500 else 502
    if exc.retry_after is None:
        return Problem(status, exc.code, exc.detail)
    return Problem(
        status, exc.code, exc.detail, headers={"Retry-After": str(exc.retry_after)}, retry_after=exc.retry_after
    )


@dataclass(eq=False)
class ActiveSession:
    token: str
    subject: str
    village: str | None
    card_uid: str
    from_reader: bool
    """The card lies on the PC/SC reader (taking it off ends the session); False for a typed card number."""
    expires_at: float  # monotonic
    last_activity: float
    alive: bool = True
    cache: dict[str, Any] = field(default_factory=dict)
    """What was fetched for this resident (their letters), dropped with the session."""

    def check(self) -> None:
        if not self.alive:
            raise Problem(409, "session_ended", SESSION_ENDED)


@dataclass(frozen=True)
class _PinChange:
    change_token: str
    card_uid: str
    from_reader: bool
    until: float


class SessionManager:
    def __init__(
        self,
        centre: CentreClient,
        sign: Signer,
        hub: EventHub,
        *,
        idle_timeout_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._centre = centre
        self._sign = sign
        self._hub = hub
        self.idle_timeout_s = idle_timeout_s
        self._clock = clock
        self.card: str | None = None
        """UID of the card on the PC/SC reader now."""
        self.current: ActiveSession | None = None
        self._card_changes = 0
        self._pin_change: _PinChange | None = None
        self._login = asyncio.Lock()
        self._changed = asyncio.Event()
        self.on_start: list[Callable[[ActiveSession], object]] = []
        self.on_end: list[Callable[[ActiveSession, str], object]] = []

    # -- the card reader -----------------------------------------------------------------------------
    def card_presented(self, uid: str) -> None:
        if self.current is not None and self.current.from_reader and self.current.card_uid != uid:
            self.end("card_removed")  # another card: the previous resident has gone
        self.card = uid
        self._card_changes += 1
        log.info("card on the reader (%s)", masked_uid(uid))

    def card_removed(self) -> None:
        if self.card is not None:
            log.info("card taken off the reader (%s)", masked_uid(self.card))
        self.card = None
        self._card_changes += 1
        if self._pin_change is not None and self._pin_change.from_reader:
            self._pin_change = None
        if self.current is not None and self.current.from_reader:
            self.end("card_removed")

    # -- logging in ------------------------------------------------------------------------------------
    async def login(self, pin: str, card_uid: str | None = None) -> dict[str, Any]:
        """Card on the reader (or ``card_uid`` typed by a keyboard-style reader) + PIN."""
        async with self._login:
            if self.card is not None:
                uid, from_reader = self.card, True
            elif card_uid:
                uid, from_reader = card_uid.strip(), False
            else:
                raise Problem(409, "no_card", "Tempelkan e-KTP Anda pada pembaca kartu terlebih dahulu.")
            self.end("logout")
            self._pin_change = None
            result = await self._kiosk_login(uid, pin, from_reader)
            if result.must_change_pin:
                assert result.change_token is not None
                until = self._clock() + max(result.expires_in, 60)
                self._pin_change = _PinChange(result.change_token, uid, from_reader, until)
                return {"status": "must_change_pin"}
            return self._start(result, uid, from_reader)

    async def change_pin(self, new_pin: str) -> dict[str, Any]:
        """First login with a PIN an operator issued: set the resident's own PIN, then log in with it."""
        async with self._login:
            pending = self._pin_change
            if pending is None or self._clock() > pending.until:
                self._pin_change = None
                raise Problem(409, "no_pin_change", "Tidak ada penggantian PIN yang menunggu. " + NO_SESSION)
            try:
                await self._centre.change_pin(pending.change_token, new_pin)
            except (CentreUnavailable, CentreRejected) as exc:
                raise centre_problem(exc) from exc
            self._pin_change = None
            result = await self._kiosk_login(pending.card_uid, new_pin, pending.from_reader)
            if result.must_change_pin:
                raise Problem(409, "pin_change_failed", "PIN belum dapat diganti. Mohon hubungi petugas desa.")
            return self._start(result, pending.card_uid, pending.from_reader)

    async def _kiosk_login(self, uid: str, pin: str, from_reader: bool) -> LoginResult:
        changes = self._card_changes
        how = "card on the reader" if from_reader else "typed card number"
        try:
            result = await self._centre.kiosk_login(self._sign(LOGIN_AUDIENCE), uid, pin)
        except (CentreUnavailable, CentreRejected) as exc:
            problem = centre_problem(exc)
            log.info("login refused (%s %s): %s", how, masked_uid(uid), problem.code)
            raise problem from exc
        log.info("login (%s %s): %s", how, masked_uid(uid), "new PIN needed" if result.must_change_pin else "ok")
        if result.access_token is not None:
            result = replace(result, extra={**result.extra, "resident_name": await self._name(result.access_token)})
        if from_reader and (changes != self._card_changes or self.card != uid):
            raise Problem(409, "card_removed", "e-KTP diangkat sebelum selesai. Tempelkan kembali e-KTP Anda.")
        return result

    async def _name(self, token: str) -> str | None:
        """For the greeting only: a centre that cannot say leaves the screen without a name."""
        try:
            return await self._centre.resident_name(token)
        except (CentreUnavailable, CentreRejected) as exc:
            log.warning("no resident name for the greeting: %s", exc)
            return None

    def _start(self, result: LoginResult, uid: str, from_reader: bool) -> dict[str, Any]:
        assert result.access_token is not None
        claims = jwt.decode(result.access_token, options={"verify_signature": False})
        now = self._clock()
        session = ActiveSession(
            token=result.access_token,
            subject=str(claims.get("sub", "")),
            village=claims.get("village"),
            card_uid=uid,
            from_reader=from_reader,
            expires_at=now + max(result.expires_in - 5, 1),
            last_activity=now,
        )
        self.current = session
        self._changed.set()
        info = {"expires_in": result.expires_in, "idle_timeout_s": self.idle_timeout_s}
        self._hub.publish({"type": "session.started", **info})
        for callback in self.on_start:
            callback(session)
        return {"status": "active", **info, "resident_name": result.extra.get("resident_name")}

    # -- during a session ------------------------------------------------------------------------------
    def require(self) -> ActiveSession:
        """The session for a request from the screen (which counts as activity)."""
        if self.current is None:
            raise Problem(401, "no_session", NO_SESSION)
        self.current.last_activity = self._clock()
        return self.current

    def touch(self) -> None:
        if self.current is not None:
            self.current.last_activity = self._clock()

    def end(self, reason: str) -> None:
        """End the session (card_removed / idle / expired / logout) and forget the resident."""
        session, self.current = self.current, None
        if reason == "logout":
            self._pin_change = None
        if session is None:
            return
        session.alive = False
        session.token = ""
        session.cache.clear()
        self._changed.set()
        log.info("kiosk session ended: %s", reason)
        self._hub.publish({"type": "session.ended", "reason": reason})
        for callback in self.on_end:
            try:
                callback(session, reason)
            except Exception:
                log.exception("session end callback failed")

    def remaining(self) -> dict[str, float] | None:
        session = self.current
        if session is None:
            return None
        now = self._clock()
        return {
            "idle_remaining_s": round(max(0.0, session.last_activity + self.idle_timeout_s - now), 1),
            "expires_in_s": round(max(0.0, session.expires_at - now), 1),
        }

    async def watch(self) -> None:
        """End sessions that went idle or whose token ran out."""
        while True:
            self._changed.clear()
            session = self.current
            if session is None:
                await self._changed.wait()
                continue
            now = self._clock()
            idle_at = session.last_activity + self.idle_timeout_s
            if now >= min(idle_at, session.expires_at):
                self.end("idle" if idle_at <= session.expires_at else "expired")
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(idle_at, session.expires_at) - now):
                    await self._changed.wait()
