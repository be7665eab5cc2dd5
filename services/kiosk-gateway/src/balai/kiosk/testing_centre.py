"""A real centre for the gateway's integration tests and the kiosk journeys: the services' apps behind one
origin (as the embedded stack mounts them), and a resident with an e-KTP card and a kiosk enrolled through
identity's own API. Test machines only; imports nothing of the services until called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import ASGIApp

__all__ = ["MOJOWARNO", "EnrolledResident", "centre_app", "centre_client", "enrol_kiosk_and_resident"]

MOJOWARNO = "3317092016"  # Mojowarno, Kaliori, Rembang
CENTRE = "http://centre.test"

Headers = Callable[..., dict[str, str]]
"""``RunningService.headers``: a test token's Authorization header for a subject, roles and village."""


def centre_app(**services: ASGIApp) -> Starlette:
    """``centre_app(identity=..., letters=...)``: each at ``/api/<name>``, like the embedded stack.
    The apps' lifespans are run by whoever started them (the ``balai_service`` fixture)."""
    return Starlette(routes=[Mount(f"/api/{name}", app=app) for name, app in services.items()])


def centre_client(app: ASGIApp) -> httpx.AsyncClient:
    """An httpx client for ``HttpCentreClient(..., http=...)`` reaching ``app`` in process."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=CENTRE)


@dataclass(frozen=True)
class EnrolledResident:
    device_id: str
    resident_id: str
    card_uid: str
    pin: str
    """The PIN the operator issued: the first login asks the resident to change it."""
    nik: str
    village: str


def _ok(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    if response.status_code not in statuses:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    body: dict[str, Any] = response.json()
    return body


async def enrol_kiosk_and_resident(
    identity: httpx.AsyncClient,
    headers: Headers,
    public_key: str,
    *,
    village: str = MOJOWARNO,
    card_uid: str = "04A23B12",
    nik: str = "3317094501900001",
    name: str = "Siti Aminah",
) -> EnrolledResident:
    """Through identity's API, as the regency admin and the village operator would: enable the village,
    register a resident, issue their PIN, bind their e-KTP, enrol the kiosk's public key."""
    admin = headers("admin", roles=["regency_admin"], village=None, amr=["password"])
    operator = headers(f"op-{village}", roles=["operator"], village=village, amr=["password"])
    _ok(await identity.post("/villages", json={"code": village}, headers=admin), 200, 201)
    resident = _ok(
        await identity.post(
            f"/villages/{village}/residents",
            headers=operator,
            json={
                "nik": nik,
                "kk_number": nik[:6] + "0101900001",
                "name": name,
                "sex": "female",
                "birth_place": "Rembang",
                "birth_date": dt.date(1990, 1, 5).isoformat(),
                "religion": "islam",
                "relationship": "head",
                "address": {"dusun": "Krajan", "rw": "2", "rt": "3"},
            },
        ),
        201,
    )
    resident_id = str(resident["id"])
    pin = _ok(
        await identity.post(f"/residents/{resident_id}/pin", json={"channel": "handover"}, headers=operator), 201
    )["pin"]
    _ok(await identity.post(f"/residents/{resident_id}/cards", json={"uid": card_uid}, headers=operator), 200)
    device = _ok(
        await identity.post(
            f"/villages/{village}/devices",
            json={"name": "Anjungan Balai Desa", "public_key": public_key},
            headers=operator,
        ),
        201,
    )
    return EnrolledResident(str(device["device_id"]), resident_id, card_uid, str(pin), nik, village)
