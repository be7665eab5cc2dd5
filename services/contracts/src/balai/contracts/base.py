"""The base class of every event payload, and the registry of (type, version) -> model."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

REGISTRY: dict[tuple[str, int], type[EventContract]] = {}

C = TypeVar("C", bound="EventContract")


class EventContract(BaseModel):
    """A versioned event payload. Unknown fields are ignored, so producers may add optional fields."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    """`<service>.<aggregate>.<event>`, e.g. `identity.resident.registered`."""
    event_version: ClassVar[int] = 1
    example: ClassVar[dict[str, Any]]
    """A realistic payload; written once as the golden sample, then kept as it is."""


def event(cls: type[C]) -> type[C]:
    """Class decorator: registers a contract under its (type, version)."""
    key = (cls.event_type, cls.event_version)
    if key in REGISTRY and REGISTRY[key] is not cls:
        raise ValueError(f"two contracts claim {key}")
    REGISTRY[key] = cls
    return cls


def lookup(event_type: str, version: int) -> type[EventContract]:
    return REGISTRY[(event_type, version)]


def all_contracts() -> list[type[EventContract]]:
    """Every registered contract, after importing every domain's module."""
    from balai.contracts import catalogue_modules

    for module in catalogue_modules():
        __import__(module)
    return sorted(REGISTRY.values(), key=lambda c: (c.event_type, c.event_version))
