from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any, ClassVar
from uuid import UUID

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Column, Integer, String, Table, Uuid, insert, select, update

from balai.common.auth import Caller, JwksFetcher
from balai.common.consumer import ConsumerPolicy
from balai.common.db import new_metadata
from balai.common.envelope import Envelope, area_code
from balai.common.errors import Problem
from balai.common.idempotency import run_idempotent
from balai.common.ids import uuid7
from balai.common.messaging_tables import add_messaging_tables
from balai.common.service import ServiceDefinition, create_service_app, runtime_of
from balai.common.settings import BaseServiceSettings, service_config
from balai.common.uow import UnitOfWork
from balai.contracts.base import EventContract

metadata = new_metadata()
tables = add_messaging_tables(metadata)
notes = Table(
    "notes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), nullable=False),
    Column("text", String(200), nullable=False),
)
note_counts = Table(
    "note_counts",
    metadata,
    Column("village", String(10), primary_key=True),
    Column("count", Integer, nullable=False),
)
HANDLED: list[UUID] = []


class DemoSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "demo"
    model_config = service_config("DEMO_")


class NoteCreatedV1(EventContract):
    event_type: ClassVar[str] = "demo.note.created"
    note_id: UUID
    text: str
    example: ClassVar[dict[str, Any]] = {}


class DemoUoW(UnitOfWork):
    async def add_note(self, note_id: UUID, village: str, text: str) -> None:
        await self.session.execute(insert(notes).values(id=note_id, village=village, text=text))


class NoteIn(BaseModel):
    village: str
    text: str
    fail_after_emit: bool = False


async def get_uow(request: Request) -> DemoUoW:
    uow = runtime_of(request).uow()
    assert isinstance(uow, DemoUoW)
    return uow


router = APIRouter()


@router.post("/notes", status_code=201)
async def create_note(body: NoteIn, caller: Caller, uow: Annotated[DemoUoW, Depends(get_uow)]) -> dict[str, str]:
    village = area_code(body.village)
    caller.require_manage(village)
    async with uow:
        note_id = uuid7()
        await uow.add_note(note_id, village, body.text)
        uow.emit(NoteCreatedV1(note_id=note_id, text=body.text), village=village, subject=str(note_id))
        if body.fail_after_emit:
            raise Problem(409, "demo_failure", "Gagal setelah event dibuat.")
        await uow.commit()
    return {"id": str(note_id)}


@router.post("/idempotent-notes", status_code=201)
async def create_note_once(
    body: NoteIn,
    caller: Caller,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    village = area_code(body.village)
    caller.require_manage(village)

    async def work(uow: DemoUoW) -> tuple[int, Any]:
        note_id = uuid7()
        await uow.add_note(note_id, village, body.text)
        uow.emit(NoteCreatedV1(note_id=note_id, text=body.text), village=village, subject=str(note_id))
        await asyncio.sleep(0.05)  # widen the race window for the concurrency test
        return 201, {"id": str(note_id)}

    result = await run_idempotent(
        lambda: get_uow_sync(request),
        scope=f"notes:{caller.subject}",
        key=idempotency_key,
        request=body.model_dump(),
        work=work,
    )
    return result.as_response()


def get_uow_sync(request: Request) -> DemoUoW:
    uow = runtime_of(request).uow()
    assert isinstance(uow, DemoUoW)
    return uow


async def count_note(event: NoteCreatedV1, envelope: Envelope, uow: DemoUoW) -> None:
    if event.text == "poison":
        raise RuntimeError("this note always fails")
    if event.text == "slow":
        await asyncio.sleep(2.5)
    current = await uow.session.scalar(select(note_counts.c.count).where(note_counts.c.village == envelope.village))
    if current is None:
        await uow.session.execute(insert(note_counts).values(village=envelope.village, count=1))
    else:
        await uow.session.execute(
            update(note_counts).where(note_counts.c.village == envelope.village).values(count=current + 1)
        )
    HANDLED.append(envelope.id)


def definition(policy: ConsumerPolicy | None = None) -> ServiceDefinition:
    return ServiceDefinition(
        name="demo",
        title="Demo",
        settings_type=DemoSettings,
        metadata=metadata,
        tables=tables,
        migrations=Path(__file__).parent / "migrations",
        routers=[router],
        uow_type=DemoUoW,
        consumes={"demo": {NoteCreatedV1: [count_note]}},
        consumer_policy=policy or ConsumerPolicy(max_deliver=3, backoff=(0.1, 0.1, 0.1), ack_wait=1.0),
    )


def create_app(settings: BaseServiceSettings, *, jwks_fetcher: JwksFetcher | None = None) -> FastAPI:
    return create_service_app(definition(), settings, jwks_fetcher=jwks_fetcher)
