"""Request bodies of the HTTP API (shapes only: the rules live in the domain)."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from balai.marketplace.domain.orders import Delivery, Payment


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ShopIn(Body):
    name: str = Field(max_length=200, examples=["Keripik Bu Siti"])
    description: str = Field("", max_length=5000)
    whatsapp: str = Field(max_length=32, examples=["0812-3456-7890"])
    pickup_address: str = Field(max_length=600, examples=["Dusun Krajan RT 003 RW 002, depan masjid"])


class ShopPatch(Body):
    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)
    whatsapp: str | None = Field(None, max_length=32)
    pickup_address: str | None = Field(None, max_length=600)


class ReasonIn(Body):
    reason: str = Field(max_length=600, examples=["Nomor WhatsApp tidak dapat dihubungi."])


class ProductIn(Body):
    title: str = Field(max_length=300, examples=["Keripik singkong pedas"])
    description: str = Field("", max_length=10000)
    category: str = Field(max_length=40, examples=["makanan"])
    price: StrictInt = Field(examples=[12500], description="Rupiah, bilangan bulat")
    unit: str = Field(max_length=60, examples=["bungkus 250 g"])
    stock: StrictInt = 0


class ProductPatch(Body):
    title: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=10000)
    category: str | None = Field(None, max_length=40)
    price: StrictInt | None = None
    unit: str | None = Field(None, max_length=60)
    stock: StrictInt | None = None


class OrderItemIn(Body):
    product_id: UUID
    quantity: StrictInt = Field(examples=[2])


class OrderIn(Body):
    shop_id: UUID
    items: list[OrderItemIn] = Field(min_length=1, max_length=50)
    delivery: Delivery
    payment: Payment
    address: str = Field("", max_length=600, description="Wajib kecuali ambil sendiri (pickup)")
    contact_phone: str = Field(max_length=32, examples=["0813-2222-3333"])
    note: str = Field("", max_length=1000)


class DispatchIn(Body):
    courier: str = Field("", max_length=120, examples=["JNE"])
    tracking_number: str = Field("", max_length=80, examples=["JNE0123456789"])


class CancelIn(Body):
    reason: str = Field("", max_length=600)
