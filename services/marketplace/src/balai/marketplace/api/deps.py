"""What the routes share: the runtime, units of work for reads, pages, area codes, media URLs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request

from balai.common.envelope import area_code
from balai.common.errors import Problem
from balai.common.service import Runtime, runtime_of
from balai.marketplace.uow import MarketplaceUnitOfWork, unit_of_work
from balai.marketplace.views import Page, UrlFor

T = TypeVar("T")
MAX_PAGE = 50
MAX_OFFSET = 2000
"""Deeper pages are refused (refine the search instead): every page stays cheap."""


def _runtime(request: Request) -> Runtime:
    return runtime_of(request)


RuntimeDep = Annotated[Runtime, Depends(_runtime)]


async def _reader(request: Request) -> AsyncIterator[MarketplaceUnitOfWork]:
    async with unit_of_work(runtime_of(request)) as uow:
        yield uow


Reader = Annotated[MarketplaceUnitOfWork, Depends(_reader)]
"""A unit of work for reading (never committed)."""


def _url_for(request: Request) -> UrlFor:
    def url(name: str) -> str:
        return str(request.url_for("media", name=name))

    return url


MediaUrl = Annotated[UrlFor, Depends(_url_for)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Banyaknya hasil per halaman")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Mulai dari hasil ke-")]


def page(items: Sequence[T], limit: int, offset: int) -> Page[T]:
    """`items` was fetched with limit + 1: the extra row only tells whether a next page exists."""
    more = len(items) > limit
    return Page[T](items=list(items[:limit]), next_offset=offset + limit if more else None)


def area(value: str | None, digits: int, label: str) -> str | None:
    """A village (10), district (6) or regency (4) code, with or without dots, as compact digits."""
    if value is None or value == "":
        return None
    try:
        compact = area_code(value)
    except ValueError:
        compact = ""
    if len(compact) != digits:
        raise Problem(422, "invalid_area", f"Kode {label} harus {digits} digit, misalnya {_EXAMPLES[digits]}.")
    return compact


_EXAMPLES = {10: "33.17.09.2016", 6: "33.17.09", 4: "33.17"}
