"""Answers of the request routes (:mod:`balai.letters.api_requests`): a request, its documents, history and letter.

Shapes only, no rules. Timestamps are :data:`~balai.common.timestamps.UtcDateTime` (UTC, written with
``+00:00``); dates are ``YYYY-MM-DD``; villages are dotted Kemendagri codes (``33.17.09.2016``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from balai.common.timestamps import UtcDateTime
from balai.letters.domain import Action, LetterRequest, State
from balai.letters.policy import dotted
from balai.letters.records import Attachment, Letter

__all__ = [
    "AttachmentOut",
    "DottedVillage",
    "HistoryEntryOut",
    "LetterOut",
    "RequestOut",
    "RequestPageOut",
    "RequestSummaryOut",
]

Channel = Literal["pwa", "kiosk", "counter"]
ActorRole = Literal["kades", "operator", "resident", "other", "system"]
UploadType = Literal["image/jpeg", "image/png", "image/webp", "application/pdf"]
FieldValue = str | int | None
DottedVillage = Annotated[str, Field(description="Kemendagri village code, dotted", examples=["33.17.09.2016"])]


class AttachmentOut(BaseModel):
    """A document uploaded for a request (a photo or PDF); its content is ``GET /attachments/{id}``."""

    id: UUID
    kind: str = Field(description="the document's key in the letter type, e.g. pengantar_rt_rw")
    content_type: UploadType
    size: int = Field(description="bytes")
    sha256: str
    created_at: UtcDateTime

    @classmethod
    def of(cls, a: Attachment) -> AttachmentOut:
        return cls(
            id=a.id, kind=a.kind, content_type=a.content_type, size=a.size, sha256=a.sha256, created_at=a.created_at
        )


class HistoryEntryOut(BaseModel):
    """One step of a request's workflow, oldest first."""

    action: Action
    state: State = Field(description="the request's state after this step")
    actor_role: ActorRole = Field(description="'system' for steps the service takes itself (issue)")
    actor: str = Field(description="the token subject who acted, or 'system'")
    reason: str | None = Field(description="given with return, reject and revoke")
    at: UtcDateTime


class LetterOut(BaseModel):
    """The signed letter of a request."""

    number: str = Field(examples=["470/012/35.07.01.2001/XI/2026"])
    issued_on: dt.date
    valid_until: dt.date | None = Field(description="null: the letter does not expire")
    signer_name: str
    signer_position: str
    signer_on_behalf_of: str | None = Field(description="'a.n.' line when an operator signed for the kades")
    pdf_ready: bool = Field(description="the PDF is rendered (shortly after signing)")
    pdf_sha256: str | None
    revoked_at: UtcDateTime | None
    revocation_reason: str | None

    @classmethod
    def of(cls, letter: Letter) -> LetterOut:
        return cls(
            number=letter.number,
            issued_on=letter.issued_on,
            valid_until=letter.valid_until,
            signer_name=letter.signer_name,
            signer_position=letter.signer_position,
            signer_on_behalf_of=letter.signer_on_behalf_of,
            pdf_ready=letter.ready,
            pdf_sha256=letter.pdf_sha256,
            revoked_at=letter.revoked_at,
            revocation_reason=letter.revocation_reason,
        )


class RequestSummaryOut(BaseModel):
    """A request in a list."""

    id: UUID
    village: DottedVillage
    resident_id: UUID
    type_code: str
    type_title: str
    state: State
    channel: Channel = Field(description="where it was submitted: the resident's app, a kiosk, the office counter")
    created_at: UtcDateTime
    updated_at: UtcDateTime


class RequestOut(RequestSummaryOut):
    """A request with its field values, documents, history and (once signed) its letter."""

    fields: dict[str, FieldValue] = Field(
        description="the letter type's fields: text, choice and date (YYYY-MM-DD) as strings, numbers as "
        "integers, an optional field left empty as null"
    )
    resubmissions: int
    attachments: list[AttachmentOut]
    history: list[HistoryEntryOut]
    letter: LetterOut | None
    pdf_url: str | None = Field(description="where the letter's PDF is, once rendered (follows the mount point)")

    @classmethod
    def of(
        cls,
        request: LetterRequest,
        *,
        type_title: str,
        attachments: list[Attachment],
        history: list[HistoryEntryOut],
        letter: Letter | None,
    ) -> RequestOut:
        return cls(
            id=request.id,
            village=dotted(request.village),
            resident_id=request.resident_id,
            type_code=request.type_code,
            type_title=type_title,
            state=request.state,
            channel=request.channel,
            fields=request.fields,
            resubmissions=request.resubmissions,
            created_at=request.created_at,
            updated_at=request.updated_at,
            attachments=[AttachmentOut.of(a) for a in attachments],
            history=history,
            letter=LetterOut.of(letter) if letter is not None else None,
            pdf_url=f"/requests/{request.id}/pdf" if letter is not None and letter.ready else None,
        )


class RequestPageOut(BaseModel):
    """Requests newest first; ask for the next page with ``before=next_before``."""

    items: list[RequestSummaryOut]
    next_before: UUID | None = Field(description="null on the last page")
