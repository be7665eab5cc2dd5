"""What every route shares: the keyed hasher, the write wrapper (idempotency), uploads with a size cap."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from balai.aid.config import Settings
from balai.aid.domain.numbers import Hasher
from balai.aid.uow import AidUnitOfWork, new_uow
from balai.common.auth import Principal
from balai.common.errors import Problem
from balai.common.idempotency import run_idempotent
from balai.common.privacy import personal_number_hash
from balai.common.service import runtime_of

IdempotencyKey = Annotated[
    str | None, Header(description="Makes a retried create answer with the first result instead of creating twice.")
]


def settings_of(request: Request) -> Settings:
    settings = runtime_of(request).settings
    assert isinstance(settings, Settings)
    return settings


def _hasher(request: Request) -> Hasher:
    key = settings_of(request).nik_hash_key.get_secret_value()

    def hash_number(number: str, kind: str) -> str:
        return personal_number_hash(number, key, kind=kind)

    return hash_number


NumberHasher = Annotated[Hasher, Depends(_hasher)]
AppSettings = Annotated[Settings, Depends(settings_of)]


async def write(
    request: Request,
    caller: Principal,
    scope: str,
    work: Callable[[AidUnitOfWork], Awaitable[BaseModel]],
    *,
    status: int = 200,
    key: str | None = None,
    body: Any = None,
) -> JSONResponse:
    """Run `work` (a handler, its result as the answer) in one transaction and answer with `status`; with
    an Idempotency-Key `key`, a retry with the same `body` answers the stored response."""

    async def run(uow: AidUnitOfWork) -> tuple[int, Any]:
        return status, (await work(uow)).model_dump(mode="json")

    result = await run_idempotent(
        lambda: new_uow(request), scope=f"aid:{scope}:{caller.subject}", key=key, request=body, work=run
    )
    return result.as_response()


async def read_upload(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes (not after buffering it all)."""
    declared = request.headers.get("content-length", "")
    too_large = Problem(413, "file_too_large", f"Berkas terlalu besar; paling besar {limit // (1024 * 1024) or 1} MB.")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    received = bytearray()
    async for chunk in request.stream():
        received.extend(chunk)
        if len(received) > limit:
            raise too_large
    if not received:
        raise Problem(422, "import_empty_file", "Kirim berkas .xlsx atau .csv sebagai isi permintaan.")
    return bytes(received)
