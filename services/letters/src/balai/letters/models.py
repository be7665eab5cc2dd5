"""Tables of the letters service (SQLAlchemy 2 Core), including its outbox, inbox and dead letters.

No NIK or KK number is stored: residents are known by id (read model from identity's events); a letter's
full document data is fetched from identity when its PDF is rendered, and only the (sealed) PDF keeps it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from balai.common.db import new_metadata
from balai.common.messaging_tables import SEQ, add_messaging_tables

metadata = new_metadata()
messaging = add_messaging_tables(metadata)

# --- read model of identity ------------------------------------------------------------------
known_villages = Table(
    "known_villages",
    metadata,
    Column("code", String(10), primary_key=True, comment="compact Kemendagri code"),
    Column("name", String(120), nullable=False),
    Column("district_name", String(120), nullable=False),
    Column("regency_name", String(120), nullable=False),
    Column("enabled_at", DateTime(timezone=True), nullable=False),
)

known_residents = Table(
    "known_residents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("sex", String(10), nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("nik_masked", String(16), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# --- village configuration -------------------------------------------------------------------
village_settings = Table(
    "village_settings",
    metadata,
    Column("village", String(10), primary_key=True),
    Column("number_format", String(120), nullable=False),
    Column("sequence_scope", String(20), nullable=False),
    Column("operator_may_sign", JSON, nullable=False),
    Column("secretary_check", Boolean, nullable=False),
    Column("operator_title", String(80), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(64), nullable=False),
)

village_letter_types = Table(
    "village_letter_types",
    metadata,
    Column("village", String(10), nullable=False),
    Column("code", String(32), nullable=False),
    Column("custom", Boolean, nullable=False),
    Column("definition", JSON, nullable=False),
    Column("template", Text, nullable=True),
    Column("documents", JSON, nullable=True),
    Column("enabled", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(64), nullable=False),
    PrimaryKeyConstraint("village", "code"),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("key_id", String(16), primary_key=True),
    Column("village", String(10), nullable=False, index=True),
    Column("public_key", LargeBinary, nullable=False),
    Column("sealed_private_key", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("retired_at", DateTime(timezone=True), nullable=True),
)
Index(
    "uq_signing_keys_active_village",
    signing_keys.c.village,
    unique=True,
    postgresql_where=signing_keys.c.retired_at.is_(None),
    sqlite_where=signing_keys.c.retired_at.is_(None),
)

# --- requests and letters --------------------------------------------------------------------
letter_requests = Table(
    "letter_requests",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), nullable=False),
    Column("resident_id", Uuid, nullable=False, index=True),
    Column("type_code", String(32), nullable=False),
    Column("type_title", String(120), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("state", String(20), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("submitted_by", String(64), nullable=False),
    Column("verified_by", String(64), nullable=True),
    Column("checked_by", String(64), nullable=True),
    Column("signed_by", String(64), nullable=True),
    Column("resubmissions", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_letter_requests_village_state", letter_requests.c.village, letter_requests.c.state, letter_requests.c.id)

request_history = Table(
    "request_history",
    metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=True),
    Column("request_id", Uuid, ForeignKey("letter_requests.id"), nullable=False, index=True),
    Column("action", String(20), nullable=False),
    Column("state", String(20), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("reason", String(500), nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

attachments = Table(
    "attachments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("village", String(10), nullable=False),
    Column("resident_id", Uuid, nullable=False),
    Column("request_id", Uuid, ForeignKey("letter_requests.id"), nullable=True, index=True),
    Column("kind", String(40), nullable=False),
    Column("content_type", String(40), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("storage_key", String(200), nullable=False),
    Column("uploaded_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

number_counters = Table(
    "number_counters",
    metadata,
    Column("village", String(10), nullable=False),
    Column("year", Integer, nullable=False),
    Column("sequence_key", String(32), nullable=False),
    Column("last_value", BigInteger, nullable=False),
    PrimaryKeyConstraint("village", "year", "sequence_key"),
)

letters = Table(
    "letters",
    metadata,
    Column("request_id", Uuid, ForeignKey("letter_requests.id"), primary_key=True),
    Column("village", String(10), nullable=False),
    Column("resident_id", Uuid, nullable=False),
    Column("number", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("sequence_key", String(32), nullable=False),
    Column("nomor", Integer, nullable=False),
    Column("code", String(24), nullable=False, unique=True, comment="verification code (upper-case base32)"),
    Column("key_id", String(16), ForeignKey("signing_keys.key_id"), nullable=False),
    Column("type_code", String(32), nullable=False),
    Column("type_title", String(120), nullable=False),
    Column("type_snapshot", JSON, nullable=False),
    Column("template", Text, nullable=True),
    Column("fields", JSON, nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("valid_until", Date, nullable=True),
    Column("holder_ref", String(32), nullable=False),
    Column("holder_name_masked", String(200), nullable=False),
    Column("signer_subject", String(64), nullable=False),
    Column("signer_role", String(10), nullable=False),
    Column("signer_name", String(120), nullable=False),
    Column("signer_position", String(120), nullable=False),
    Column("signer_on_behalf_of", String(120), nullable=True),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("pdf_key", String(200), nullable=True),
    Column("pdf_sha256", String(64), nullable=True),
    Column("pdf_size", Integer, nullable=True),
    Column("digest", String(32), nullable=True, comment="hex of the 16-byte content digest the QR carries"),
    Column("archive_data", JSON, nullable=True, comment="what was printed, with the NIK/KK masked"),
    Column("rendered_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("revoked_by", String(64), nullable=True),
    Column("revocation_reason", String(500), nullable=True),
    UniqueConstraint("village", "number", name="uq_letters_village_number"),
    UniqueConstraint("village", "year", "sequence_key", "nomor", name="uq_letters_sequence_nomor"),
)
Index("ix_letters_village_year", letters.c.village, letters.c.year)
