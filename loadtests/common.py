"""What every journey shares: the seeded credentials, the API surface found at start-up, kiosk assertions.

The journeys target one origin with the services under `/api/<service>/` and letters' page under `/v/`
(the embedded stack, compose's Caddy or the Kubernetes Ingress). At start-up each service's OpenAPI
document is read; a step whose operation is missing (a service still being built) is dropped with a note,
and a journey with no step left does not run.
"""

from __future__ import annotations

import csv
import json
import os
import random
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DATA = Path(os.environ.get("BALAI_LOADTEST_DATA", Path(__file__).resolve().parents[1] / "var" / "loadtest"))
SERVICES = ("identity", "letters", "aid", "marketplace")
KIOSK_AUDIENCE = "balai-identity:kiosk-login"

F = TypeVar("F", bound=Callable[..., Any])


def requires(*operations: str) -> Callable[[F], F]:
    """Mark a task (or a journey's start) with the operations it calls: `"POST aid /check"`."""

    def mark(func: F) -> F:
        func.balai_requires = operations  # type: ignore[attr-defined]
        return func

    return mark


@dataclass
class ApiSurface:
    """Operations each service publishes in its OpenAPI document, read once at start-up."""

    operations: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def probe(cls, host: str, timeout: float = 10.0) -> ApiSurface:
        surface = cls()
        for service in SERVICES:
            url = f"{host.rstrip('/')}/api/{service}/openapi.json"
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback target
                    spec = json.load(response)
            except Exception as exc:
                surface.notes.append(f"{service}: no OpenAPI at {url} ({type(exc).__name__}); its steps are skipped")
                surface.operations[service] = set()
                continue
            surface.operations[service] = {
                (method.upper(), path) for path, ops in spec.get("paths", {}).items() for method in ops
            }
        return surface

    def has(self, operation: str) -> bool:
        method, service, path = operation.split(" ", 2)
        return (method, path) in self.operations.get(service, set())

    def missing(self, operations: tuple[str, ...]) -> list[str]:
        return [op for op in operations if not self.has(op)]


@dataclass(frozen=True)
class Resident:
    resident_id: str
    nik: str
    name: str
    village: str
    pin: str
    card_uid: str
    shop_id: str


@dataclass(frozen=True)
class Kiosk:
    device_id: str
    village: str
    private_key: Ed25519PrivateKey


@dataclass(frozen=True)
class Staff:
    username: str
    password: str
    role: str
    village: str


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.exists():
        return []
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def _private_key(text: str) -> Ed25519PrivateKey:
    import base64

    return Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


class Dataset:
    """The seeder's CSV files (loadtests/seed.py --out), loaded once per Locust process.
    BALAI_ACTIVE_VILLAGES=N restricts the journeys to N villages (the whole regency stays in the data)."""

    _lock = threading.Lock()
    _loaded: Dataset | None = None

    def __init__(self) -> None:
        residents = [Resident(**{k: r.get(k, "") for k in Resident.__annotations__}) for r in _rows("residents.csv")]
        active = int(os.environ.get("BALAI_ACTIVE_VILLAGES", "0"))
        if active:
            # The load of the `active` villages with the most sampled residents: with a few dozen simulated
            # users over 294 villages, an operator's inbox would otherwise rarely see a request.
            counts: dict[str, int] = {}
            for r in residents:
                counts[r.village] = counts.get(r.village, 0) + 1
            busiest = set(sorted(counts, key=lambda v: (-counts[v], v))[:active])
            residents = [r for r in residents if r.village in busiest]
        self.residents = residents
        self.villages = sorted({r.village for r in residents})
        self.sellers = [r for r in residents if r.shop_id]
        self.kiosks = {
            r["village"]: Kiosk(r["device_id"], r["village"], _private_key(r["private_key"]))
            for r in _rows("kiosks.csv")
        }
        self.staff = [Staff(**r) for r in _rows("staff.csv")]
        self.operators = [s for s in self.staff if s.role == "operator" and s.village in set(self.villages)]
        self.heads = {s.village: s for s in self.staff if s.role == "kades"}
        self.aid_niks = [r["nik"] for r in _rows("aid_checks.csv")]
        self.card_holders = [r for r in residents if r.card_uid and r.village in self.kiosks]
        self._next_operator = 0

    def next_operator(self) -> Staff | None:
        """Operators in turn, so every active village's inbox is worked."""
        if not self.operators:
            return None
        with self._lock:
            staff = self.operators[self._next_operator % len(self.operators)]
            self._next_operator += 1
        return staff

    @classmethod
    def get(cls) -> Dataset:
        with cls._lock:
            if cls._loaded is None:
                cls._loaded = Dataset()
            return cls._loaded


def kiosk_assertion(kiosk: Kiosk, audience: str = KIOSK_AUDIENCE) -> str:
    """The device's signed, single-use assertion (ADR 0004): iss = device id, lifetime 60 s, unique jti."""
    now = int(time.time())
    claims = {"iss": kiosk.device_id, "aud": audience, "iat": now, "exp": now + 60, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, kiosk.private_key, algorithm="EdDSA")


def dotted(code: str) -> str:
    return ".".join(p for p in (code[:2], code[2:4], code[4:6], code[6:]) if p)


def pick(items: list[Any]) -> Any:
    return random.choice(items)
