"""Alembic per service, run programmatically (on start-up in development, by command in production).

A service keeps its revisions in `balai/<service>/migrations/` (inside the package, so an installed
wheel still carries them); its `env.py` is two lines that call `run_env()`; the service's metadata is
handed to Alembic by the caller, so there is one env.py logic for all services.

Alembic is imported only when there is something to do: `upgrade` first reads the database's
`alembic_version` with plain SQL and the scripts' `revision`/`down_revision` without running them, and
returns when the database is already at head (every restart after the first). `upgrade_in_subprocess`
runs Alembic in a child process that ends before start-up goes on (the kiosk gateway: its serving
process never holds Alembic, Mako or SQLAlchemy; this module imports SQLAlchemy only where it uses it).

Production:  `python -m balai.common.migrations balai.letters upgrade` (LETTERS_DATABASE_URL set).
New revision: `python -m balai.common.migrations balai.letters revision "add letter types"`.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import importlib
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from balai.common.litedb import sqlite_file

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, MetaData
    from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

URL_ENV = "BALAI_MIGRATIONS_DATABASE_URL"
"""How `upgrade_in_subprocess` hands the database URL to its child (not on the command line: ps shows that)."""


def alembic_config(script_location: Path, url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def script_heads(script_location: Path) -> frozenset[str] | None:
    """The head revisions of the scripts in `<script_location>/versions`, read without importing Alembic
    or the scripts (`revision` and `down_revision` are literals in every script Alembic writes). None
    when a script does not state them plainly: then only Alembic can tell."""
    versions = script_location / "versions"
    revisions: set[str] = set()
    parents: set[str] = set()
    scripts = sorted(p for p in versions.rglob("*.py") if p.name != "__init__.py" and not p.name.startswith(".#"))
    if not scripts:
        return None
    for path in scripts:
        try:
            values = _literal_assignments(path, ("revision", "down_revision"))
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            return None
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str) or revision in revisions:
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list) and all(isinstance(d, str) for d in down):
            parents.update(down)
        elif down is not None:
            return None
    return frozenset(revisions - parents)


def _literal_assignments(path: Path, names: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            continue
        if name in names:
            values[name] = ast.literal_eval(value)
    return values


async def at_head(engine: AsyncEngine, script_location: Path) -> bool:
    """True when the database's `alembic_version` names exactly the scripts' heads. False when it is
    behind, has no version table yet, cannot be read, or the scripts cannot be read without Alembic."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    heads = script_heads(script_location)
    if not heads:
        return False
    try:
        async with engine.connect() as conn:
            stamped = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    except SQLAlchemyError:  # no version table yet (a new database), or not reachable: Alembic's turn
        return False
    return _same(stamped, heads)


async def url_at_head(url: str, script_location: Path) -> bool:
    """`at_head` for a database URL: an SQLite file is read with the standard library's sqlite3 (no
    SQLAlchemy loaded), anything else through a short-lived engine."""
    heads = script_heads(script_location)
    if not heads:
        return False
    path = sqlite_file(url)
    if path is None:
        from balai.common.db import create_engine

        engine = create_engine(url)
        try:
            return await at_head(engine, script_location)
        finally:
            await engine.dispose()

    def stamped() -> list[str] | None:
        if not path.exists():
            return None
        try:
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
                return [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
        except sqlite3.Error:  # no version table yet
            return None

    found = await asyncio.to_thread(stamped)
    return found is not None and _same(found, heads)


def _same(stamped: Sequence[str], heads: frozenset[str]) -> bool:
    return len(stamped) == len(heads) and set(stamped) == heads


async def upgrade(engine: AsyncEngine, script_location: Path, metadata: MetaData, revision: str = "head") -> None:
    if revision == "head" and await at_head(engine, script_location):
        return

    def _run(connection: Connection) -> None:
        from alembic import command

        config = alembic_config(script_location)
        config.attributes["connection"] = connection
        config.attributes["metadata"] = metadata
        command.upgrade(config, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)


def can_migrate_in_subprocess(url: str) -> bool:
    """False for an in-memory SQLite database: a child process could not see it."""
    return not url.startswith("sqlite") or sqlite_file(url) is not None


async def upgrade_in_subprocess(url: str, script_location: Path) -> None:
    """Upgrade the database at `url` to head with Alembic in a child process (`python -m
    balai.common.migrations --scripts ... upgrade`) that has finished when this returns; no child is
    started when the database is already at head."""
    if not can_migrate_in_subprocess(url):
        raise ValueError("an in-memory SQLite database cannot be migrated by a child process")
    if await url_at_head(url, script_location):
        return
    command = [sys.executable, "-m", "balai.common.migrations", "--scripts", str(script_location), "upgrade"]
    env = {**os.environ, URL_ENV: url}
    log.info("migrating the database (%s) in a child process", script_location)
    done = await asyncio.to_thread(subprocess.run, command, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"migrations in {script_location} failed (exit {done.returncode}); see the log above")


def run_env() -> None:
    """Body of every service's migrations/env.py."""
    from alembic import context

    metadata: MetaData | None = context.config.attributes.get("metadata")  # only autogenerate needs it
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
        from balai.common.db import create_engine

        engine = create_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(_run_with, metadata)
        await engine.dispose()

    asyncio.run(online())


def _run_with(connection: Connection, metadata: MetaData | None) -> None:
    from alembic import context

    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def _upgrade_scripts(script_location: Path) -> int:
    """The child of `upgrade_in_subprocess`: the URL from the environment, no service imported."""
    url = os.environ.get(URL_ENV, "")
    if not url:
        print(f"{URL_ENV} is not set", file=sys.stderr)  # noqa: T201
        return 2

    from sqlalchemy import MetaData

    from balai.common.db import create_engine

    async def run() -> None:
        engine = create_engine(url)
        try:
            await upgrade(engine, script_location, MetaData())
        finally:
            await engine.dispose()

    asyncio.run(run())
    return 0


def _main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--scripts" and argv[2] == "upgrade":
        return _upgrade_scripts(Path(argv[1]))
    if len(argv) < 2 or argv[1] not in ("upgrade", "revision"):
        print(  # noqa: T201
            "usage: python -m balai.common.migrations balai.<service> upgrade | revision MESSAGE", file=sys.stderr
        )
        return 2
    from balai.common.db import create_engine

    service = importlib.import_module(f"{argv[0]}.main").SERVICE
    settings = service.settings_type()
    if argv[1] == "upgrade":

        async def run() -> None:
            engine = create_engine(settings.effective_database_url)
            await upgrade(engine, service.migrations, service.metadata)
            await engine.dispose()

        asyncio.run(run())
        return 0
    from alembic import command

    config = alembic_config(service.migrations, settings.effective_database_url)
    config.attributes["metadata"] = service.metadata
    command.revision(config, message=" ".join(argv[2:]) or "change", autogenerate=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
