"""Settings of the marketplace service (environment variables prefixed `MARKETPLACE_`)."""

from __future__ import annotations

from typing import ClassVar

from balai.common.settings import BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "marketplace"
    model_config = service_config("MARKETPLACE_")
