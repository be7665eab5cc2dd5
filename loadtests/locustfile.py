"""Balai's load journeys (Locust). Seed first (loadtests/seed.py), then, against a running stack:

    uv run locust -f loadtests/locustfile.py --host http://127.0.0.1:8000 --headless -u 60 -r 10 -t 2m

Profile (BALAI_PROFILE): `regency` (default) mixes the journeys in the proportions of a working day;
`spike` is the day aid is announced (public checks x20); `smoke` runs one user of each journey.
BALAI_HOST is the origin probed when Locust is given no --host; BALAI_ACTIVE_VILLAGES and
BALAI_LOADTEST_DATA are read by common.py.

Journeys (loadtests/journeys/): resident on the PWA, kiosk (e-KTP + PIN with a device assertion), public
(aid check, letter verification, marketplace browse/search), seller (list a product, handle orders),
operator (console, letter inbox: verify and sign); the profiles' weights are in journeys/profiles.py. A
step whose API is not published yet (see the OpenAPI probe in common.py) is dropped at start-up with a note.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from locust import events
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ApiSurface
from journeys.base import BalaiUser, Shared
from journeys.profiles import select_journeys

# Locust lists (and _on_init prints) the user classes in the order this module binds them.
# isort: off
from journeys.resident import ResidentUser
from journeys.kiosk import KioskUser
from journeys.public import PublicUser
from journeys.seller import SellerUser
from journeys.operator import OperatorUser
# isort: on

PROFILE = os.environ.get("BALAI_PROFILE", "regency")
JOURNEYS: list[type[BalaiUser]] = [ResidentUser, KioskUser, PublicUser, SellerUser, OperatorUser]
"""Locust runs the user classes it finds in this module: these five, in this order."""


@events.init.add_listener  # type: ignore[untyped-decorator]  # locust's add_listener has no type hints
def _on_init(environment: Environment, **_: Any) -> None:
    host = environment.host or os.environ.get("BALAI_HOST", "http://127.0.0.1:8000")
    surface = ApiSurface.probe(host)
    BalaiUser.shared = Shared(surface)
    notes = select_journeys(surface, JOURNEYS, PROFILE)
    kept = [j for j in JOURNEYS if j.tasks and j.weight > 0]
    environment.user_classes[:] = [c for c in environment.user_classes if c in kept]
    print(f"balai load profile {PROFILE!r}: journeys {[c.__name__ for c in environment.user_classes]}", flush=True)
    for note in notes:
        print(f"  note: {note}", flush=True)
