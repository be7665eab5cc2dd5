"""The first regency admin of a deployment, and the command line for staff accounts.

    python -m balai.identity.bootstrap create-account USERNAME --role regency_admin [--area CODE] [--name NAME]

reads the password from the environment variable BALAI_NEW_PASSWORD (or asks for it), so it never
lands in the shell history.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys

from sqlalchemy import select

from balai.common.auth import REGENCY_ADMIN
from balai.common.db import Database
from balai.common.ids import uuid7
from balai.common.service import Runtime
from balai.identity.config import Settings
from balai.identity.models import staff_accounts
from balai.identity.pins import hash_password, password_problems
from balai.identity.repo_auth import AuthRepository

log = logging.getLogger(__name__)


async def bootstrap_admin(runtime: Runtime, settings: Settings) -> None:
    if settings.bootstrap_admin_password is None:
        return
    async with runtime.db.session() as session, session.begin():
        accounts = (await session.execute(select(staff_accounts.c.roles))).scalars().all()
        if any(REGENCY_ADMIN in roles for roles in accounts):
            return
        password = settings.bootstrap_admin_password.get_secret_value()
        await AuthRepository(session).add_staff(
            uuid7(),
            settings.bootstrap_admin_username,
            "Admin Kabupaten",
            await hash_password(password),
            [REGENCY_ADMIN],
            None,
        )
    log.info("created the first regency admin account %r", settings.bootstrap_admin_username)


async def create_account(
    settings: Settings, username: str, name: str, role: str, area: str | None, password: str
) -> None:
    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session, session.begin():
            repo = AuthRepository(session)
            if await repo.staff_by_username(username) is not None:
                raise SystemExit(f"account {username!r} exists already")
            await repo.add_staff(uuid7(), username, name, await hash_password(password), [role], area)
    finally:
        await db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m balai.identity.bootstrap")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-account", help="create a staff or service account")
    create.add_argument("username")
    create.add_argument(
        "--role", required=True, choices=["regency_admin", "camat", "kades", "operator", "notifier", "service"]
    )
    create.add_argument("--area", default=None, help="village code (or district code for a camat)")
    create.add_argument("--name", default="")
    args = parser.parse_args(argv)
    password = os.environ.get("BALAI_NEW_PASSWORD") or getpass.getpass("Kata sandi / password: ")
    if problems := password_problems(password):
        print(" ".join(problems), file=sys.stderr)  # noqa: T201
        return 2
    area = args.area.replace(".", "") if args.area else None
    asyncio.run(create_account(Settings(), args.username, args.name or args.username, args.role, area, password))
    print(f"account {args.username} created")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
