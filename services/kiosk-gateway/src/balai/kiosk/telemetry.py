"""Heartbeats: every ``heartbeat_interval_s`` the kiosk tells identity it is up, with its device status, so
the operator console shows which kiosks are up and which need paper.

``POST {identity}/devices/heartbeat {assertion, status}``, the assertion signed by the device key with
``aud = "balai-identity:heartbeat"``. A centre without that endpoint (404) is tolerated: the kiosk logs it
once and keeps trying at the same pace. The status (well under identity's 8,000 character limit):

.. code-block:: json

    {"version": "0.1.0", "uptime_s": 5234, "readers": ["ACS ACR1252 1S CL Reader PICC 0"],
     "card_present": false, "reader_error": null, "session_active": false,
     "a4_printer": {"configured": true, "ok": false, "state": "stopped", "accepting_jobs": true,
                    "reasons": ["media-empty-error"], "message_ids": ["printer.paper_out"]},
     "ticket_printer": {"configured": true, "reachable": true},
     "queue": {"pending": 2, "waiting_auth": 0, "failed": 0}, "queue_length": 2}
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from balai.kiosk.centre import CentreClient, CentreRejected, CentreUnavailable
from balai.kiosk.keys import HEARTBEAT_AUDIENCE

__all__ = ["Heartbeats"]

log = logging.getLogger(__name__)


class Heartbeats:
    def __init__(
        self,
        centre: CentreClient,
        status: Callable[[], Awaitable[dict[str, Any]]],
        sign: Callable[[str], str | None],
        *,
        interval_s: float = 30.0,
    ) -> None:
        self._centre = centre
        self._status = status
        self._sign = sign
        self._interval_s = interval_s
        self.sent = 0
        self.last_error: str | None = None
        self._missing_logged = False

    async def beat(self) -> bool:
        """Send one heartbeat now; True when the centre took it."""
        assertion = self._sign(HEARTBEAT_AUDIENCE)
        if assertion is None:  # not enrolled yet: nothing to report as
            return False
        status = await self._status()
        try:
            taken = await self._centre.heartbeat(assertion, status)
        except (CentreUnavailable, CentreRejected) as exc:
            self.last_error = str(exc)
            log.info("heartbeat not delivered: %s", exc)
            return False
        if not taken:
            if not self._missing_logged:
                log.info("the centre has no heartbeat endpoint yet (404); will keep trying")
                self._missing_logged = True
            return False
        self.sent += 1
        self.last_error = None
        return True

    async def run(self) -> None:
        while True:
            try:
                await self.beat()
            except Exception:
                log.exception("heartbeat failed")
            await asyncio.sleep(self._interval_s)
