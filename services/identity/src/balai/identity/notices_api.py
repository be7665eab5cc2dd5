"""Routes of village notices (pengumuman desa): the public board, and writing it. Parse -> handler."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from balai.common.auth import Caller
from balai.common.errors import Problem
from balai.common.idempotency import run_idempotent
from balai.common.timestamps import local_date
from balai.identity.notices_handlers import (
    Clock,
    NoticeContext,
    archive_notice,
    board,
    edit_notice,
    every_notice,
    public_notice,
    publish_notice,
    require_author,
)
from balai.identity.notices_schemas import (
    NOTICE_CATEGORIES,
    NoticeBoard,
    NoticeCategoryOut,
    NoticeIn,
    NoticeList,
    NoticeOut,
    NoticePatch,
    NoticePublicOut,
    next_offset,
)
from balai.identity.register_deps import UowFactory, VillageCode, actor_of, settings_of
from balai.identity.uow import IdentityUnitOfWork

router = APIRouter(tags=["notices"])

BOARD_CACHE = "public, max-age=60, stale-while-revalidate=300"
Limit = Annotated[int, Query(ge=1, le=50)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


def clock(request: Request) -> Clock:
    """Now, and today's date where the villages are (``IDENTITY_TIMEZONE``, WIB by default)."""
    now = dt.datetime.now(dt.UTC)
    return Clock(now=now, today=local_date(settings_of(request).timezone, now))


Now = Annotated[Clock, Depends(clock)]


def notice_context(request: Request, caller: Caller, now: Now) -> NoticeContext:
    return NoticeContext(caller=caller, actor=actor_of(request, caller.subject), clock=now)


Ctx = Annotated[NoticeContext, Depends(notice_context)]


@router.get(
    "/notices/categories",
    response_model=list[NoticeCategoryOut],
    summary="Notice categories with their Indonesian and English labels (public, cacheable)",
)
async def categories(response: Response) -> list[NoticeCategoryOut]:
    response.headers["Cache-Control"] = "public, max-age=86400"
    return NOTICE_CATEGORIES


@router.get(
    "/villages/{code}/notices",
    response_model=NoticeBoard,
    summary="The village's public notice board: active notices, pinned first then newest (no login)",
)
async def read_board(
    code: VillageCode, uows: UowFactory, now: Now, response: Response, limit: Limit = 20, offset: Offset = 0
) -> NoticeBoard:
    found, total = await board(uows(), code, now, limit=limit, offset=offset)
    response.headers["Cache-Control"] = BOARD_CACHE
    return NoticeBoard(
        items=[NoticePublicOut.of(n) for n in found],
        total=total,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, limit, len(found), total),
    )


@router.get(
    "/villages/{code}/notices/all",
    response_model=NoticeList,
    summary="Every notice of the village, archived and expired ones too (its operator/kades, admin)",
)
async def read_all(
    code: VillageCode, ctx: Ctx, uows: UowFactory, response: Response, limit: Limit = 50, offset: Offset = 0
) -> NoticeList:
    found, total = await every_notice(uows(), code, ctx.caller, limit=limit, offset=offset)
    response.headers["Cache-Control"] = "no-store"
    return NoticeList(
        items=[NoticeOut.staff(n, now=ctx.clock.now, today=ctx.clock.today) for n in found],
        total=total,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, limit, len(found), total),
    )


@router.get(
    "/villages/{code}/notices/{notice_id}",
    response_model=NoticePublicOut,
    summary="One notice of the public board (no login); archived or expired ones are not found",
)
async def read_notice(
    code: VillageCode, notice_id: UUID, uows: UowFactory, now: Now, response: Response
) -> NoticePublicOut:
    notice = await public_notice(uows(), code, notice_id, now)
    response.headers["Cache-Control"] = BOARD_CACHE
    return NoticePublicOut.of(notice)


@router.post(
    "/villages/{code}/notices",
    response_model=NoticeOut,
    status_code=201,
    summary="Publish a notice now (its operator/kades, admin). Takes an Idempotency-Key.",
)
async def post_notice(
    code: VillageCode,
    body: NoticeIn,
    ctx: Ctx,
    uows: UowFactory,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    require_author(ctx.caller, code)

    async def work(uow: IdentityUnitOfWork) -> tuple[int, Any]:
        notice = await publish_notice(uow, code, body.text(), ctx)
        return 201, NoticeOut.staff(notice, now=ctx.clock.now, today=ctx.clock.today).model_dump(mode="json")

    result = await run_idempotent(
        uows,
        scope=f"notices:{ctx.caller.subject}",
        key=idempotency_key,
        request={"village": code, **body.model_dump(mode="json")},
        work=work,
    )
    return result.as_response()


@router.patch(
    "/villages/{code}/notices/{notice_id}",
    response_model=NoticeOut,
    summary="Correct a notice: title, body, category, pin, expiry (its operator/kades, admin)",
)
async def patch_notice(code: VillageCode, notice_id: UUID, body: NoticePatch, ctx: Ctx, uows: UowFactory) -> NoticeOut:
    try:
        changes = body.changes()
    except ValueError as exc:
        raise Problem(422, "validation", f"Isian ini tidak boleh dikosongkan: {exc}.") from None
    notice = await edit_notice(uows(), code, notice_id, changes, ctx)
    return NoticeOut.staff(notice, now=ctx.clock.now, today=ctx.clock.today)


@router.post(
    "/villages/{code}/notices/{notice_id}/archive",
    response_model=NoticeOut,
    summary="Take a notice off the public board (its operator/kades, admin); again: no change",
)
async def post_archive(code: VillageCode, notice_id: UUID, ctx: Ctx, uows: UowFactory) -> NoticeOut:
    notice = await archive_notice(uows(), code, notice_id, ctx)
    return NoticeOut.staff(notice, now=ctx.clock.now, today=ctx.clock.today)
