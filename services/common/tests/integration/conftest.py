from __future__ import annotations

import pytest

from balai.common.testing.harness import RunningService

pytestmark = pytest.mark.integration


async def stream_count(svc: RunningService) -> int:
    await svc.runtime.bus.wait_ready(5)
    try:
        info = await svc.runtime.bus.js.stream_info(svc.runtime.bus.stream_name("demo"))
    except Exception:
        return 0
    return int(info.state.messages)
