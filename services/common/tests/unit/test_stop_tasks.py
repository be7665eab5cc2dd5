"""Stopping background tasks when a cancellation gets lost (Python 3.11's wait_for in client libraries)."""

from __future__ import annotations

import asyncio

from balai.common.bus import stop_tasks


async def test_a_task_that_lost_its_first_cancellation_is_cancelled_again() -> None:
    swallowed = 0

    async def loop_that_loses_one_cancel() -> None:
        nonlocal swallowed
        while True:
            try:
                await asyncio.sleep(0.01)
            except asyncio.CancelledError:
                if swallowed:
                    raise
                swallowed += 1  # what a library's wait_for does when a result arrives with the cancel

    task = asyncio.create_task(loop_that_loses_one_cancel(), name="consumer-demo")
    await asyncio.sleep(0.02)
    assert await stop_tasks([task], grace_s=0.2) == []
    assert task.cancelled()
    assert swallowed == 1


async def test_a_task_that_never_stops_is_named_and_shutdown_goes_on() -> None:
    release = asyncio.Event()

    async def stubborn() -> None:
        while not release.is_set():
            try:
                await asyncio.sleep(0.01)
            except asyncio.CancelledError:
                continue

    task = asyncio.create_task(stubborn(), name="relay-demo")
    await asyncio.sleep(0.02)
    assert await stop_tasks([task], grace_s=0.05, attempts=2) == ["relay-demo"]
    release.set()  # leave nothing running in the test loop
    await task
