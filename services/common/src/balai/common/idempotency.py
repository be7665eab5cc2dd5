"""Idempotency keys for create requests (`Idempotency-Key` header): a retried request makes one thing.

The key row is written in the same transaction as the state it produced. Two concurrent requests with
the same key both run, but only one commits (the second hits the primary key and rolls back whole), and
the loser answers with the winner's stored response. A key reused with a different request body is a
422 problem, not a silent replay. Keys are scoped (e.g. `orders:<buyer id>`), so one caller's key never
answers another caller.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from starlette.responses import JSONResponse

from balai.common.errors import Problem
from balai.common.uow import UnitOfWork

U = TypeVar("U", bound=UnitOfWork)
MAX_KEY_LENGTH = 200


REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: Any
    replayed: bool

    def as_response(self) -> JSONResponse:
        """The answer, with ``Idempotent-Replayed: true`` on a replay of a stored one (``false`` on the first)."""
        return JSONResponse(self.body, status_code=self.status, headers={REPLAYED_HEADER: str(self.replayed).lower()})


def fingerprint(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


async def run_idempotent(
    uow_factory: Callable[[], U],
    *,
    scope: str,
    key: str | None,
    request: Any,
    work: Callable[[U], Awaitable[tuple[int, Any]]],
) -> StoredResponse:
    """Run `work(uow)` (which must not commit) once per (scope, key); `work` returns (status, body)."""
    if key is not None and not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise Problem(400, "bad_idempotency_key", "Idempotency-Key harus 1-200 karakter.")
    fp = fingerprint(request)
    uow = uow_factory()
    async with uow:
        if key is not None:
            stored = await _lookup(uow, scope, key, fp)
            if stored is not None:
                return stored
        status, body = await work(uow)
        try:
            if key is not None:  # on PostgreSQL this waits for a concurrent twin, then fails
                await uow.session.execute(
                    insert(uow.tables.idempotency).values(
                        scope=scope,
                        key=key,
                        fingerprint=fp,
                        status=status,
                        body=json.dumps(body, default=str).encode(),
                        created_at=datetime.now(UTC),
                    )
                )
            await uow.commit()
        except IntegrityError:
            if key is None:
                raise
            await uow.rollback()
            stored = await _lookup(uow, scope, key, fp)
            if stored is None:
                raise
            return stored
    return StoredResponse(status, body, replayed=False)


async def _lookup(uow: UnitOfWork, scope: str, key: str, fp: str) -> StoredResponse | None:
    table = uow.tables.idempotency
    row = (
        await uow.session.execute(
            select(table.c.fingerprint, table.c.status, table.c.body).where(table.c.scope == scope, table.c.key == key)
        )
    ).first()
    if row is None:
        return None
    if row.fingerprint != fp:
        raise Problem(422, "idempotency_key_reused", "Idempotency-Key ini sudah dipakai untuk permintaan yang berbeda.")
    return StoredResponse(row.status, json.loads(row.body), replayed=True)
