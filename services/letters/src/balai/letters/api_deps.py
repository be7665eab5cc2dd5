"""FastAPI dependencies shared by the letters routes: the service context, units of work, the acting caller."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated

from fastapi import Depends, Path, Request

from balai.common.auth import RESIDENT, Caller
from balai.common.envelope import area_code
from balai.common.errors import Problem
from balai.common.service import runtime_of
from balai.letters.actor import Actor
from balai.letters.app_context import LettersContext
from balai.letters.uow import LettersUnitOfWork

__all__ = ["ActorDep", "CtxDep", "UowsDep", "VillageDep", "read_body", "require_village_member"]


def _ctx(request: Request) -> LettersContext:
    ctx = runtime_of(request).extras["letters"]
    assert isinstance(ctx, LettersContext)
    return ctx


def _uows(request: Request) -> Callable[[], LettersUnitOfWork]:
    return _ctx(request).unit_of_work


def _actor(caller: Caller) -> Actor:
    return Actor.of(caller)


def _village(code: Annotated[str, Path(description="Kemendagri village code, 33.17.09.2016 or 3317092016")]) -> str:
    try:
        compact = area_code(code)
    except ValueError:
        compact = ""
    if len(compact) != 10:
        raise Problem(404, "unknown_village", "Kode desa tidak dikenal.")
    return compact


CtxDep = Annotated[LettersContext, Depends(_ctx)]
UowsDep = Annotated[Callable[[], LettersUnitOfWork], Depends(_uows)]
ActorDep = Annotated[Actor, Depends(_actor)]
VillageDep = Annotated[str, Depends(_village)]


def require_village_member(actor: Actor, village: str) -> None:
    """Residents of the village and staff whose scope covers it (for non-personal village data)."""
    if RESIDENT in actor.roles and actor.village == village:
        return
    if actor.reads_village(village):
        return
    raise Problem(403, "other_village", "Data ini milik desa lain.")


async def read_body(chunks: AsyncIterator[bytes], limit: int, declared: str | None) -> bytes:
    """The request body, or 413 as soon as it is known to be over ``limit`` bytes."""
    too_large = Problem(413, "upload_too_large", f"Berkas lebih dari {limit // (1024 * 1024)} MB.")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in chunks:
        body.extend(chunk)
        if len(body) > limit:
            raise too_large
    return bytes(body)
