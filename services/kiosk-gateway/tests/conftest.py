"""Fixtures of the gateway's own tests (the device-stack fixtures come from the balai_kiosk plugin)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from balai.kiosk.config import Settings
from balai.kiosk.testing import FakeCardReader, FakeCentre, FakeResident

CARD = "04A23B12"
PIN = "240517"
RESIDENT = "0193a7e2-0000-7000-8000-000000000001"


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings for a gateway on its own SQLite file in ``tmp_path``, with quick timings."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "environment": "test",
            "data_dir": str(tmp_path),
            "log_json": False,
            "centre": {"url": "http://centre.test", "device_id": "0193a7e2-0000-7000-8000-00000000d001"},
            "pcsc_enabled": False,
            "idle_timeout_s": 60,
            "heartbeat_interval_s": 3600,
            "probe_interval_s": 0.05,
            "sender_backoff_s": (0.05, 0.2),
            "request_wait_s": 2.0,
            "bridge_port": 8787,
            "village_name": "Desa Mojowarno",
            # Every test has a new database: migrate it here rather than start a child process each time
            # (the child, the gateway's default, is tested in unit/test_memory.py).
            "migrate_in_subprocess": False,
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def centre() -> FakeCentre:
    return FakeCentre(residents={CARD: FakeResident(RESIDENT, PIN)})


@pytest.fixture
def card_reader() -> FakeCardReader:
    return FakeCardReader()
