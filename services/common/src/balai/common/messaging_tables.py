"""Outbox, inbox and dead-letter tables, added to each service's own metadata (and so its migrations)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)

# SQLite only auto-increments an INTEGER PRIMARY KEY.
SEQ = BigInteger().with_variant(Integer(), "sqlite")


@dataclass(frozen=True)
class MessagingTables:
    outbox: Table
    inbox: Table
    dead_letters: Table
    idempotency: Table


def add_messaging_tables(metadata: MetaData) -> MessagingTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", SEQ, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("subject", String(255), nullable=False),
        Column("type", String(120), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
    )
    Index(
        "ix_outbox_unpublished",
        outbox.c.seq,
        postgresql_where=outbox.c.published_at.is_(None),
        sqlite_where=outbox.c.published_at.is_(None),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(120), nullable=False),
        Column("event_id", Uuid, nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    dead_letters = Table(
        "dead_letters",
        metadata,
        Column("seq", SEQ, primary_key=True, autoincrement=True),
        Column("consumer", String(120), nullable=False),
        Column("event_id", String(64), nullable=True),
        Column("subject", String(255), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("error", Text, nullable=False),
        Column("deliveries", Integer, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        Column("scope", String(120), nullable=False),
        Column("key", String(200), nullable=False),
        Column("fingerprint", String(64), nullable=False),
        Column("status", Integer, nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("scope", "key"),
    )
    return MessagingTables(outbox=outbox, inbox=inbox, dead_letters=dead_letters, idempotency=idempotency)
