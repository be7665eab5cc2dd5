"""Settings of the identity service (environment variables prefixed `IDENTITY_`)."""

from __future__ import annotations

from typing import ClassVar

from balai.common.settings import BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "identity"
    model_config = service_config("IDENTITY_")
