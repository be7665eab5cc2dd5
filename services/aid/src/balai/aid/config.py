"""Settings of the aid service (environment variables prefixed `AID_`)."""

from __future__ import annotations

from typing import ClassVar

from balai.common.settings import BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "aid"
    model_config = service_config("AID_")
