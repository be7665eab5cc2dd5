"""The load profiles: `regency` mixes the journeys in the proportions of a working day; `spike` is the day aid
is announced (public checks x20); `smoke` runs one user of each journey doing every step in turn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from common import ApiSurface
from locust import between

from .base import BalaiUser

# Share of simultaneous users per journey on a working day: residents on phones and the public dominate;
# kiosks are one per village office; operators work their inbox; a few sellers manage shops.
REGENCY_WEIGHTS = {"ResidentUser": 40, "KioskUser": 8, "PublicUser": 35, "SellerUser": 5, "OperatorUser": 12}
SPIKE_FACTOR = {"PublicUser": 20}


Step = Callable[[BalaiUser], None]
"""A journey's step: a method of the journey (the journeys here have no TaskSets)."""


def _all_steps(steps: Sequence[Step]) -> Step:
    def every_step(user: BalaiUser) -> None:
        for step in steps:
            step(user)

    return every_step


def select_journeys(surface: ApiSurface, journeys: list[type[BalaiUser]], profile: str) -> list[str]:
    """Drop the steps (and journeys) whose API is missing; weight the rest by profile. Returns notes."""
    notes = list(surface.notes)
    for journey in journeys:
        missing = surface.missing(journey.journey_requires)
        kept = []
        for t in journey.tasks:
            gaps = surface.missing(getattr(t, "balai_requires", ()))
            if gaps:
                step = getattr(t, "__name__", str(t))
                notes.append(f"{journey.__name__}.{step}: skipped, not published yet: {', '.join(gaps)}")
            else:
                kept.append(t)
        journey.tasks = kept
        if missing or not kept:
            notes.append(f"{journey.__name__}: journey skipped ({', '.join(missing) or 'no step available'})")
            journey.weight = 0
            continue
        if profile == "smoke":  # one user per journey doing every step in turn: each step is checked
            journey.fixed_count = 1
            journey.wait_time = between(0.2, 1.0)
            journey.tasks = [_all_steps(list(dict.fromkeys(cast(list[Step], kept))))]
        else:
            journey.weight = REGENCY_WEIGHTS[journey.__name__] * (
                SPIKE_FACTOR.get(journey.__name__, 1) if profile == "spike" else 1
            )
    return notes
