"""Tables of the marketplace service (SQLAlchemy 2 Core), including its outbox, inbox and dead letters.

Village, district and regency codes are compact (10, 6 and 4 digits) and copied onto shops and
products, so browsing a district or a regency is an equality match on an indexed column.

`products.search` is a generated `tsvector` on PostgreSQL (the `indonesian` text search configuration
when the server has it, else `simple`; the migration decides) behind a GIN index. On SQLite the column
exists but stays NULL, and search falls back to LIKE; autogenerate warns that the computed column
"cannot be modified" there -- expected.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from balai.common.db import new_metadata
from balai.common.messaging_tables import add_messaging_tables

metadata = new_metadata()
messaging = add_messaging_tables(metadata)

SEARCH_CONFIG_DEFAULT = "indonesian"


def search_document(config: str) -> str:
    """The generated column's expression: each text both stemmed (`config`, so `makanan` finds `makan`)
    and as typed (`simple`, so the prefix `kerip` finds `keripik`, which the stemmer turns into `ripik`).
    The title weighs more than the category, the category more than the description."""
    return (
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')) || "
        "to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, coalesce(category, '')), 'B') || "
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(description, '')) || "
        "to_tsvector('simple'::regconfig, coalesce(description, '')), 'C')"
    )


villages = Table(
    "villages",
    metadata,
    Column("code", String(10), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("district_code", String(6), nullable=False, index=True),
    Column("district_name", String(120), nullable=False),
    Column("regency_code", String(4), nullable=False, index=True),
    Column("regency_name", String(120), nullable=False),
    Column("enabled_at", DateTime(timezone=True), nullable=False),
)

shops = Table(
    "shops",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), nullable=False),
    Column("owner", String(64), nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("description", Text, nullable=False),
    Column("whatsapp", String(16), nullable=False),
    Column("pickup_address", String(300), nullable=False),
    Column("status", String(12), nullable=False),
    Column("status_reason", String(300), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_shops_village_status", "village", "status"),
)

products = Table(
    "products",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("shop_id", Uuid, ForeignKey("shops.id"), nullable=False, index=True),
    Column("village", String(10), nullable=False),
    Column("district", String(6), nullable=False),
    Column("regency", String(4), nullable=False),
    Column("title", String(120), nullable=False),
    Column("description", Text, nullable=False),
    Column("category", String(24), nullable=False),
    Column("price", BigInteger, nullable=False),
    Column("unit", String(30), nullable=False),
    Column("stock", Integer, nullable=False),
    Column("photo_count", Integer, nullable=False),
    Column("status", String(12), nullable=False),
    Column("hidden_reason", String(300), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column(
        "search",
        TSVECTOR().with_variant(Text(), "sqlite"),
        Computed(search_document(SEARCH_CONFIG_DEFAULT), persisted=True),
        nullable=True,
    ),
    CheckConstraint("stock >= 0", name="stock_not_negative"),
    CheckConstraint("price > 0", name="price_positive"),
    CheckConstraint("photo_count BETWEEN 0 AND 5", name="photo_count_range"),
    Index("ix_products_village_id", "village", "id"),
    Index("ix_products_district_id", "district", "id"),
    Index("ix_products_regency_id", "regency", "id"),
    Index("ix_products_regency_price", "regency", "price"),
    Index("ix_products_category_price", "category", "price"),
    Index("ix_products_search", "search", postgresql_using="gin"),
)

product_photos = Table(
    "product_photos",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", String(64), nullable=False),
    Column("thumb", String(64), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

orders = Table(
    "orders",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("shop_id", Uuid, ForeignKey("shops.id"), nullable=False),
    Column("village", String(10), nullable=False),
    Column("seller", String(64), nullable=False),
    Column("buyer", String(64), nullable=False),
    Column("status", String(12), nullable=False),
    Column("delivery", String(16), nullable=False),
    Column("address", String(300), nullable=False),
    Column("contact_phone", String(16), nullable=False),
    Column("note", String(500), nullable=False),
    Column("payment", String(16), nullable=False),
    Column("paid_at", DateTime(timezone=True), nullable=True),
    Column("courier", String(60), nullable=False),
    Column("tracking_number", String(40), nullable=False),
    Column("cancel_reason", String(300), nullable=False),
    Column("cancelled_by", String(8), nullable=True),
    Column("completed_by", String(8), nullable=True),
    Column("version", Integer, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_orders_buyer_id", "buyer", "id"),
    Index("ix_orders_shop_status_id", "shop_id", "status", "id"),
)

order_items = Table(
    "order_items",
    metadata,
    Column("order_id", Uuid, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
    Column("line", Integer, nullable=False),
    Column("product_id", Uuid, nullable=False),
    Column("title", String(120), nullable=False),
    Column("unit", String(30), nullable=False),
    Column("unit_price", BigInteger, nullable=False),
    Column("quantity", Integer, nullable=False),
    PrimaryKeyConstraint("order_id", "line"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
)
