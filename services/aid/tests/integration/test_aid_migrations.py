"""The revisions run on SQLite too (the embedded default), match the models, and seed the default rule.
(PostgreSQL is migrated by every other integration test.)"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, select

from balai.aid.main import SERVICE
from balai.aid.models import exclusion_rules, metadata
from balai.common.db import create_engine
from balai.common.migrations import alembic_config, upgrade


async def test_migrations_on_sqlite_match_the_models_and_seed_the_blt_rule(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'aid.db'}")
    try:
        await upgrade(engine, SERVICE.migrations, metadata)
        async with engine.connect() as conn:
            diff = await conn.run_sync(lambda sync: compare_metadata(MigrationContext.configure(sync), metadata))
            rules = (await conn.execute(select(exclusion_rules.c.kinds, exclusion_rules.c.excludes))).all()
        assert diff == [], "models.py changed without a revision"
        assert rules == [("blt_dd", "bpnt,pkh")]
        async with engine.begin() as conn:
            await conn.run_sync(_downgrade_to_messaging_only)
            left = await conn.run_sync(lambda sync: sorted(inspect(sync).get_table_names()))
        assert "beneficiaries" not in left
        assert "outbox" in left
    finally:
        await engine.dispose()


def _downgrade_to_messaging_only(connection: Connection) -> None:
    config = alembic_config(SERVICE.migrations)
    config.attributes["connection"] = connection
    config.attributes["metadata"] = metadata
    command.downgrade(config, "424833a748de")
