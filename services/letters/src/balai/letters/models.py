"""Tables of the letters service (SQLAlchemy 2 Core), including its outbox, inbox and dead letters."""

from __future__ import annotations

from balai.common.db import new_metadata
from balai.common.messaging_tables import add_messaging_tables

metadata = new_metadata()
messaging = add_messaging_tables(metadata)
