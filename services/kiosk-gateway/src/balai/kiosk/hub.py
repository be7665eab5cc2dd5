"""Fan-out of bridge events to the kiosk screen's WebSocket connections (usually one).

Events are small JSON objects with a ``type`` (see the service README). A slow or stuck screen never
blocks the gateway: each subscriber has a bounded queue and loses its oldest events first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from typing import Any

__all__ = ["EventHub"]

log = logging.getLogger(__name__)

Event = dict[str, Any]


class EventHub:
    def __init__(self, queue_size: int = 100) -> None:
        self._queue_size = queue_size
        self._subscribers: set[asyncio.Queue[Event]] = set()
        self.published: list[Event] | None = None
        """Tests set this to a list to see every event."""

    @contextlib.contextmanager
    def subscribe(self) -> Iterator[asyncio.Queue[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue(self._queue_size)
        self._subscribers.add(queue)
        try:
            yield queue
        finally:
            self._subscribers.discard(queue)

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    def publish(self, event: Event) -> None:
        """Send ``event`` to every subscriber now (call from the event loop)."""
        if self.published is not None:
            self.published.append(event)
        for queue in self._subscribers:
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    dropped = queue.get_nowait()
                    log.warning("screen too slow: dropped a %s event", dropped.get("type"))
            queue.put_nowait(event)
