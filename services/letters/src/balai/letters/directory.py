"""Where a letter's resident and village data come from: identity, behind a small protocol.

The read model (built from identity's events) knows residents without their NIK. A printed letter needs
the NIK and the full register entry, so the PDF renderer asks identity's internal endpoint
``GET /internal/residents/{id}`` with a service account's token (``POST /auth/staff/login``; the token is
cached until shortly before it expires). Village profiles (head, address) and the letterhead logo come
from ``GET /villages/{code}`` and ``GET /villages/{code}/logo``; both are optional -- the letter falls back
to the read model's village data and a neutral placeholder logo.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Mapping
from typing import Any, Protocol
from uuid import UUID

import httpx
from pydantic import BaseModel, ConfigDict

__all__ = [
    "DirectoryUnavailable",
    "FakeResidentDirectory",
    "HttpResidentDirectory",
    "ResidentAddress",
    "ResidentDirectory",
    "ResidentNotFound",
    "ResidentRecord",
    "VillageProfile",
]


class ResidentNotFound(LookupError):
    """Identity does not know the resident (retrying will not help)."""


class DirectoryUnavailable(RuntimeError):
    """Identity could not be asked right now (retry later)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ResidentAddress(_Model):
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    street: str = ""


class ResidentRecord(_Model):
    """A resident's full document data as identity's internal endpoint returns it."""

    resident_id: UUID
    village: str
    nik: str
    kk_number: str | None = None
    name: str
    sex: str
    birth_place: str
    birth_date: dt.date
    religion: str
    marital_status: str
    occupation: str
    education: str = ""
    nationality: str = "WNI"
    relationship: str = ""
    status: str = "living"
    address: ResidentAddress = ResidentAddress()


class VillageProfile(_Model):
    code: str
    name: str
    district_name: str
    regency_name: str
    province_name: str = ""
    head_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    has_logo: bool = False


class ResidentDirectory(Protocol):
    async def resident(self, resident_id: UUID) -> ResidentRecord:
        """Full document data; raises :class:`ResidentNotFound` or :class:`DirectoryUnavailable`."""
        ...

    async def village(self, code: str) -> VillageProfile | None:
        """The village's profile, or None when identity cannot tell (the caller falls back)."""
        ...

    async def logo(self, code: str) -> bytes | None:
        """The letterhead logo as PNG, or None."""
        ...

    async def labels(self) -> Mapping[str, Mapping[str, str]]:
        """Indonesian labels of the register's coded values (sex, religion, occupation...)."""
        ...

    async def aclose(self) -> None: ...


class HttpResidentDirectory:
    """The directory over identity's HTTP API (inject ``client`` to talk to an in-process identity)."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        client: httpx.AsyncClient | None = None,
        timeout: float = 5.0,
        logo_ttl: float = 600.0,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._username = username
        self._password = password
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._owns_client = client is None
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = asyncio.Lock()
        self._logo_ttl = logo_ttl
        self._logos: dict[str, tuple[float, bytes | None]] = {}
        self._labels: dict[str, dict[str, str]] | None = None

    async def _login(self) -> str:
        async with self._lock:
            if self._token is not None and time.monotonic() < self._token_expires:
                return self._token
            try:
                response = await self._client.post(
                    f"{self._base}/auth/staff/login", json={"username": self._username, "password": self._password}
                )
            except httpx.HTTPError as exc:
                raise DirectoryUnavailable(f"identity login failed: {exc!r}") from exc
            if response.status_code != 200:
                raise DirectoryUnavailable(f"identity refused the service login ({response.status_code})")
            body = response.json()
            ttl = float(body.get("expires_in", 300))
            self._token = str(body["access_token"])
            self._token_expires = time.monotonic() + max(ttl - max(30.0, ttl * 0.1), ttl / 2)
            return self._token

    async def _authorised_get(self, url: str) -> httpx.Response:
        for attempt in range(2):
            token = await self._login()
            try:
                response = await self._client.get(url, headers={"Authorization": f"Bearer {token}"})
            except httpx.HTTPError as exc:
                raise DirectoryUnavailable(f"identity unreachable: {exc!r}") from exc
            if response.status_code == 401 and attempt == 0:
                self._token = None  # revoked or rotated: log in again once
                continue
            return response
        raise DirectoryUnavailable("identity keeps refusing the service token")

    async def resident(self, resident_id: UUID) -> ResidentRecord:
        response = await self._authorised_get(f"{self._base}/internal/residents/{resident_id}")
        if response.status_code == 404:
            raise ResidentNotFound(str(resident_id))
        if response.status_code != 200:
            raise DirectoryUnavailable(f"identity answered {response.status_code} for a resident")
        return ResidentRecord.model_validate(response.json())

    async def village(self, code: str) -> VillageProfile | None:
        try:
            response = await self._authorised_get(f"{self._base}/villages/{code}")
        except DirectoryUnavailable:
            return None
        if response.status_code != 200:
            return None
        return VillageProfile.model_validate(response.json())

    async def logo(self, code: str) -> bytes | None:
        cached = self._logos.get(code)
        if cached is not None and time.monotonic() - cached[0] < self._logo_ttl:
            return cached[1]
        try:
            response = await self._client.get(f"{self._base}/villages/{code}/logo")
            png = response.content if response.status_code == 200 and response.content.startswith(b"\x89PNG") else None
        except httpx.HTTPError:
            return cached[1] if cached is not None else None
        self._logos[code] = (time.monotonic(), png)
        return png

    async def labels(self) -> Mapping[str, Mapping[str, str]]:
        if self._labels is not None:
            return self._labels
        try:
            response = await self._client.get(f"{self._base}/register/vocabularies")
            data: dict[str, Any] = response.json() if response.status_code == 200 else {}
        except (httpx.HTTPError, ValueError):
            return {}
        labels = {name: {i["value"]: i["label"] for i in items} for name, items in data.items()}
        if labels:
            self._labels = labels
        return labels

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()


class FakeResidentDirectory:
    """An in-memory directory for unit tests, benchmarks and integration tests without identity."""

    def __init__(
        self,
        residents: Mapping[UUID, ResidentRecord] | None = None,
        villages: Mapping[str, VillageProfile] | None = None,
        logos: Mapping[str, bytes] | None = None,
    ) -> None:
        self.residents: dict[UUID, ResidentRecord] = dict(residents or {})
        self.villages: dict[str, VillageProfile] = dict(villages or {})
        self.logos: dict[str, bytes] = dict(logos or {})
        self.unavailable = False
        self.calls = 0

    async def resident(self, resident_id: UUID) -> ResidentRecord:
        self.calls += 1
        if self.unavailable:
            raise DirectoryUnavailable("fake identity is down")
        try:
            return self.residents[resident_id]
        except KeyError:
            raise ResidentNotFound(str(resident_id)) from None

    async def village(self, code: str) -> VillageProfile | None:
        return self.villages.get(code)

    async def logo(self, code: str) -> bytes | None:
        return self.logos.get(code)

    async def labels(self) -> Mapping[str, Mapping[str, str]]:
        return {}

    async def aclose(self) -> None:
        return None
