"""Timestamps in API answers: always in UTC with the offset written out, e.g. ``2026-11-23T14:00:00+00:00``.

Services store UTC. PostgreSQL (timestamptz) hands values back aware; SQLite (the embedded stack) hands back
what was written without its offset. ``UtcDateTime`` is the field type of every response model's timestamp:
it takes either (or an ISO 8601 string of either), treats a naive value as the UTC it was stored as, and
answers ISO 8601 with ``+00:00``, so a client never has to guess the zone.

Dates are another matter: a letter signed, a notice expiring, an age reached are dated where the village is.
``local_date`` is that date (the service's ``timezone`` setting, WIB by default); the machine's own zone (often
UTC on a server) is never used, or between 00:00 and 07:00 WIB everything would be dated the day before.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, PlainSerializer, WithJsonSchema

__all__ = ["UtcDateTime", "as_utc", "local_date", "utc_iso", "zone"]


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive value is taken to be UTC already (how the services store time)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (``Asia/Jakarta``), loaded once."""
    return ZoneInfo(name)


def local_date(zone_name: str, moment: datetime | None = None) -> date:
    """The calendar date in ``zone_name`` at ``moment`` (now when omitted; a naive moment is UTC)."""
    return as_utc(moment or datetime.now(UTC)).astimezone(zone(zone_name)).date()


def utc_iso(value: datetime) -> str:
    """ISO 8601 in UTC with the offset: ``2026-11-23T14:00:00+00:00``."""
    return as_utc(value).isoformat()


UtcDateTime = Annotated[
    datetime,
    AfterValidator(as_utc),
    PlainSerializer(utc_iso, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "ISO 8601 in UTC with its offset",
            "examples": ["2026-11-23T14:00:00+00:00"],
        }
    ),
]
"""A response model's timestamp: aware, in UTC, serialised with ``+00:00``."""
