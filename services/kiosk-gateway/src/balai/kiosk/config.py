"""Settings of the kiosk gateway service (environment variables prefixed `KIOSK_`)."""

from __future__ import annotations

from typing import ClassVar

from balai.common.settings import BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "kiosk"
    model_config = service_config("KIOSK_")
