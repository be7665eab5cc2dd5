"""What the kiosk needs from the centre, as a Protocol; :mod:`balai.kiosk.centre_http` implements it.

Two kinds of failure, because the gateway treats them differently:

- :class:`CentreUnavailable`: the centre could not be reached or answered "not now" (connection error,
  timeout, 502/503/504). The link is offline; requests wait in the local queue and are sent later.
- :class:`CentreRejected`: the centre answered and said no (problem details: 401 wrong PIN, 429 locked
  out with ``retry_after``, 422 invalid fields...). ``detail`` is the centre's Indonesian text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["CentreClient", "CentreRejected", "CentreUnavailable", "LoginResult"]


class CentreUnavailable(Exception):
    """The centre cannot be reached now (the kiosk is offline, or the centre is down)."""


class CentreRejected(Exception):
    """The centre refused the request (an RFC 9457 problem)."""

    def __init__(
        self, status: int, code: str, detail: str, *, retry_after: int | None = None, body: Any = None
    ) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.retry_after = retry_after
        self.body = body


@dataclass(frozen=True)
class LoginResult:
    """Identity's answer to a kiosk login: a session token, or a request to change the PIN first."""

    must_change_pin: bool
    access_token: str | None = None
    expires_in: int = 0
    change_token: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class CentreClient(Protocol):
    """The centre, as the kiosk gateway uses it. Every method raises CentreUnavailable / CentreRejected."""

    clock_offset: float
    """Centre time minus local time, in seconds, from the centre's Date headers (0 when unknown)."""
    on_reachable: Callable[[bool], None] | None
    """Called after every call: True when the centre answered, False when it could not be reached."""

    async def ping(self) -> None:
        """Succeeds when the centre answers at all."""
        ...

    # identity
    async def kiosk_login(self, assertion: str, card_uid: str, pin: str) -> LoginResult: ...

    async def change_pin(self, change_token: str, new_pin: str) -> None: ...

    async def resident_name(self, token: str) -> str | None:
        """The signed-in resident's name, for the greeting on screen (None when the centre has none)."""
        ...

    async def whoami(self, assertion: str) -> dict[str, Any] | None:
        """``{"device_id", "village", "name"}`` once this kiosk's key is enrolled; None while it is not."""
        ...

    async def heartbeat(self, assertion: str, status: dict[str, Any]) -> bool:
        """True when the centre took it; False when it has no heartbeat endpoint yet (404)."""
        ...

    # letters (with the resident's kiosk session token; ``village`` = compact code from the token)
    async def letter_types(self, token: str, village: str) -> list[dict[str, Any]]: ...

    async def my_requests(self, token: str) -> list[dict[str, Any]]: ...

    async def submit_request(
        self, token: str, village: str, body: dict[str, Any], idempotency_key: str
    ) -> dict[str, Any]: ...

    async def upload_document(
        self, token: str, village: str, kind: str, data: bytes, content_type: str
    ) -> dict[str, Any]:
        """A document for a request (a photo of the RT/RW cover letter...); ``{"id": ...}`` to attach."""
        ...

    async def letter_pdf(self, token: str, request_id: str) -> bytes:
        """The issued letter of a request; CentreRejected(409, "pdf_not_ready") while it is rendered."""
        ...

    # aid (the resident's own and their family's enrolments and disbursements)
    async def my_aid(self, token: str) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...
