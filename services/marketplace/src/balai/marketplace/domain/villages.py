"""The villages enabled on this deployment (a read model of identity's `identity.village.enabled`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from balai.common.envelope import area_code


@dataclass(frozen=True)
class Village:
    code: str
    """Compact, 10 digits."""
    name: str
    district_code: str
    district_name: str
    regency_code: str
    regency_name: str
    enabled_at: datetime

    @classmethod
    def enabled(
        cls,
        *,
        village_code: str,
        name: str,
        district_code: str,
        district_name: str,
        regency_code: str,
        regency_name: str,
        at: datetime,
    ) -> Village:
        code, district, regency = area_code(village_code), area_code(district_code), area_code(regency_code)
        if len(code) != 10 or not code.startswith(district) or not district.startswith(regency):
            raise ValueError(f"inconsistent area codes {village_code} / {district_code} / {regency_code}")
        return cls(code, name, district, district_name, regency, regency_name, at)
