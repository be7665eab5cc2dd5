"""Tables of the identity service (SQLAlchemy 2 Core), including its outbox, inbox and dead letters.

Identity is the only service that holds full NIK and KK numbers. Everything others may see of a
resident goes out in events as ids, keyed hashes and the profile (see balai.contracts.identity).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    Uuid,
)

from balai.common.db import new_metadata
from balai.common.messaging_tables import SEQ, add_messaging_tables

metadata = new_metadata()
messaging = add_messaging_tables(metadata)

villages = Table(
    "villages",
    metadata,
    Column("code", String(10), primary_key=True, comment="compact Kemendagri code, e.g. 3317092016"),
    Column("name", String(120), nullable=False),
    Column("district_code", String(6), nullable=False, index=True),
    Column("district_name", String(120), nullable=False),
    Column("regency_code", String(4), nullable=False, index=True),
    Column("regency_name", String(120), nullable=False),
    Column("province_name", String(120), nullable=False),
    Column("head_name", String(120), nullable=False, default=""),
    Column("address", String(300), nullable=False, default=""),
    Column("phone", String(30), nullable=False, default=""),
    Column("email", String(120), nullable=False, default=""),
    Column("logo_png", LargeBinary, nullable=True),
    Column("enabled_at", DateTime(timezone=True), nullable=False),
    Column("enabled_by", String(64), nullable=False),
)

families = Table(
    "families",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), ForeignKey("villages.code"), nullable=False, index=True),
    Column("kk_number", String(16), nullable=False, unique=True),
    Column("kk_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

residents = Table(
    "residents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), ForeignKey("villages.code"), nullable=False),
    Column("family_id", Uuid, ForeignKey("families.id"), nullable=True, index=True),
    Column("nik", String(16), nullable=False, unique=True),
    Column("nik_hash", String(64), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("sex", String(10), nullable=False),
    Column("birth_place", String(80), nullable=False, default=""),
    Column("birth_date", Date, nullable=False),
    Column("religion", String(20), nullable=False, default=""),
    Column("marital_status", String(20), nullable=False, default=""),
    Column("occupation", String(60), nullable=False, default=""),
    Column("education", String(30), nullable=False, default=""),
    Column("nationality", String(10), nullable=False, default="indonesian"),
    Column("relationship", String(30), nullable=False),
    Column("dusun", String(80), nullable=False, default=""),
    Column("rw", String(5), nullable=False, default=""),
    Column("rt", String(5), nullable=False, default=""),
    Column("street", String(200), nullable=False, default=""),
    Column("phone", String(20), nullable=False, default=""),
    Column("status", String(10), nullable=False, default="living"),
    Column("status_date", Date, nullable=True),
    Column("status_note", String(200), nullable=False, default=""),
    Column("review_flags", JSON, nullable=False, default=list),
    Column("extras", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_residents_village_status", residents.c.village, residents.c.status)
Index("ix_residents_village_name", residents.c.village, residents.c.name)

staff_accounts = Table(
    "staff_accounts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("username", String(60), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("area", String(10), nullable=True, comment="village code; district code for a camat; null = regency"),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

resident_pins = Table(
    "resident_pins",
    metadata,
    Column("resident_id", Uuid, ForeignKey("residents.id"), primary_key=True),
    Column("pin_hash", String(200), nullable=False),
    Column("must_change", Boolean, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("issued_by", String(64), nullable=False),
)

pin_deliveries = Table(
    "pin_deliveries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("resident_id", Uuid, ForeignKey("residents.id"), nullable=False),
    Column("sealed_pin", LargeBinary, nullable=True, comment="AES-GCM sealed; erased once fetched"),
    Column("channel", String(20), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=True),
)

cards = Table(
    "cards",
    metadata,
    Column("uid", String(32), primary_key=True, comment="canonical: uppercase hex in reader order"),
    Column("resident_id", Uuid, ForeignKey("residents.id"), nullable=False, index=True),
    Column("village", String(10), nullable=False),
    Column("bound_at", DateTime(timezone=True), nullable=False),
    Column("bound_by", String(64), nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), ForeignKey("villages.code"), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("public_key", String(64), nullable=False, comment="Ed25519, base64url raw"),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("enrolled_by", String(64), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_seen_at", DateTime(timezone=True), nullable=True),
    Column("status", JSON, nullable=True, comment="last heartbeat: readers, printers, queue"),
)

device_nonces = Table(
    "device_nonces",
    metadata,
    Column("jti", String(64), primary_key=True),
    Column("device_id", Uuid, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("chain_id", Uuid, nullable=False, index=True),
    Column("subject", String(64), nullable=False),
    Column("claims", JSON, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("rotated_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("kid", String(40), primary_key=True),
    Column("sealed_private_key", LargeBinary, nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("activates_at", DateTime(timezone=True), nullable=False),
    Column("retired_at", DateTime(timezone=True), nullable=True),
)

notices = Table(
    "notices",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), ForeignKey("villages.code"), nullable=False),
    Column("title", String(120), nullable=False),
    Column("body", Text, nullable=False),
    Column("category", String(20), nullable=False),
    Column("pinned", Boolean, nullable=False, default=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("expires_on", Date, nullable=True, comment="shown publicly through this day (village time zone)"),
    Column("author_id", String(64), nullable=False, comment="staff account id (token subject); never public"),
    Column("author_name", String(120), nullable=False, default=""),
    Column("author_role", String(20), nullable=False),
    Column("archived_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_notices_village_board", notices.c.village, notices.c.pinned, notices.c.published_at)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(60), nullable=False),
    Column("village", String(10), nullable=True, index=True),
    Column("target", String(64), nullable=True, index=True),
    Column("source", String(80), nullable=False, default="", comment="client IP or device id"),
    Column("outcome", String(20), nullable=False),
    Column("detail", Text, nullable=False, default=""),
)
Index("ix_audit_log_action_at", audit_log.c.action, audit_log.c.at)
