"""Settings of the letters service (environment variables prefixed `LETTERS_`)."""

from __future__ import annotations

from typing import ClassVar

from balai.common.settings import BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "letters"
    model_config = service_config("LETTERS_")
