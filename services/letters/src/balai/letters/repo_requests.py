"""Repository of letter requests, their history and attachments (SQL only, no rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from balai.common.errors import Problem
from balai.letters.domain import LetterRequest, State
from balai.letters.models import attachments, letter_requests, request_history
from balai.letters.records import Attachment


def _request(row: Row[Any]) -> LetterRequest:
    return LetterRequest(
        id=row.id,
        village=row.village,
        resident_id=row.resident_id,
        type_code=row.type_code,
        fields=dict(row.fields),
        attachments=(),
        state=State(row.state),
        channel=row.channel,
        submitted_by=row.submitted_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        verified_by=row.verified_by,
        checked_by=row.checked_by,
        signed_by=row.signed_by,
        resubmissions=row.resubmissions,
    )


def _attachment(row: Row[Any]) -> Attachment:
    return Attachment(
        id=row.id,
        village=row.village,
        resident_id=row.resident_id,
        request_id=row.request_id,
        kind=row.kind,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
        storage_key=row.storage_key,
        uploaded_by=row.uploaded_by,
        created_at=row.created_at,
    )


class RequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, request_id: UUID, *, for_update: bool = False) -> LetterRequest | None:
        query = select(letter_requests).where(letter_requests.c.id == request_id)
        if for_update:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        request = _request(row)
        request.attachments = tuple(a.id for a in await self.attachments_of(request_id))
        return request

    async def add(self, request: LetterRequest, type_title: str) -> None:
        await self.session.execute(
            insert(letter_requests).values(
                id=request.id,
                village=request.village,
                resident_id=request.resident_id,
                type_code=request.type_code,
                type_title=type_title,
                fields=request.fields,
                state=request.state.value,
                channel=request.channel,
                submitted_by=request.submitted_by,
                verified_by=request.verified_by,
                checked_by=request.checked_by,
                signed_by=request.signed_by,
                resubmissions=request.resubmissions,
                created_at=request.created_at,
                updated_at=request.updated_at,
            )
        )
        await self._append_history(request)

    async def save(self, request: LetterRequest, previous: State) -> None:
        """Write the request's new state; refuses (409) if someone else moved it on meanwhile."""
        result = await self.session.execute(
            update(letter_requests)
            .where(letter_requests.c.id == request.id, letter_requests.c.state == previous.value)
            .values(
                fields=request.fields,
                state=request.state.value,
                verified_by=request.verified_by,
                checked_by=request.checked_by,
                signed_by=request.signed_by,
                resubmissions=request.resubmissions,
                updated_at=request.updated_at,
            )
        )
        if getattr(result, "rowcount", 1) != 1:
            raise Problem(409, "concurrent_change", "Permohonan baru saja diubah petugas lain. Muat ulang.")
        await self._append_history(request)

    async def _append_history(self, request: LetterRequest) -> None:
        if request.new_transitions:
            await self.session.execute(
                insert(request_history),
                [
                    {
                        "request_id": request.id,
                        "action": t.action.value,
                        "state": t.state.value,
                        "actor": t.actor,
                        "actor_role": t.actor_role,
                        "reason": t.reason,
                        "at": t.at,
                    }
                    for t in request.new_transitions
                ],
            )

    async def history(self, request_id: UUID) -> list[dict[str, Any]]:
        rows = await self.session.execute(
            select(request_history).where(request_history.c.request_id == request_id).order_by(request_history.c.seq)
        )
        return [
            {
                "action": r.action,
                "state": r.state,
                "actor_role": r.actor_role,
                "actor": r.actor,
                "reason": r.reason,
                "at": r.at,
            }
            for r in rows
        ]

    async def summaries(
        self,
        *,
        village: str | None = None,
        resident_id: UUID | None = None,
        state: str | None = None,
        type_code: str | None = None,
        before: UUID | None = None,
        limit: int = 50,
    ) -> Sequence[Any]:
        """Newest first (ids are UUIDv7, so they sort by creation); keyset pagination with ``before``."""
        t = letter_requests
        query = select(t.c.id, t.c.village, t.c.resident_id, t.c.type_code, t.c.type_title, t.c.state)
        query = query.add_columns(t.c.channel, t.c.created_at, t.c.updated_at)
        if village is not None:
            query = query.where(t.c.village == village)
        if resident_id is not None:
            query = query.where(t.c.resident_id == resident_id)
        if state is not None:
            query = query.where(t.c.state == state)
        if type_code is not None:
            query = query.where(t.c.type_code == type_code)
        if before is not None:
            query = query.where(t.c.id < before)
        return (await self.session.execute(query.order_by(t.c.id.desc()).limit(limit))).all()

    async def type_title(self, request_id: UUID) -> str:
        title = await self.session.scalar(
            select(letter_requests.c.type_title).where(letter_requests.c.id == request_id)
        )
        return str(title or "")

    # --- attachments ---------------------------------------------------------------------------
    async def add_attachment(self, attachment: Attachment) -> None:
        values = {c.name: getattr(attachment, c.name) for c in attachments.c}
        await self.session.execute(insert(attachments).values(**values))

    async def attachment(self, attachment_id: UUID) -> Attachment | None:
        row = (await self.session.execute(select(attachments).where(attachments.c.id == attachment_id))).first()
        return None if row is None else _attachment(row)

    async def attachments_by_id(self, ids: Sequence[UUID]) -> list[Attachment]:
        if not ids:
            return []
        rows = await self.session.execute(select(attachments).where(attachments.c.id.in_(list(ids))))
        return [_attachment(r) for r in rows]

    async def attachments_of(self, request_id: UUID) -> list[Attachment]:
        rows = await self.session.execute(
            select(attachments).where(attachments.c.request_id == request_id).order_by(attachments.c.created_at)
        )
        return [_attachment(r) for r in rows]

    async def link_attachments(self, request_id: UUID, ids: Sequence[UUID]) -> None:
        """Attach exactly ``ids`` to the request (a resubmission may replace earlier uploads)."""
        await self.session.execute(
            update(attachments)
            .where(attachments.c.request_id == request_id, attachments.c.id.not_in(list(ids) or [request_id]))
            .values(request_id=None)
        )
        if ids:
            await self.session.execute(
                update(attachments).where(attachments.c.id.in_(list(ids))).values(request_id=request_id)
            )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
