"""Read side: a request with its history, lists for staff and residents, the archive (no writes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Row

from balai.common.timestamps import utc_iso
from balai.letters.domain import LetterRequest
from balai.letters.policy import dotted
from balai.letters.schemas_requests import HistoryEntryOut, RequestOut, RequestPageOut, RequestSummaryOut
from balai.letters.schemas_villages import ArchiveEntryOut, ArchivePageOut
from balai.letters.uow import LettersUnitOfWork

__all__ = ["archive_page", "request_detail", "request_page"]

MAX_PAGE = 100


async def request_detail(uow: LettersUnitOfWork, request: LetterRequest) -> RequestOut:
    return RequestOut.of(
        request,
        type_title=await uow.requests.type_title(request.id),
        attachments=await uow.requests.attachments_of(request.id),
        history=[HistoryEntryOut.model_validate(h) for h in await uow.requests.history(request.id)],
        letter=await uow.letters.get(request.id),
    )


def _summary(row: Row[Any]) -> RequestSummaryOut:
    return RequestSummaryOut(
        id=row.id,
        village=dotted(row.village),
        resident_id=row.resident_id,
        type_code=row.type_code,
        type_title=row.type_title,
        state=row.state,
        channel=row.channel,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _page(rows: Sequence[Row[Any]], limit: int) -> RequestPageOut:
    items = [_summary(r) for r in rows]
    return RequestPageOut(items=items, next_before=items[-1].id if len(items) == limit else None)


async def request_page(
    uow: LettersUnitOfWork,
    *,
    village: str | None = None,
    resident_id: UUID | None = None,
    state: str | None = None,
    type_code: str | None = None,
    before: UUID | None = None,
    limit: int = 50,
) -> RequestPageOut:
    limit = max(1, min(limit, MAX_PAGE))
    rows = await uow.requests.summaries(
        village=village, resident_id=resident_id, state=state, type_code=type_code, before=before, limit=limit
    )
    return _page(rows, limit)


async def archive_page(
    uow: LettersUnitOfWork, village: str, *, year: int | None, before: str | None, limit: int
) -> ArchivePageOut:
    limit = max(1, min(limit, MAX_PAGE))
    rows = await uow.letters.archive(village, year=year, before=before, limit=limit)
    items = [
        ArchiveEntryOut(
            request_id=r.request_id,
            number=r.number,
            type_code=r.type_code,
            type_title=r.type_title,
            resident_id=r.resident_id,
            holder=r.holder_name_masked,
            issued_on=r.issued_on,
            valid_until=r.valid_until,
            signer_name=r.signer_name,
            pdf_ready=r.rendered_at is not None,
            pdf_sha256=r.pdf_sha256,
            revoked=r.revoked_at is not None,
            signed_at=r.signed_at,
        )
        for r in rows
    ]
    return ArchivePageOut(items=items, next_before=utc_iso(items[-1].signed_at) if len(items) == limit else None)
