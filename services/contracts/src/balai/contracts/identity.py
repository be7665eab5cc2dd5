"""Events published by the identity service. NIK and KK numbers never appear here: only ids and keyed hashes."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from balai.contracts.base import EventContract, event


@event
class VillageEnabledV1(EventContract):
    """A regency admin enabled a village on this deployment; services may now serve its residents."""

    event_type: ClassVar[str] = "identity.village.enabled"
    village_code: str
    name: str
    district_code: str
    district_name: str
    regency_code: str
    regency_name: str
    example: ClassVar[dict[str, Any]] = {
        "village_code": "33.17.09.2016",
        "name": "Mojowarno",
        "district_code": "33.17.09",
        "district_name": "Kaliori",
        "regency_code": "33.17",
        "regency_name": "Kabupaten Rembang",
    }


@event
class ResidentDiedV1(EventContract):
    """A resident's death was recorded; their record stays, with status `deceased`."""

    event_type: ClassVar[str] = "identity.resident.died"
    resident_id: UUID
    village_code: str
    died_on: date
    example: ClassVar[dict[str, Any]] = {
        "resident_id": "0192f0c4-5b7e-7c1a-9d3e-2f4a6b8c0d1e",
        "village_code": "33.17.09.2016",
        "died_on": "2026-11-02",
    }
