"""The event envelope: CloudEvents attribute names around a versioned contract payload.

`type` is `<service>.<aggregate>.<event>`; on the bus the subject inserts the village code:
`<service>.<village>.<aggregate>.<event>` (for example `letters.3317092016.letter.issued`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal, Protocol
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from balai.common.ids import uuid7

_TYPE = re.compile(r"^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_AREA_CODE = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{4})?)?)?$")


class Contract(Protocol):
    """What the envelope needs from a contract model (see balai.contracts.base.EventContract)."""

    event_type: ClassVar[str]
    event_version: ClassVar[int]

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]: ...


def area_code(code: str) -> str:
    """`33.17.09.2016` -> `3317092016`; also accepts province, regency and district codes."""
    compact = code.replace(".", "")
    if not _AREA_CODE.match(compact):
        raise ValueError(f"not a Kemendagri area code: {code!r}")
    return compact


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: UUID = Field(default_factory=uuid7)
    type: str
    version: int = Field(ge=1)
    source: str
    subject: str
    """The aggregate the event is about (its id), not the NATS subject."""
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    village: str
    correlation_id: str
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any]

    @field_validator("type")
    @classmethod
    def _check_type(cls, value: str) -> str:
        if not _TYPE.match(value):
            raise ValueError("type must look like <service>.<aggregate>.<event>")
        return value

    @field_validator("village")
    @classmethod
    def _check_village(cls, value: str) -> str:
        return area_code(value)

    @classmethod
    def wrap(
        cls,
        payload: Contract,
        *,
        village: str,
        subject: str,
        correlation_id: str | None = None,
        event_id: UUID | None = None,
    ) -> Envelope:
        service = payload.event_type.split(".", 1)[0]
        eid = event_id or uuid7()
        return cls(
            id=eid,
            type=payload.event_type,
            version=payload.event_version,
            source=f"/balai/{service}",
            subject=subject,
            village=village,
            correlation_id=correlation_id or str(eid),
            data=payload.model_dump(mode="json"),
        )

    @property
    def service(self) -> str:
        return self.type.split(".", 1)[0]

    def bus_subject(self, prefix: str = "") -> str:
        service, aggregate, name = self.type.split(".")
        subject = f"{service}.{self.village}.{aggregate}.{name}"
        return f"{prefix}.{subject}" if prefix else subject

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        return cls.model_validate_json(raw)
