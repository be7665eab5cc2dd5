"""Is the centre reachable? Every centre call reports its outcome here; while the link is down (or not
known yet) :meth:`CentreLink.run` probes the centre, backing off, and the screen is told of each change
(``centre.offline`` / ``centre.online``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from balai.kiosk.centre import CentreClient, CentreRejected, CentreUnavailable
from balai.kiosk.hub import EventHub

__all__ = ["CentreLink"]

log = logging.getLogger(__name__)

ONLINE_PROBE_S = 60.0  # a quiet kiosk still notices a dead link within a minute


class CentreLink:
    def __init__(self, centre: CentreClient, hub: EventHub, *, probe_interval_s: float = 5.0) -> None:
        self._centre = centre
        self._hub = hub
        self._probe_interval_s = probe_interval_s
        self.online: bool | None = None  # None: not known yet (just started)
        self.changed_at = time.time()
        self._up = asyncio.Event()
        self._down = asyncio.Event()

    def report(self, reachable: bool) -> None:
        """Called after every centre call: True when the centre answered, False when it could not."""
        if reachable == self.online:
            return
        was, self.online, self.changed_at = self.online, reachable, time.time()
        if reachable:
            self._down.clear()
            self._up.set()
        else:
            self._up.clear()
            self._down.set()
        if was is not None or not reachable:
            log.warning("centre is %s", "reachable again" if reachable else "NOT reachable")
        self._hub.publish({"type": "centre.online" if reachable else "centre.offline"})

    async def wait_online(self, timeout: float | None = None) -> bool:
        if self.online:
            return True
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._up.wait()
        return bool(self.online)

    async def probe(self) -> bool:
        try:
            await self._centre.ping()
        except CentreUnavailable:
            self.report(False)
        except CentreRejected:
            self.report(True)  # it answered
        return bool(self.online)

    async def run(self) -> None:
        delay = self._probe_interval_s
        while True:
            if self.online:
                delay = self._probe_interval_s
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(ONLINE_PROBE_S):
                        await self._down.wait()
                if self.online:
                    await self.probe()
                continue
            if await self.probe():
                continue
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._probe_interval_s * 12)
