"""Read side: a request with its history, lists for staff and residents, the archive (no writes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Row

from balai.letters.domain import LetterRequest
from balai.letters.policy import dotted
from balai.letters.uow import LettersUnitOfWork

__all__ = ["archive_page", "request_detail", "request_page"]

MAX_PAGE = 100


async def request_detail(uow: LettersUnitOfWork, request: LetterRequest) -> dict[str, Any]:
    letter = await uow.letters.get(request.id)
    return {
        "id": str(request.id),
        "village": dotted(request.village),
        "resident_id": str(request.resident_id),
        "type_code": request.type_code,
        "type_title": await uow.requests.type_title(request.id),
        "state": request.state.value,
        "channel": request.channel,
        "fields": request.fields,
        "resubmissions": request.resubmissions,
        "created_at": request.created_at.isoformat(),
        "updated_at": request.updated_at.isoformat(),
        "attachments": [a.to_json() for a in await uow.requests.attachments_of(request.id)],
        "history": await uow.requests.history(request.id),
        "letter": letter.summary() if letter is not None else None,
        "pdf_url": f"/requests/{request.id}/pdf" if letter is not None and letter.ready else None,
    }


def _summary(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "village": dotted(row.village),
        "resident_id": str(row.resident_id),
        "type_code": row.type_code,
        "type_title": row.type_title,
        "state": row.state,
        "channel": row.channel,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def _page(rows: Sequence[Row[Any]], limit: int) -> dict[str, Any]:
    items = [_summary(r) for r in rows]
    return {"items": items, "next_before": items[-1]["id"] if len(items) == limit else None}


async def request_page(
    uow: LettersUnitOfWork,
    *,
    village: str | None = None,
    resident_id: UUID | None = None,
    state: str | None = None,
    type_code: str | None = None,
    before: UUID | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    limit = max(1, min(limit, MAX_PAGE))
    rows = await uow.requests.summaries(
        village=village, resident_id=resident_id, state=state, type_code=type_code, before=before, limit=limit
    )
    return _page(rows, limit)


async def archive_page(
    uow: LettersUnitOfWork, village: str, *, year: int | None, before: str | None, limit: int
) -> dict[str, Any]:
    limit = max(1, min(limit, MAX_PAGE))
    rows = await uow.letters.archive(village, year=year, before=before, limit=limit)
    items = [
        {
            "request_id": str(r.request_id),
            "number": r.number,
            "type_code": r.type_code,
            "type_title": r.type_title,
            "resident_id": str(r.resident_id),
            "holder": r.holder_name_masked,
            "issued_on": r.issued_on.isoformat(),
            "valid_until": r.valid_until.isoformat() if r.valid_until else None,
            "signer_name": r.signer_name,
            "pdf_ready": r.rendered_at is not None,
            "pdf_sha256": r.pdf_sha256,
            "revoked": r.revoked_at is not None,
            "signed_at": r.signed_at.isoformat(),
        }
        for r in rows
    ]
    return {"items": items, "next_before": items[-1]["signed_at"] if len(items) == limit else None}
