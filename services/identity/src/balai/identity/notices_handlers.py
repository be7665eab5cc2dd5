"""Command and query handlers for village notices: publish, edit, archive, the board. One function each.

Writing is for the village's operator and kades, and the regency admin (``Principal.can_manage_village``);
reading the board is public. Every write checks the caller first, changes the row, queues its event and
an audit row, and commits them together. A notice id of another village is *not found*, as residents are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from balai.common.auth import KADES, OPERATOR, REGENCY_ADMIN, Principal
from balai.common.errors import Problem
from balai.common.ids import uuid7
from balai.contracts.identity import NoticeArchivedV1, NoticePublishedV1
from balai.identity import audit
from balai.identity.notices_domain import Notice, NoticeInvalid, NoticeText, apply_patch, check_text
from balai.identity.regions import dotted_code
from balai.identity.register_access import STAFF
from balai.identity.register_village_handlers import Actor, get_village
from balai.identity.uow import IdentityUnitOfWork


@dataclass(frozen=True)
class Clock:
    """The moment of the request, and the date in the deployment's time zone (expiry is by that date)."""

    now: dt.datetime
    today: dt.date


@dataclass(frozen=True)
class NoticeContext:
    caller: Principal
    actor: Actor
    clock: Clock


def notice_not_found() -> Problem:
    return Problem(404, "notice_not_found", "Pengumuman tidak ditemukan.")


def invalid(exc: NoticeInvalid) -> Problem:
    issues = [{"code": i.code, "field": i.field, "message": i.message} for i in exc.issues]
    detail = "Pengumuman belum dapat disimpan: " + " ".join(i.message for i in exc.issues)
    return Problem(422, "notice_invalid", detail, issues=issues)


def require_author(caller: Principal, village: str) -> None:
    """Write a village's notices: its operator or kades, or the regency admin."""
    if caller.can_manage_village(village):
        return
    if caller.roles & STAFF:
        raise Problem(403, "other_village", "Pengumuman ini milik desa lain atau di luar wewenang Anda.")
    raise Problem(403, "forbidden", "Hanya operator atau kepala desa yang dapat menulis pengumuman.")


def author_role(caller: Principal) -> str:
    for role in (KADES, OPERATOR, REGENCY_ADMIN):
        if role in caller.roles:
            return role
    return "staff"


def _published(notice: Notice) -> NoticePublishedV1:
    return NoticePublishedV1(
        notice_id=notice.id,
        village_code=dotted_code(notice.village),
        title=notice.title,
        category=notice.category.value,
        pinned=notice.pinned,
        published_at=notice.published_at,
        expires_on=notice.expires_on,
    )


async def _load(uow: IdentityUnitOfWork, village: str, notice_id: UUID, *, lock: bool = False) -> Notice:
    notice = await uow.notices.get(village, notice_id, for_update=lock)
    if notice is None:
        raise notice_not_found()
    return notice


async def publish_notice(uow: IdentityUnitOfWork, village: str, text: NoticeText, ctx: NoticeContext) -> Notice:
    """Publish a notice now (inside an open unit of work; the caller commits, once per Idempotency-Key)."""
    require_author(ctx.caller, village)
    try:
        clean = check_text(text, today=ctx.clock.today)
    except NoticeInvalid as exc:
        raise invalid(exc) from None
    await get_village(uow, village)
    notice_id, stamp = uuid7(), ctx.clock.now
    await uow.notices.add(
        {
            "id": notice_id,
            "village": village,
            "title": clean.title,
            "body": clean.body,
            "category": clean.category.value,
            "pinned": clean.pinned,
            "published_at": stamp,
            "expires_on": clean.expires_on,
            "author_id": ctx.caller.subject[:64],
            "author_name": str(ctx.caller.claims.get("name") or "")[:120],
            "author_role": author_role(ctx.caller),
            "archived_at": None,
            "created_at": stamp,
            "updated_at": stamp,
        }
    )
    notice = await _load(uow, village, notice_id)
    uow.emit(_published(notice), village=village, subject=str(notice_id))
    await audit.record(
        uow.session,
        actor=ctx.actor.subject,
        action="notice.publish",
        village=village,
        target=str(notice_id),
        source=ctx.actor.source,
        detail=f"category={clean.category.value} pinned={clean.pinned}",
    )
    return notice


async def edit_notice(
    uow: IdentityUnitOfWork, village: str, notice_id: UUID, patch: Mapping[str, Any], ctx: NoticeContext
) -> Notice:
    """Correct a notice's text, category, pin or expiry. No event: subscribers got it when published."""
    require_author(ctx.caller, village)
    async with uow:
        current = await _load(uow, village, notice_id, lock=True)
        if current.archived:
            raise Problem(409, "notice_archived", "Pengumuman yang sudah diarsipkan tidak dapat diubah.")
        try:
            new, changed = apply_patch(current, patch, today=ctx.clock.today)
        except NoticeInvalid as exc:
            raise invalid(exc) from None
        if not changed:
            return current
        values: dict[str, Any] = {name: getattr(new, name) for name in changed} | {"updated_at": ctx.clock.now}
        if "category" in values:
            values["category"] = new.category.value
        await uow.notices.update(notice_id, values)
        await audit.record(
            uow.session,
            actor=ctx.actor.subject,
            action="notice.update",
            village=village,
            target=str(notice_id),
            source=ctx.actor.source,
            detail="fields=" + ",".join(changed),
        )
        await uow.commit()
        return await _load(uow, village, notice_id)


async def archive_notice(uow: IdentityUnitOfWork, village: str, notice_id: UUID, ctx: NoticeContext) -> Notice:
    """Take a notice off the public board. Archiving it again changes nothing and emits nothing."""
    require_author(ctx.caller, village)
    async with uow:
        current = await _load(uow, village, notice_id, lock=True)
        if current.archived:
            return current
        stamp = ctx.clock.now
        await uow.notices.update(notice_id, {"archived_at": stamp, "updated_at": stamp})
        uow.emit(
            NoticeArchivedV1(notice_id=notice_id, village_code=dotted_code(village), archived_at=stamp),
            village=village,
            subject=str(notice_id),
        )
        await audit.record(
            uow.session,
            actor=ctx.actor.subject,
            action="notice.archive",
            village=village,
            target=str(notice_id),
            source=ctx.actor.source,
        )
        await uow.commit()
        return await _load(uow, village, notice_id)


async def board(
    uow: IdentityUnitOfWork, village: str, clock: Clock, *, limit: int, offset: int
) -> tuple[list[Notice], int]:
    """The public board of an enabled village, one page."""
    async with uow:
        await get_village(uow, village)
        return await uow.notices.board(village, now=clock.now, today=clock.today, limit=limit, offset=offset)


async def public_notice(uow: IdentityUnitOfWork, village: str, notice_id: UUID, clock: Clock) -> Notice:
    """One notice of the board; archived, expired or another village's is not found."""
    async with uow:
        notice = await uow.notices.active(village, notice_id, now=clock.now, today=clock.today)
    if notice is None:
        raise notice_not_found()
    return notice


async def every_notice(
    uow: IdentityUnitOfWork, village: str, caller: Principal, *, limit: int, offset: int
) -> tuple[list[Notice], int]:
    """Every notice of the village for its staff, archived and expired ones included."""
    require_author(caller, village)
    async with uow:
        await get_village(uow, village)
        return await uow.notices.every(village, limit=limit, offset=offset)
