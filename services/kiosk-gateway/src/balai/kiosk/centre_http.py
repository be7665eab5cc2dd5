"""The centre over HTTPS (httpx): identity's kiosk login, PIN change and heartbeat; letters' resident API.

Every answer (or failure to get one) is reported to ``on_reachable``, so the gateway knows whether the
link is up without probing separately; the centre's ``Date`` header gives the clock offset used when
signing assertions. Tests pass their own ``httpx.AsyncClient`` (``ASGITransport`` to real apps).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import httpx

from balai.kiosk.centre import CentreRejected, CentreUnavailable, LoginResult
from balai.kiosk.config import CentreConfig

__all__ = ["HttpCentreClient"]

log = logging.getLogger(__name__)

_UNAVAILABLE = frozenset({502, 503, 504})
MAX_PDF_BYTES = 20 * 1024 * 1024


class HttpCentreClient:
    """A :class:`~balai.kiosk.centre.CentreClient` on the centre's HTTP APIs."""

    # letters' resident routes, relative to letters_path (one place to follow the letters API)
    LETTER_TYPES = "/villages/{village}/letter-types"
    MY_REQUESTS = "/me/requests"
    REQUESTS = "/villages/{village}/requests"
    UPLOADS = "/villages/{village}/uploads"
    LETTER_PDF = "/requests/{request_id}/pdf"
    ME = "/me"  # identity: the signed-in resident
    MY_AID = "/me/aid"  # aid: the resident's and their family's aid

    def __init__(
        self,
        config: CentreConfig,
        *,
        http: httpx.AsyncClient | None = None,
        on_reachable: Callable[[bool], None] | None = None,
        user_agent: str = "balai-kiosk",
    ) -> None:
        self._config = config
        self._http = http or httpx.AsyncClient(
            base_url=config.url,
            timeout=httpx.Timeout(config.timeout_s, connect=min(config.timeout_s, 5.0)),
            verify=config.ca_file or True,
            headers={"User-Agent": user_agent},
        )
        self.on_reachable = on_reachable
        self.clock_offset = 0.0

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- transport ---------------------------------------------------------------------------------
    async def _call(self, method: str, url: str, *, token: str | None = None, **kwargs: Any) -> httpx.Response:
        if not self._config.url and not str(self._http.base_url):
            raise CentreUnavailable("no centre configured ([centre] url)")
        headers = dict(kwargs.pop("headers", {}) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = await self._http.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as exc:  # connection refused, DNS, TLS, timeout, protocol
            self._report(False)
            raise CentreUnavailable(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
        if response.status_code in _UNAVAILABLE:
            self._report(False)
            raise CentreUnavailable(f"{method} {url}: HTTP {response.status_code}")
        self._report(True)
        self._note_clock(response)
        if response.status_code >= 400:
            raise _rejected(response)
        return response

    def _report(self, reachable: bool) -> None:
        if self.on_reachable is not None:
            self.on_reachable(reachable)

    def _note_clock(self, response: httpx.Response) -> None:
        date = response.headers.get("date")
        if not date:
            return
        try:
            offset = parsedate_to_datetime(date).timestamp() - time.time()
        except (TypeError, ValueError):
            return
        # Date has a resolution of one second: only correct a clock that is clearly off.
        self.clock_offset = offset if abs(offset) > 5 else 0.0

    def _identity(self, path: str) -> str:
        return self._config.identity_path + path

    def _letters(self, path: str) -> str:
        return self._config.letters_path + path

    def _aid(self, path: str) -> str:
        return self._config.aid_path + path

    # -- CentreClient ------------------------------------------------------------------------------
    async def ping(self) -> None:
        await self._call("GET", self._identity("/healthz"))

    async def kiosk_login(self, assertion: str, card_uid: str, pin: str) -> LoginResult:
        response = await self._call(
            "POST",
            self._identity("/auth/kiosk/login"),
            json={"assertion": assertion, "card_uid": card_uid, "pin": pin},
        )
        body = response.json()
        if body.get("must_change_pin"):
            return LoginResult(must_change_pin=True, change_token=body["change_token"], expires_in=body["expires_in"])
        return LoginResult(must_change_pin=False, access_token=body["access_token"], expires_in=body["expires_in"])

    async def change_pin(self, change_token: str, new_pin: str) -> None:
        response = await self._call(
            "POST", self._identity("/auth/pin/change"), token=change_token, json={"new_pin": new_pin}
        )
        refresh = response.json().get("refresh_token")
        if refresh:  # the kiosk logs in again with card + PIN; a long-lived token must not linger
            try:
                await self._call("POST", self._identity("/auth/logout"), json={"refresh_token": refresh})
            except (CentreUnavailable, CentreRejected) as exc:
                log.warning("could not revoke the refresh token from the PIN change: %s", exc)

    async def resident_name(self, token: str) -> str | None:
        name = (await self._call("GET", self._identity(self.ME), token=token)).json().get("name")
        return str(name) if name else None

    async def whoami(self, assertion: str) -> dict[str, Any] | None:
        try:
            response = await self._call("POST", self._identity("/devices/whoami"), json={"assertion": assertion})
        except CentreRejected as exc:
            if exc.status == 404:
                return None
            raise
        answer: dict[str, Any] = response.json()
        return answer

    async def heartbeat(self, assertion: str, status: dict[str, Any]) -> bool:
        try:
            await self._call(
                "POST", self._identity("/devices/heartbeat"), json={"assertion": assertion, "status": status}
            )
        except CentreRejected as exc:
            if exc.status in (404, 405):
                return False
            raise
        return True

    async def letter_types(self, token: str, village: str) -> list[dict[str, Any]]:
        path = self.LETTER_TYPES.format(village=quote(village, safe=""))
        return _items(await self._call("GET", self._letters(path), token=token))

    async def my_requests(self, token: str) -> list[dict[str, Any]]:
        return _items(await self._call("GET", self._letters(self.MY_REQUESTS), token=token))

    async def submit_request(
        self, token: str, village: str, body: dict[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        response = await self._call(
            "POST",
            self._letters(self.REQUESTS.format(village=quote(village, safe=""))),
            token=token,
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )
        answer: dict[str, Any] = response.json()
        return answer

    async def upload_document(
        self, token: str, village: str, kind: str, data: bytes, content_type: str
    ) -> dict[str, Any]:
        response = await self._call(
            "POST",
            self._letters(self.UPLOADS.format(village=quote(village, safe=""))),
            token=token,
            params={"kind": kind},
            content=data,
            headers={"Content-Type": content_type},
        )
        answer: dict[str, Any] = response.json()
        return answer

    async def letter_pdf(self, token: str, request_id: str) -> bytes:
        path = self._letters(self.LETTER_PDF.format(request_id=quote(request_id, safe="")))
        response = await self._call("GET", path, token=token, headers={"Accept": "application/pdf"})
        pdf = response.content
        if len(pdf) > MAX_PDF_BYTES or not pdf.startswith(b"%PDF-"):
            raise CentreRejected(502, "not_a_pdf", "Berkas surat dari kantor desa tidak dapat dibaca.")
        return pdf

    async def my_aid(self, token: str) -> dict[str, Any]:
        answer: dict[str, Any] = (await self._call("GET", self._aid(self.MY_AID), token=token)).json()
        return answer


def _items(response: httpx.Response) -> list[dict[str, Any]]:
    """A list, or a page object with ``items`` (either shape is accepted)."""
    body = response.json()
    if isinstance(body, dict):
        body = body.get("items", [])
    return [item for item in body if isinstance(item, dict)]


def _rejected(response: httpx.Response) -> CentreRejected:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    retry_after = response.headers.get("retry-after")
    return CentreRejected(
        response.status_code,
        str(body.get("code") or f"http_{response.status_code}"),
        str(body.get("detail") or "Permintaan ditolak oleh kantor desa."),
        retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None,
        body=body,
    )
