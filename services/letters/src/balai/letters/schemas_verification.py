"""Answers for checking a letter: the villages' public keys (offline) and ``/verify/{code}`` (online).

Shapes only, no rules; timestamps, dates and village codes as in :mod:`balai.letters.schemas_requests`.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from balai.common.timestamps import UtcDateTime
from balai.letters.policy import dotted
from balai.letters.records import SigningKey
from balai.letters.schemas_requests import DottedVillage

__all__ = [
    "KeysOut",
    "PublicKeyOut",
    "UnknownCodeOut",
    "VerificationOut",
    "VerifiedVillage",
    "VillageKeysOut",
]


class PublicKeyOut(BaseModel):
    """A village's public signing key, for checking a letter's QR offline."""

    key_id: str
    village: DottedVillage
    algorithm: Literal["Ed25519"]
    public_key: str = Field(description="the raw 32-byte key, base64url without padding")
    created_at: UtcDateTime
    retired_at: UtcDateTime | None

    @classmethod
    def of(cls, key: SigningKey) -> PublicKeyOut:
        return cls(
            key_id=key.key_id,
            village=dotted(key.village),
            algorithm="Ed25519",
            public_key=base64.urlsafe_b64encode(key.public_key).decode("ascii").rstrip("="),
            created_at=key.created_at,
            retired_at=key.retired_at,
        )


class VillageKeysOut(BaseModel):
    keys: list[PublicKeyOut]


class KeysOut(VillageKeysOut):
    """Every village's keys: the ``keys.json`` of the offline checker (``python -m balai.letters.verify``)."""

    algorithm: Literal["Ed25519"]


class VerifiedVillage(BaseModel):
    code: DottedVillage
    name: str


class VerificationOut(BaseModel):
    """What anyone may learn from a letter's verification code: enough to compare with the paper, no NIK."""

    status: Literal["valid", "expired", "revoked"]
    valid: bool = Field(description="status is 'valid'")
    revoked: bool
    revoked_on: dt.date | None
    expired: bool
    type: str = Field(description="the letter type's code")
    type_title: str
    number: str
    issued_on: dt.date
    valid_until: dt.date | None
    holder: str = Field(description="the holder's name, masked")
    village: VerifiedVillage
    signer_position: str
    signer_on_behalf_of: str | None
    key_id: str
    code: str


class UnknownCodeOut(BaseModel):
    """Every unknown code answers the same."""

    status: Literal["unknown"]
    valid: Literal[False]
