from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest

from balai.common.testing.harness import RunningService

pytestmark = pytest.mark.integration


async def eventually(check: Callable[[], Awaitable[bool]], *, timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


async def stream_count(svc: RunningService) -> int:
    await svc.runtime.bus.wait_ready(5)
    try:
        info = await svc.runtime.bus.js.stream_info(svc.runtime.bus.stream_name("demo"))
    except Exception:
        return 0
    return int(info.state.messages)
