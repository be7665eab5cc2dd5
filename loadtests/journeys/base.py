"""What every journey builds on: `BalaiUser.call` (one request, named for Locust's statistics and checked),
the resident and staff logins, and `Shared`, the state the journeys of one Locust process share."""

from __future__ import annotations

import random
import uuid
from collections import deque
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from common import ApiSurface, Resident, Staff
from locust import FastHttpUser, between
from locust.exception import StopUser

T = TypeVar("T")
VERIFY_CODES_KEPT = 500
"""How many verification codes of signed letters the public journey picks from (the latest ones)."""


@dataclass
class Shared:
    """What the journeys of one Locust process share. Locust runs every simulated user of a process as a
    greenlet in it (with `--processes`, each worker process has its own): `locustfile._on_init` makes one
    when the process starts and sets it as `BalaiUser.shared`."""

    surface: ApiSurface = field(default_factory=ApiSurface)
    """Operations the services publish, probed once at start-up (empty: every optional step is left out)."""
    verify_codes: deque[str] = field(default_factory=lambda: deque(maxlen=VERIFY_CODES_KEPT))
    """Verification codes of letters signed in this process (operators sign, the public scans them)."""
    required_documents: dict[str, list[str]] = field(default_factory=dict)
    """village -> keys of the documents the letter type asks for (read once, as the PWA's form does)."""


def checked(response: Any, *allowed: int) -> Any:
    """Mark a response failed unless its status is 2xx (or allowed); returns the JSON body or None."""
    if 200 <= response.status_code < 300 or response.status_code in allowed:
        response.success()
        try:
            return response.json()
        except Exception:
            return None
    response.failure(f"{response.status_code}: {response.text[:200] if response.text else ''}")
    return None


def page_items(page: Any) -> list[dict[str, Any]]:
    """The `items` of a paged answer (none when the request failed)."""
    items: list[dict[str, Any]] = (page or {}).get("items") or []
    return items


class BalaiUser(FastHttpUser):
    abstract = True
    wait_time = between(1, 5)
    journey_requires: tuple[str, ...] = ()
    """Operations without which the journey cannot start (its login)."""
    shared: ClassVar[Shared] = Shared()
    """This process's shared state (see `Shared`); replaced at start-up."""

    def bearer(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def call(
        self,
        method: str,
        path: str,
        name: str,
        *,
        token: str | None = None,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool = False,
        also_ok: Collection[int] = (),
    ) -> Any:
        """One request, counted in Locust's statistics under `name`: with `token` as the bearer (sent even
        when empty, as a client whose login failed would), a fresh Idempotency-Key if `idempotent`. It fails
        unless the status is 2xx or in `also_ok`; returns the JSON body, or None (failed, or not JSON)."""
        sent = {**(self.bearer(token) if token is not None else {}), **(headers or {})}
        if idempotent:
            sent["Idempotency-Key"] = uuid.uuid4().hex
        with self.client.request(
            method,
            path,
            name=name,
            json=json,
            data=data,  # type: ignore[arg-type]  # bytes are sent as they are; locust's hint says str | dict
            headers=sent,
            catch_response=True,
        ) as response:
            return checked(response, *also_ok)

    def sign_in(self, kind: str, credentials: dict[str, str]) -> str:
        """`POST /api/identity/auth/{kind}/login` (resident, staff or kiosk), counted as "identity: {kind} login":
        the access token, or "" when the login failed."""
        body = self.call("POST", f"/api/identity/auth/{kind}/login", f"identity: {kind} login", json=credentials)
        return str(body["access_token"]) if body else ""

    def resident_login(self, person: Resident) -> str:
        """NIK + PIN, as on the PWA."""
        return self.sign_in("resident", {"nik": person.nik, "pin": person.pin})

    def staff_login(self, staff: Staff) -> str:
        """Username + password, as on the console."""
        return self.sign_in("staff", {"username": staff.username, "password": staff.password})


def one_of(items: Sequence[T]) -> T:
    """One of `items` at random (a person to play); with none seeded for the journey, the simulated user stops."""
    if not items:
        raise StopUser
    return random.choice(items)  # as common.pick
