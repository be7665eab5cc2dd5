"""Command and event handlers of the marketplace service: one small function each.

A command handler works inside an open unit of work and never commits: `run()` opens the unit, calls
the handler and commits (state and events together), `run_once()` does the same under an
`Idempotency-Key`. So every write path is all-or-nothing, and a handler reads as the rule it applies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from balai.common.errors import Problem
from balai.common.idempotency import StoredResponse, run_idempotent
from balai.common.service import Runtime
from balai.contracts.identity import VillageEnabledV1
from balai.marketplace import commands as c
from balai.marketplace.handlers import orders, products, shops, villages
from balai.marketplace.uow import MarketplaceUnitOfWork, unit_of_work

C = TypeVar("C")
R = TypeVar("R")
Handler = Callable[[C, MarketplaceUnitOfWork], Awaitable[R]]


async def run(runtime: Runtime, handler: Handler[C, R], command: C) -> R:
    uow = unit_of_work(runtime)
    async with uow:
        result = await handler(command, uow)
        await uow.commit()
    return result


async def run_once(
    runtime: Runtime,
    handler: Handler[C, R],
    command: C,
    *,
    scope: str,
    key: str | None,
    request: Any,
    render: Callable[[R], Any],
    status: int = 201,
) -> StoredResponse:
    """Run under an idempotency key: a retry answers with the first response and changes nothing.

    A twin sent at the same moment runs too and loses at commit -- but it may first lose a race for the
    last items to the very order it duplicates (409). So a conflict with a key looks once more: if the
    twin has committed meanwhile, its stored response is the answer."""

    async def work(uow: MarketplaceUnitOfWork) -> tuple[int, Any]:
        return status, render(await handler(command, uow))

    async def attempt() -> StoredResponse:
        return await run_idempotent(lambda: unit_of_work(runtime), scope=scope, key=key, request=request, work=work)

    try:
        return await attempt()
    except Problem as problem:
        if key is None or problem.status != 409:
            raise
        return await attempt()


COMMAND_HANDLERS: dict[type, Callable[..., Awaitable[Any]]] = {
    c.OpenShop: shops.open_shop,
    c.EditShop: shops.edit_shop,
    c.ApproveShop: shops.approve_shop,
    c.SuspendShop: shops.suspend_shop,
    c.ListProduct: products.list_product,
    c.EditProduct: products.edit_product,
    c.HideProduct: products.hide_product,
    c.UnhideProduct: products.unhide_product,
    c.AddPhoto: products.add_photo,
    c.RemovePhoto: products.remove_photo,
    c.PlaceOrder: orders.place_order,
    c.ChangeOrder: orders.change_order,
}
EVENT_HANDLERS: dict[type, Sequence[Callable[..., Awaitable[None]]]] = {
    VillageEnabledV1: [villages.village_enabled],
}
