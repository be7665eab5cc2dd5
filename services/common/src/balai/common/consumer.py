"""Durable JetStream pull consumers with the ack policy every service shares.

decode -> inbox check -> handlers -> inbox row, all in the handler's transaction -> ack.
- A payload that cannot be decoded, or an event type/version nobody here knows: `term` + dead letter.
- A handler that raises: `nak(delay)` with growing delays; on the last allowed delivery the message
  is recorded in `dead_letters` and `term`ed, and the consumer goes on with the next one.
- A handler that runs long: `in_progress` is sent periodically so JetStream does not redeliver.
- A redelivered event already in the inbox is acked without running the handlers again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ValidationError
from sqlalchemy import insert

from balai.common.bus import Bus, cancelling
from balai.common.db import Database
from balai.common.envelope import Envelope
from balai.common.messaging_tables import MessagingTables
from balai.common.metrics import EVENTS_HANDLED
from balai.common.uow import UnitOfWork

if TYPE_CHECKING:
    from nats.aio.msg import Msg

log = logging.getLogger(__name__)


class PermanentError(Exception):
    """Raised by a handler when retrying cannot help (the event contradicts local state for good)."""


class ContractModel(Protocol):
    event_type: str
    event_version: int


Handler = Callable[[Any, Envelope, Any], Awaitable[None]]
"""`async def handler(event: SomeEventV1, envelope: Envelope, uow: ServiceUnitOfWork) -> None`."""


@dataclass(frozen=True)
class ConsumerPolicy:
    max_deliver: int = 5
    backoff: Sequence[float] = (0.5, 2.0, 10.0, 30.0, 60.0)
    ack_wait: float = 30.0
    batch: int = 50


class EventConsumer:
    """One durable consumer of this service on another service's stream."""

    def __init__(
        self,
        *,
        name: str,
        source_service: str,
        handlers: Mapping[type[BaseModel], Sequence[Handler]],
        bus: Bus,
        db: Database,
        tables: MessagingTables,
        uow_factory: Callable[[], UnitOfWork],
        policy: ConsumerPolicy | None = None,
    ) -> None:
        self.name = name
        self.source_service = source_service
        self._bus = bus
        self._db = db
        self._tables = tables
        self._uow_factory = uow_factory
        self.policy = policy or ConsumerPolicy()
        self._models: dict[tuple[str, int], type[BaseModel]] = {}
        self._handlers: dict[tuple[str, int], Sequence[Handler]] = {}
        for model, fns in handlers.items():
            key = (getattr(model, "event_type"), getattr(model, "event_version"))  # noqa: B009
            if not key[0].startswith(f"{source_service}."):
                raise ValueError(f"{model.__name__} is not an event of {source_service}")
            self._models[key] = model
            self._handlers[key] = fns

    @property
    def durable(self) -> str:
        return f"{self.name}--{self.source_service}".replace(".", "_")

    def filter_subjects(self) -> list[str]:
        subjects = set()
        for event_type, _ in self._models:
            service, aggregate, event = event_type.split(".")
            subjects.add(self._bus.subject(f"{service}.*.{aggregate}.{event}"))
        return sorted(subjects)

    async def run(self) -> None:
        """Bind (creating stream and consumer if needed) and fetch forever; re-bind after failures."""
        delay = 0.5
        while True:
            try:
                sub = await self._bind()
                delay = 0.5
                await self._fetch_loop(sub)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # NATS down, stream or consumer gone: set up again
                if cancelling():
                    raise asyncio.CancelledError from exc
                log.warning("consumer %s: %s; binding again in %.1fs", self.durable, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _bind(self) -> Any:
        from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy  # with the bus, not at import

        await self._bus.wait_ready()
        await self._bus.ensure_stream(self.source_service)
        stream = self._bus.stream_name(self.source_service)
        config = ConsumerConfig(
            durable_name=self.durable,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            max_deliver=self.policy.max_deliver,
            ack_wait=self.policy.ack_wait,
            filter_subjects=self.filter_subjects(),
        )
        await self._bus.js.add_consumer(stream, config)
        return await self._bus.js.pull_subscribe_bind(self.durable, stream=stream)

    async def _fetch_loop(self, sub: Any) -> None:
        from nats.errors import TimeoutError as NatsTimeoutError

        failures = 0
        while True:
            if cancelling():  # asked to stop, though the fetch below may have swallowed the cancellation
                raise asyncio.CancelledError
            try:
                msgs = await sub.fetch(self.policy.batch, timeout=1.0)
                failures = 0
            except (TimeoutError, NatsTimeoutError):
                if cancelling():
                    raise asyncio.CancelledError from None
                continue
            except Exception:
                if cancelling():
                    raise asyncio.CancelledError from None
                failures += 1
                if failures >= 3:
                    raise
                await asyncio.sleep(1.0)
                continue
            for msg in msgs:
                await self.process(msg)

    async def process(self, msg: Msg) -> None:
        deliveries = msg.metadata.num_delivered
        try:
            envelope = Envelope.from_bytes(msg.data)
            key = (envelope.type, envelope.version)
            if key not in self._models:
                raise LookupError(f"no handler here for {envelope.type} v{envelope.version}")
            event = self._models[key].model_validate(envelope.data)
        except (ValidationError, ValueError, LookupError) as exc:
            await self._dead_letter(msg, None, f"undecodable: {exc}", deliveries)
            await msg.term()
            EVENTS_HANDLED.labels(self.name, "unknown", "dead_letter").inc()
            return

        keepalive = asyncio.create_task(self._keep_alive(msg))
        try:
            outcome = await self._handle(envelope, event, key)
        except PermanentError as exc:
            outcome = "dead_letter"
            await self._dead_letter(msg, envelope, f"permanent: {exc}", deliveries)
            await msg.term()
        except Exception as exc:
            if deliveries >= self.policy.max_deliver:
                outcome = "dead_letter"
                log.error("consumer %s gives up on %s after %d deliveries: %s", self.name, envelope.id, deliveries, exc)
                await self._dead_letter(msg, envelope, repr(exc), deliveries)
                await msg.term()
            else:
                outcome = "retry"
                delay = self.policy.backoff[min(deliveries - 1, len(self.policy.backoff) - 1)]
                log.warning("consumer %s will retry %s in %.1fs: %r", self.name, envelope.id, delay, exc)
                await msg.nak(delay=delay)
        else:
            await msg.ack()
        finally:
            keepalive.cancel()
        EVENTS_HANDLED.labels(self.name, envelope.type, outcome).inc()

    async def _handle(self, envelope: Envelope, event: BaseModel, key: tuple[str, int]) -> str:
        uow = self._uow_factory()
        uow.correlation_id = envelope.correlation_id
        async with uow:
            if await uow.already_processed(self.name, envelope.id):
                return "duplicate"
            for handler in self._handlers[key]:
                await handler(event, envelope, uow)
            await uow.mark_processed(self.name, envelope.id)
            await uow.commit()
        return "ok"

    async def _keep_alive(self, msg: Msg) -> None:
        while True:
            await asyncio.sleep(self.policy.ack_wait / 3)
            await msg.in_progress()

    async def _dead_letter(self, msg: Msg, envelope: Envelope | None, error: str, deliveries: int) -> None:
        async with self._db.session() as session, session.begin():
            await session.execute(
                insert(self._tables.dead_letters).values(
                    consumer=self.name,
                    event_id=str(envelope.id) if envelope else None,
                    subject=msg.subject,
                    payload=msg.data,
                    error=error[:2000],
                    deliveries=deliveries,
                    created_at=datetime.now(UTC),
                )
            )
