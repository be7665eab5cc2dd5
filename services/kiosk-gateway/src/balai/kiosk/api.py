"""The local bridge the kiosk screen (the PWA's kiosk mode) talks to: parse -> handler, no logic here.

HTTP under ``/bridge`` and the WebSocket ``/bridge/events``; the wire format is in the service README.
Every request from the screen counts as activity for the idle timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from balai.common.errors import Problem
from balai.kiosk import handlers
from balai.kiosk.gateway import Gateway
from balai.kiosk.schemas import (
    LettersAnswer,
    LetterTypesAnswer,
    PrintAnswer,
    SessionAnswer,
    StatusAnswer,
    SubmitAnswer,
    TicketAnswer,
    UploadAnswer,
)

router = APIRouter(prefix="/bridge", tags=["bridge"])

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # letters' own limit
UPLOAD_TYPES = ("image/jpeg", "image/png", "application/pdf")
UPLOAD_BODY = {  # read from the raw stream (size-limited), so declared here for the OpenAPI document
    "requestBody": {
        "required": True,
        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in UPLOAD_TYPES},
    }
}
PinField = Annotated[str, Field(pattern=r"^\d{6}$", description="6 digit PIN")]


def gateway_of(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


Gw = Annotated[Gateway, Depends(gateway_of)]


class SessionStart(BaseModel):
    pin: PinField
    card_uid: Annotated[
        str | None,
        Field(
            default=None,
            min_length=1,
            max_length=40,
            description="Only for keyboard-style readers (the number they type); a card on the PC/SC reader wins.",
        ),
    ] = None


class PinChange(BaseModel):
    new_pin: PinField


class LetterRequest(BaseModel):
    """As the letters service takes it (``POST /villages/{code}/requests``), passed on as is."""

    model_config = ConfigDict(extra="allow")
    type: Annotated[str, Field(min_length=1, max_length=32, examples=["domisili"])]
    fields: dict[str, Any] = Field(default_factory=dict)
    attachments: list[str] = Field(default_factory=list, max_length=10, description="ids from /bridge/uploads")


class PrintRequest(BaseModel):
    letter_id: Annotated[str, Field(min_length=1, max_length=80, description="the id of the request")]


class TicketRequest(BaseModel):
    service: Annotated[str | None, Field(default=None, max_length=80)] = None


@router.get("/status", response_model=StatusAnswer, summary="Centre link, readers, card, session, printers, queue")
async def status(gw: Gw) -> dict[str, Any]:
    gw.session.touch()
    return await gw.status()


@router.post(
    "/session",
    response_model=SessionAnswer,
    response_model_exclude_none=True,
    summary="Log in: the card on the reader (or a typed card number) + PIN",
)
async def start_session(body: SessionStart, gw: Gw) -> dict[str, Any]:
    return await gw.session.login(body.pin, body.card_uid)


@router.post(
    "/session/pin",
    response_model=SessionAnswer,
    response_model_exclude_none=True,
    summary="First login: set the resident's own PIN, then log in with it",
)
async def change_pin(body: PinChange, gw: Gw) -> dict[str, Any]:
    return await gw.session.change_pin(body.new_pin)


@router.delete("/session", status_code=204, summary="Log out")
async def end_session(gw: Gw) -> Response:
    gw.session.end("logout")
    return Response(status_code=204)


@router.get("/letter-types", response_model=LetterTypesAnswer, summary="Letter types the resident can request")
async def letter_types(gw: Gw) -> dict[str, Any]:
    return await handlers.letter_types(gw)


@router.get(
    "/letters",
    response_model=LettersAnswer,
    summary="The resident's requests and letters (and those queued at this kiosk)",
)
async def letters(gw: Gw) -> dict[str, Any]:
    return await handlers.my_letters(gw)


@router.get("/aid", summary="The resident's and their family's social aid (needs the centre)")
async def aid(gw: Gw) -> dict[str, Any]:
    return await handlers.my_aid(gw)


@router.post(
    "/requests",
    response_model=SubmitAnswer,
    status_code=201,
    responses={202: {"model": SubmitAnswer, "description": "queued"}, 422: {"model": SubmitAnswer}},
    summary="Request a letter (queued locally while the centre is unreachable)",
)
async def request_letter(
    body: LetterRequest,
    gw: Gw,
    idempotency_key: Annotated[str | None, Header(min_length=1, max_length=200)] = None,
) -> JSONResponse:
    status_code, answer = await handlers.submit_request(gw, body.model_dump(exclude_none=True), idempotency_key)
    return JSONResponse(answer, status_code=status_code)


@router.post(
    "/uploads",
    status_code=201,
    response_model=UploadAnswer,
    summary="A document for a request (the raw body: a photo or PDF)",
    openapi_extra=UPLOAD_BODY,
)
async def upload(
    request: Request,
    gw: Gw,
    kind: Annotated[str, Query(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="e.g. pengantar_rt_rw")],
) -> dict[str, Any]:
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > MAX_UPLOAD_BYTES:
            raise Problem(413, "upload_too_large", "Berkas lebih dari 5 MB.")
    content_type = request.headers.get("content-type", "application/octet-stream")
    return await handlers.upload_document(gw, kind, bytes(data), content_type)


@router.post("/print", status_code=202, response_model=PrintAnswer, summary="Print an issued letter on the A4 printer")
async def print_letter(body: PrintRequest, gw: Gw) -> dict[str, Any]:
    return await handlers.print_letter(gw, body.letter_id)


@router.post("/ticket", status_code=201, response_model=TicketAnswer, summary="Print a queue ticket")
async def ticket(gw: Gw, body: TicketRequest | None = None) -> dict[str, Any]:
    return await handlers.issue_ticket(gw, body.service if body else None)


@router.websocket("/events")
async def events(websocket: WebSocket) -> None:
    gw: Gateway = websocket.app.state.gateway
    await websocket.accept()
    with gw.hub.subscribe() as queue:
        for event in gw.greeting():
            await websocket.send_json(event)
        reader = asyncio.create_task(_read_activity(websocket, gw))
        try:
            while not reader.done():
                getter = asyncio.ensure_future(queue.get())
                done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
                if getter not in done:
                    getter.cancel()
                    break
                await websocket.send_json(getter.result())
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
                await reader


async def _read_activity(websocket: WebSocket, gw: Gateway) -> None:
    """Messages from the screen: ``{"type": "activity"}`` (a touch) keeps the session from going idle."""
    while True:
        message = await websocket.receive_text()
        with contextlib.suppress(ValueError, AttributeError):
            if json.loads(message).get("type") in ("activity", "ping"):
                gw.session.touch()
