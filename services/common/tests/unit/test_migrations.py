"""Migrations without Alembic when there is nothing to do: heads read from the scripts, the database's
`alembic_version` read with plain SQL, and the child-process upgrade (the kiosk gateway's)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData

from balai.common.db import create_engine
from balai.common.migrations import (
    alembic_config,
    at_head,
    can_migrate_in_subprocess,
    script_heads,
    upgrade,
    upgrade_in_subprocess,
    url_at_head,
)

REPO = Path(__file__).resolve().parents[4]

SCRIPT = '''"""{message}"""

import sqlalchemy as sa
from alembic import op

revision{annotation} = {revision!r}
down_revision{annotation} = {down!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    {body}


def downgrade() -> None:
    pass
'''


Revisions = list[tuple[str, str | tuple[str, ...] | None]]


def make_scripts(root: Path, revisions: Revisions, *, annotated: bool = False) -> Path:
    """A migrations folder: env.py as every service has it, one table per revision."""
    (root / "versions").mkdir(parents=True)
    (root / "env.py").write_text("from balai.common.migrations import run_env\n\nrun_env()\n")
    for revision, down in revisions:
        body = f'op.create_table("t_{revision}", sa.Column("id", sa.Integer(), primary_key=True))'
        (root / "versions" / f"{revision}_step.py").write_text(
            SCRIPT.format(
                message=revision,
                revision=revision,
                down=down,
                body=body,
                annotation=": str | None" if annotated else "",
            )
        )
    return root


def alembic_heads(root: Path) -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config(root)).get_heads())


@pytest.mark.parametrize(
    ("revisions", "annotated"),
    [
        ([("a1", None)], False),
        ([("a1", None), ("b2", "a1"), ("c3", "b2")], True),
        ([("a1", None), ("b2", "a1"), ("c3", "a1")], False),  # two branches: two heads
        ([("a1", None), ("b2", "a1"), ("c3", "a1"), ("d4", ("b2", "c3"))], False),  # merged again
    ],
)
def test_heads_read_from_the_scripts_are_alembics(tmp_path: Path, revisions: Revisions, annotated: bool) -> None:
    root = make_scripts(tmp_path / "migrations", revisions, annotated=annotated)
    assert script_heads(root) == alembic_heads(root)


def test_every_service_s_heads_are_alembics() -> None:
    folders = sorted(REPO.glob("services/*/src/balai/*/migrations"))
    assert len(folders) >= 5, "the services' migrations were not found"
    for folder in folders:
        assert script_heads(folder) == alembic_heads(folder), folder


def test_a_script_that_does_not_state_its_revision_plainly_leaves_it_to_alembic(tmp_path: Path) -> None:
    root = make_scripts(tmp_path / "migrations", [("a1", None)])
    (root / "versions" / "b2_odd.py").write_text('revision = "b" + "2"\ndown_revision = "a1"\n')
    assert script_heads(root) is None
    assert script_heads(tmp_path / "nothing-here") is None


async def test_upgrade_then_at_head_until_a_new_script_comes(tmp_path: Path) -> None:
    root = make_scripts(tmp_path / "migrations", [("a1", None), ("b2", "a1")])
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    engine = create_engine(url)
    try:
        assert not await at_head(engine, root), "a new database has no version table"
        assert not await url_at_head(url, root)
        await upgrade(engine, root, MetaData())
        assert await at_head(engine, root)
        assert await url_at_head(url, root), "read with the standard library's sqlite3"
        make_scripts(tmp_path / "more", [("c3", "b2")])
        (tmp_path / "more" / "versions" / "c3_step.py").rename(root / "versions" / "c3_step.py")
        assert not await at_head(engine, root), "behind the new head"
        assert not await url_at_head(url, root)
        await upgrade(engine, root, MetaData())
        assert await at_head(engine, root)
    finally:
        await engine.dispose()
    assert not await url_at_head(f"sqlite:///{tmp_path / 'missing.sqlite'}", root)
    assert not (tmp_path / "missing.sqlite").exists(), "looking does not make the file"


async def test_upgrade_in_a_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_scripts(tmp_path / "migrations", [("a1", None), ("b2", "a1")])
    database = tmp_path / "db.sqlite"
    url = f"sqlite+aiosqlite:///{database}"
    await upgrade_in_subprocess(url, root)
    assert await url_at_head(url, root)
    with sqlite3.connect(database) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"t_a1", "t_b2", "alembic_version"} <= tables

    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("a child process for a database already at head")

    monkeypatch.setattr(subprocess, "run", no_child)
    await upgrade_in_subprocess(url, root)
    assert not can_migrate_in_subprocess("sqlite+aiosqlite://")
    assert can_migrate_in_subprocess("postgresql+asyncpg://u@h/db")


async def test_a_failing_child_fails_the_start_up(tmp_path: Path) -> None:
    root = make_scripts(tmp_path / "migrations", [("a1", None)])
    (root / "versions" / "a1_step.py").write_text(
        SCRIPT.format(message="x", revision="a1", down=None, body='raise RuntimeError("no")', annotation="")
    )
    with pytest.raises(RuntimeError, match="failed"):
        await upgrade_in_subprocess(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", root)
