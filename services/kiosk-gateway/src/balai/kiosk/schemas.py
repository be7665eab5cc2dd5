"""The bridge's answers, as the kiosk screen reads them (its OpenAPI types the PWA's bridge client).

What comes from the centre untouched (letters' letter types and requests, aid's ``/me/aid``) stays an
open object here: the centre's own OpenAPI describes it, and the gateway passes it on as it is.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "LetterTypesAnswer",
    "LettersAnswer",
    "PrintAnswer",
    "QueuedRequest",
    "SessionAnswer",
    "StatusAnswer",
    "SubmitAnswer",
    "TicketAnswer",
    "UploadAnswer",
]

CentreObject = dict[str, Any]


class SessionAnswer(BaseModel):
    status: Literal["active", "must_change_pin"] = Field(
        description="active: the session runs; must_change_pin: a first login, set a new PIN with /session/pin"
    )
    expires_in: int | None = Field(default=None, description="seconds until identity's token runs out")
    idle_timeout_s: float | None = Field(default=None, description="the session ends after this long untouched")
    resident_name: str | None = Field(default=None, description="for the greeting; left out if the centre cannot say")


class QueuedRequest(BaseModel):
    """A letter request in this kiosk's queue (no token, nothing the screen should not show)."""

    local_id: str
    letter_type: str
    status: Literal["pending", "waiting_auth", "sent", "failed"]
    created_at: str = Field(description="ISO 8601 with offset")
    attempts: int
    error: str | None = Field(description="the centre's reason, for a failed request")
    request: CentreObject | None = Field(description="letters' answer once sent")


class SubmitAnswer(QueuedRequest):
    """201 submitted (letters took it), 202 queued (sent when the link returns), 422 failed."""

    status: Literal["submitted", "queued", "failed"]  # type: ignore[assignment]


class LetterTypesAnswer(BaseModel):
    centre_online: bool = Field(description="false: the list is the one kept from the last time online")
    items: list[CentreObject] = Field(description="letters' letter types of the resident's village")


class LettersAnswer(BaseModel):
    centre_online: bool
    items: list[CentreObject] = Field(description="letters' /me/requests (the last list while offline)")
    queued: list[QueuedRequest] = Field(description="the resident's requests in this kiosk's queue")


class UploadAnswer(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(description="attach it to the request (`attachments`)")


class PrintAnswer(BaseModel):
    job_id: str = Field(description="progress arrives as print.status events with this job id")


class TicketAnswer(BaseModel):
    number: str = Field(examples=["A-001"])
    service: str
    issued_at: str


class StatusReader(BaseModel):
    connected: bool
    name: str | None = None


class StatusPrinter(BaseModel):
    ready: bool
    message: str = ""


class StatusTicketPrinter(BaseModel):
    configured: bool
    reachable: bool | None = None


class StatusAnswer(BaseModel):
    """The gateway at a glance (the heartbeat's status plus the connected screen's snapshot)."""

    model_config = ConfigDict(extra="allow")
    device_id: str | None
    village: str | None
    centre_online: bool
    card_present: bool
    reader: StatusReader
    printer: StatusPrinter
    ticket_printer: StatusTicketPrinter
    queue_length: int
    version: str
