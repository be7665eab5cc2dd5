"""Alembic per service, run programmatically (on start-up in development, by command in production).

A service keeps its revisions in `balai/<service>/migrations/` (inside the package, so an installed
wheel still carries them); its `env.py` is two lines that call `run_env()`; the service's metadata is
handed to Alembic by the caller, so there is one env.py logic for all services.

Production:  `python -m balai.common.migrations balai.letters upgrade` (LETTERS_DATABASE_URL set).
New revision: `python -m balai.common.migrations balai.letters revision "add letter types"`.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from balai.common.db import create_engine


def alembic_config(script_location: Path, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, script_location: Path, metadata: MetaData, revision: str = "head") -> None:
    def _run(connection: Connection) -> None:
        config = alembic_config(script_location)
        config.attributes["connection"] = connection
        config.attributes["metadata"] = metadata
        command.upgrade(config, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)


def run_env() -> None:
    """Body of every service's migrations/env.py."""
    metadata: MetaData = context.config.attributes["metadata"]
    connection: Connection | None = context.config.attributes.get("connection")
    if connection is not None:
        _run_with(connection, metadata)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    if not url:
        raise RuntimeError("set sqlalchemy.url (or call balai.common.migrations.upgrade)")

    async def online() -> None:
        engine = create_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(_run_with, metadata)
        await engine.dispose()

    asyncio.run(online())


def _run_with(connection: Connection, metadata: MetaData) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def _main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in ("upgrade", "revision"):
        print(  # noqa: T201
            "usage: python -m balai.common.migrations balai.<service> upgrade | revision MESSAGE", file=sys.stderr
        )
        return 2
    service = importlib.import_module(f"{argv[0]}.main").SERVICE
    settings = service.settings_type()
    if argv[1] == "upgrade":

        async def run() -> None:
            engine = create_engine(settings.effective_database_url)
            await upgrade(engine, service.migrations, service.metadata)
            await engine.dispose()

        asyncio.run(run())
        return 0
    config = alembic_config(service.migrations, settings.effective_database_url)
    config.attributes["metadata"] = service.metadata
    command.revision(config, message=" ".join(argv[2:]) or "change", autogenerate=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
