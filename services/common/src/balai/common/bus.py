"""NATS JetStream connection, stream naming and stream set-up (one stream per publishing service).

The NATS client is imported when the bus starts, not with this module: a service with no events (the
kiosk gateway, ``uses_bus=False``) builds its runtime without ever loading it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nats.aio.client import Client
    from nats.js import JetStreamContext
    from nats.js.api import StreamConfig

log = logging.getLogger(__name__)

DUPLICATE_WINDOW_S = 120.0


def cancelling() -> bool:
    """True when this task has been asked to stop: some client libraries turn a cancellation into
    their own timeout error, so retry loops check this before swallowing an exception."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def stop_tasks(tasks: Iterable[asyncio.Task[Any]], *, grace_s: float = 5.0, attempts: int = 3) -> list[str]:
    """Cancel background tasks and wait for them; returns the names of those that would not stop.

    On Python 3.11 a cancellation can be lost: `asyncio.wait_for` inside a client library (nats-py's
    fetch and publish) may return a result that arrived with it, and the task then runs on as if never
    asked. So each task still running after `grace_s` is cancelled again, up to `attempts` times, and a
    shutdown never hangs on one (a service stopping would otherwise wait for ever).
    """
    pending = {t for t in tasks if not t.done()}
    for _ in range(attempts):
        if not pending:
            break
        for task in pending:
            task.cancel()
        done, pending = await asyncio.wait(pending, timeout=grace_s)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                log.debug("task %s ended with %r", task.get_name(), task.exception())
    if pending:
        log.error("background tasks that would not stop: %s", ", ".join(sorted(t.get_name() for t in pending)))
    return sorted(t.get_name() for t in pending)


RETENTION_DAYS = 30


class Bus:
    """A NATS connection that keeps trying in the background: a service starts and takes writes
    while NATS is down; its outbox simply waits."""

    def __init__(self, url: str, *, prefix: str = "", name: str = "balai", replicas: int = 1) -> None:
        self.url = url
        self.prefix = prefix
        self.name = name
        self.replicas = replicas
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    # --- naming -------------------------------------------------------------------------------
    def stream_name(self, service: str) -> str:
        base = service.upper().replace("-", "_")
        return f"{self.prefix.upper()}_{base}" if self.prefix else base

    def subject(self, pattern: str) -> str:
        return f"{self.prefix}.{pattern}" if self.prefix else pattern

    def stream_config(self, service: str) -> StreamConfig:
        from nats.js.api import StorageType, StreamConfig

        return StreamConfig(
            name=self.stream_name(service),
            subjects=[self.subject(f"{service}.>")],
            storage=StorageType.FILE,
            duplicate_window=DUPLICATE_WINDOW_S,
            max_age=RETENTION_DAYS * 86400.0,
            num_replicas=self.replicas,
        )

    # --- connection ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._connect_forever(), name=f"bus-connect-{self.name}")

    async def _connect_forever(self) -> None:
        import nats

        delay = 0.2
        while not self._closing:
            try:
                self._nc = await nats.connect(
                    self.url,
                    name=self.name,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5,
                    connect_timeout=2,
                    error_cb=self._on_error,
                )
                self._js = self._nc.jetstream(timeout=5)
                self._ready.set()
                return
            except Exception as exc:  # the server may simply not be up yet
                if cancelling():
                    raise asyncio.CancelledError from exc
                log.warning("NATS not reachable at %s (%s); retrying in %.1fs", self.url, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _on_error(self, exc: Exception) -> None:
        log.debug("NATS client error: %s", exc)

    async def wait_ready(self, timeout: float | None = None) -> None:
        async with asyncio.timeout(timeout):
            await self._ready.wait()

    @property
    def connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    @property
    def js(self) -> JetStreamContext:
        if self._js is None:
            raise ConnectionError("NATS is not connected yet")
        return self._js

    @property
    def nc(self) -> Client:
        if self._nc is None:
            raise ConnectionError("NATS is not connected yet")
        return self._nc

    async def ensure_stream(self, service: str) -> None:
        from nats.js.errors import BadRequestError

        config = self.stream_config(service)
        try:
            await self.js.add_stream(config)
        except BadRequestError:
            await self.js.update_stream(config)

    async def publish(self, subject: str, payload: bytes, *, msg_id: str, timeout: float = 5.0) -> Any:
        return await self.js.publish(subject, payload, timeout=timeout, headers={"Nats-Msg-Id": msg_id})

    async def close(self) -> None:
        self._closing = True
        if self._task is not None:
            await stop_tasks([self._task])
        if self._nc is not None and not self._nc.is_closed:
            # Our tasks are already stopped and every publish awaited its ack: nothing to drain.
            with contextlib.suppress(Exception):
                async with asyncio.timeout(5):
                    await self._nc.close()
