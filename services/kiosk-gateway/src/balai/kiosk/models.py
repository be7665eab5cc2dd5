"""Tables of the kiosk gateway (SQLAlchemy 2 Core) in its own SQLite file on the kiosk PC.

``pending_requests`` is the offline queue: every letter request taken at the kiosk is written here first,
with its idempotency key, and a single sender delivers it to the letters service (now, or when the link
returns). The row keeps the resident's short kiosk token only until the request is delivered or the token
runs out. ``ticket_counters`` numbers queue tickets per day. The messaging tables (outbox, inbox...) come
with every Balai service; the gateway publishes no events, so they stay empty.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Text

from balai.common.db import new_metadata
from balai.common.messaging_tables import add_messaging_tables

metadata = new_metadata()
messaging = add_messaging_tables(metadata)

pending_requests = Table(
    "pending_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("subject", String(64), nullable=False, index=True),
    Column("village", String(10), nullable=True),
    Column("letter_type", String(80), nullable=False),
    Column("body", JSON, nullable=False),
    Column("access_token", Text, nullable=True),
    Column("token_expires_at", DateTime(timezone=True), nullable=True),
    Column("status", String(16), nullable=False, index=True),
    # pending -> sent | failed; pending -> waiting_auth (token ran out) -> pending (same resident logs in)
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text, nullable=True),
    Column("response", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
)

ticket_counters = Table(
    "ticket_counters",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("service", String(80), primary_key=True),
    Column("last_number", Integer, nullable=False),
)
