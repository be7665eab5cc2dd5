"""A product of a shop: details, price in rupiah, stock, up to five photos; the operator may hide it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from balai.common.errors import Problem
from balai.marketplace.domain import values

MAX_PHOTOS = 5
MAX_STOCK = 1_000_000


class ProductStatus(StrEnum):
    ACTIVE = "active"
    HIDDEN = "hidden"


@dataclass(frozen=True)
class ProductDetails:
    title: str
    description: str
    category: str
    price: int
    unit: str

    @classmethod
    def parse(cls, *, title: str, description: str, category: str, price: int, unit: str) -> ProductDetails:
        return cls(
            title=values.clean_text(title, "Nama produk", min_len=3, max_len=120),
            description=values.clean_text(description, "Deskripsi produk", min_len=0, max_len=4000, multiline=True),
            category=values.category(category),
            price=values.rupiah(price),
            unit=values.clean_text(unit, "Satuan", max_len=30),
        )


def stock_count(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_STOCK:
        raise values.invalid("invalid_stock", f"Stok harus bilangan bulat 0 sampai {MAX_STOCK:,}.".replace(",", "."))
    return value


@dataclass(frozen=True)
class Photo:
    id: UUID
    name: str
    """File name of the resized photo in the media store."""
    thumb: str
    width: int
    height: int
    position: int


@dataclass
class Product:
    id: UUID
    shop_id: UUID
    village: str
    details: ProductDetails
    stock: int
    created_at: datetime
    updated_at: datetime
    status: ProductStatus = ProductStatus.ACTIVE
    hidden_reason: str = ""
    photos: list[Photo] = field(default_factory=list)

    @classmethod
    def list_new(
        cls, *, product_id: UUID, shop_id: UUID, village: str, details: ProductDetails, stock: int, now: datetime
    ) -> Product:
        return cls(
            id=product_id,
            shop_id=shop_id,
            village=village,
            details=details,
            stock=stock_count(stock),
            created_at=now,
            updated_at=now,
        )

    @property
    def hidden(self) -> bool:
        return self.status is ProductStatus.HIDDEN

    def edit(
        self,
        now: datetime,
        *,
        title: str | None = None,
        description: str | None = None,
        category: str | None = None,
        price: int | None = None,
        unit: str | None = None,
        stock: int | None = None,
    ) -> list[str]:
        """Apply the given fields (None = unchanged); answers the names of the fields that changed."""
        current = self.details
        details = ProductDetails.parse(
            title=current.title if title is None else title,
            description=current.description if description is None else description,
            category=current.category if category is None else category,
            price=current.price if price is None else price,
            unit=current.unit if unit is None else unit,
        )
        changed = [
            name
            for name in ("title", "description", "category", "price", "unit")
            if getattr(current, name) != getattr(details, name)
        ]
        self.details = details
        if stock is not None and stock_count(stock) != self.stock:
            self.stock = stock
            changed.append("stock")
        if changed:
            self.updated_at = now
        return changed

    def hide(self, reason: str, now: datetime) -> bool:
        text = values.reason(reason, "Alasan penyembunyian")
        if self.hidden:
            return False
        self.status, self.hidden_reason, self.updated_at = ProductStatus.HIDDEN, text, now
        return True

    def unhide(self, now: datetime) -> bool:
        if not self.hidden:
            return False
        self.status, self.hidden_reason, self.updated_at = ProductStatus.ACTIVE, "", now
        return True

    def require_room_for_photo(self) -> None:
        if len(self.photos) >= MAX_PHOTOS:
            raise values.conflict("too_many_photos", f"Satu produk paling banyak {MAX_PHOTOS} foto.")

    def photo(self, photo_id: UUID) -> Photo:
        for photo in self.photos:
            if photo.id == photo_id:
                return photo
        raise Problem(404, "photo_not_found", "Foto tidak ditemukan pada produk ini.")
