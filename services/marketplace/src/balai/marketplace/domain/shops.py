"""A shop (lapak): opened by a resident, approved or suspended by the village operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from balai.common.errors import Problem
from balai.marketplace.domain import values


class ShopStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SUSPENDED = "suspended"


STATUS_LABELS = {
    ShopStatus.PENDING: "menunggu persetujuan",
    ShopStatus.APPROVED: "disetujui",
    ShopStatus.SUSPENDED: "dibekukan",
}


@dataclass(frozen=True)
class ShopDetails:
    name: str
    description: str
    whatsapp: str
    pickup_address: str

    @classmethod
    def parse(cls, *, name: str, description: str, whatsapp: str, pickup_address: str) -> ShopDetails:
        return cls(
            name=values.clean_text(name, "Nama lapak", min_len=3, max_len=80),
            description=values.clean_text(description, "Deskripsi lapak", min_len=0, max_len=2000, multiline=True),
            whatsapp=values.whatsapp_number(whatsapp),
            pickup_address=values.clean_text(pickup_address, "Alamat pengambilan", min_len=5, max_len=300),
        )


@dataclass
class Shop:
    id: UUID
    village: str
    owner: str
    """The identity subject (`sub`) of the resident who opened it: ownership is checked against it."""
    details: ShopDetails
    created_at: datetime
    updated_at: datetime
    status: ShopStatus = ShopStatus.PENDING
    status_reason: str = ""
    version: int = 0
    """Saved with compare-and-set: a concurrent approve/suspend/edit is a 409, never lost."""

    @classmethod
    def open(cls, *, shop_id: UUID, village: str, owner: str, details: ShopDetails, now: datetime) -> Shop:
        return cls(id=shop_id, village=village, owner=owner, details=details, created_at=now, updated_at=now)

    @property
    def is_public(self) -> bool:
        return self.status is ShopStatus.APPROVED

    def owned_by(self, subject: str) -> bool:
        return self.owner == subject

    def require_owner(self, subject: str) -> None:
        if not self.owned_by(subject):
            raise Problem(403, "not_your_shop", "Lapak ini bukan milik Anda.")

    def edit(self, details: ShopDetails, now: datetime) -> list[str]:
        changed = [
            name
            for name in ("name", "description", "whatsapp", "pickup_address")
            if getattr(self.details, name) != getattr(details, name)
        ]
        if changed:
            self.details = details
            self.updated_at = now
        return changed

    def approve(self, now: datetime) -> bool:
        """Pending or suspended -> approved. Approving an approved shop changes nothing."""
        if self.status is ShopStatus.APPROVED:
            return False
        self._move(ShopStatus.APPROVED, "", now)
        return True

    def suspend(self, reason: str, now: datetime) -> bool:
        """Pending or approved -> suspended, with a reason the seller sees. Suspending again changes nothing."""
        text = values.reason(reason, "Alasan pembekuan")
        if self.status is ShopStatus.SUSPENDED:
            return False
        self._move(ShopStatus.SUSPENDED, text, now)
        return True

    def require_open_for_orders(self) -> None:
        if self.status is not ShopStatus.APPROVED:
            raise values.conflict(
                "shop_not_open", f"Lapak ini sedang {STATUS_LABELS[self.status]} dan belum dapat menerima pesanan."
            )

    def _move(self, status: ShopStatus, reason: str, now: datetime) -> None:
        self.status = status
        self.status_reason = reason
        self.updated_at = now
