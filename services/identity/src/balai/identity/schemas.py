"""Response bodies of the sign-in, credential, device, key and service-to-service routes (shapes only).

The register's own bodies are in :mod:`balai.identity.register_schemas` (villages, residents, families),
:mod:`balai.identity.register_stats_schemas` (statistics) and :mod:`balai.identity.imports_schemas` (imports).
Timestamps are :data:`~balai.common.timestamps.UtcDateTime`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from balai.common.timestamps import UtcDateTime
from balai.identity.register_domain import Resident
from balai.identity.register_schemas import AddressOut, ResidentDetails
from balai.identity.tokens import TokenPair

Channel = Literal["whatsapp", "sms", "handover"]
CompactVillage = Annotated[str, Field(description="Kemendagri village code, compact", examples=["3317092016"])]


# --- sessions ------------------------------------------------------------------------------------


class AccessTokenOut(BaseModel):
    """An access token (a JWT signed with a key from ``/.well-known/jwks.json``)."""

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int = Field(description="seconds")

    @classmethod
    def of(cls, pair: TokenPair, **fields: Any) -> Self:
        """The answer for ``pair``; ``fields`` are the ones a subclass adds."""
        return cls(access_token=pair.access_token, token_type=pair.token_type, expires_in=pair.expires_in, **fields)


class TokenPairOut(AccessTokenOut):
    """An access token and the refresh token that renews it (once: each refresh answers a new pair)."""

    refresh_token: str

    @classmethod
    def of(cls, pair: TokenPair, **fields: Any) -> Self:
        return super().of(pair, refresh_token=pair.refresh_token or "", **fields)


class ResidentSessionOut(TokenPairOut):
    """Signed in."""

    must_change_pin: Literal[False]

    @classmethod
    def of(cls, pair: TokenPair, **fields: Any) -> Self:
        return super().of(pair, must_change_pin=False, **fields)


class KioskSessionOut(AccessTokenOut):
    """Signed in at a kiosk: a short session tied to the device, without a refresh token."""

    must_change_pin: Literal[False]

    @classmethod
    def of(cls, pair: TokenPair, **fields: Any) -> Self:
        return super().of(pair, must_change_pin=False, **fields)


class PinChangeRequiredOut(BaseModel):
    """First sign-in with a PIN an operator issued: only ``POST /auth/pin/change`` with ``change_token``."""

    must_change_pin: Literal[True]
    change_token: str = Field(description="bearer token for POST /auth/pin/change only")
    expires_in: int = Field(description="seconds")


class Jwk(BaseModel):
    """An Ed25519 public key as a JSON Web Key (RFC 8037)."""

    model_config = ConfigDict(extra="allow")

    kty: Literal["OKP"]
    crv: Literal["Ed25519"]
    x: str = Field(description="the public key, base64url")
    kid: str
    use: Literal["sig"]
    alg: Literal["EdDSA"]


class JwkSet(BaseModel):
    """The public keys that verify Balai tokens (RFC 7517 JWK Set)."""

    keys: list[Jwk]


class KeyRotatedOut(BaseModel):
    kid: str = Field(description="the new key's id; it signs after the lead time")


# --- credentials ---------------------------------------------------------------------------------


class PinIssuedOut(BaseModel):
    """A new PIN, shown once; the resident must change it at the first sign-in."""

    resident_id: UUID
    name: str
    pin: str = Field(pattern=r"^\d{6}$")
    delivery_id: UUID = Field(description="the notifier fetches the PIN with it (whatsapp, sms)")
    channel: Channel
    must_change_on_first_login: bool


class PinsIssuedOut(BaseModel):
    issued: list[PinIssuedOut]


class PinDeliveryOut(BaseModel):
    """A PIN for the notifier to send (fetched once, then erased)."""

    resident_id: UUID
    channel: Channel
    pin: str
    phone: str
    name: str


class CardBoundOut(BaseModel):
    resident_id: UUID
    card_uid: str = Field(description="the card's UID, normalised (hex)")
    card_ref: str = Field(description="keyed reference of the card, as other services know it")
    created: bool = Field(description="false: the card was already bound to this resident")


class DeviceEnrolledOut(BaseModel):
    device_id: UUID
    village: CompactVillage
    name: str


class DeviceOut(BaseModel):
    """A kiosk of the village, with what its last heartbeat reported."""

    device_id: UUID
    name: str
    enrolled_at: UtcDateTime
    revoked: bool
    last_seen_at: UtcDateTime | None
    online: bool = Field(description="a heartbeat within the last 90 seconds, and not revoked")
    status: dict[str, Any] = Field(description="the kiosk's own report: readers, card, printers, queue, version")


class StaffAccountOut(BaseModel):
    id: UUID
    username: str
    name: str
    roles: list[str]
    area: str | None = Field(description="compact code of the village, district or regency; null: none")


# --- service to service --------------------------------------------------------------------------


class _DocumentKeys(BaseModel):
    resident_id: UUID
    village: CompactVillage
    nik: str
    kk_number: str | None


class ResidentDocumentOut(ResidentDetails, _DocumentKeys):
    """What a printed letter must carry about its holder (service accounts only). Coded fields hold the
    values of ``GET /register/vocabularies`` (empty when not recorded)."""

    status: str
    address: AddressOut

    @classmethod
    def of(cls, r: Resident, kk_number: str | None) -> ResidentDocumentOut:
        return cls(
            resident_id=r.id,
            village=r.village,
            nik=r.nik,
            kk_number=kk_number,
            **ResidentDetails.values_of(r),
            status=r.status,
            address=AddressOut.of(r),
        )
