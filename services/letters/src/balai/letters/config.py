"""Settings of the letters service (environment variables prefixed `LETTERS_`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import SecretStr

from balai.common.settings import DEV_SECRET_PREFIX, BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "letters"
    model_config = service_config("LETTERS_")

    identity_url: str = "http://127.0.0.1:8000/api/identity"
    """Base URL of identity: full document data of a resident (with the NIK a letter prints), village profiles."""
    service_username: str = "letters-service"
    """Staff account of kind `service` at identity (role `service`), for `/internal/residents/{id}`."""
    service_password: SecretStr = SecretStr(DEV_SECRET_PREFIX + "letters-service-password")
    seal_key: SecretStr = SecretStr(DEV_SECRET_PREFIX + "letters-seal-key-change-me")
    """Seals (AES-GCM) the villages' private signing keys, archived PDFs and uploaded documents at rest."""
    timezone: str = "Asia/Jakarta"
    """The date printed on a letter and its year for numbering are taken in this time zone."""
    max_upload_bytes: int = 5 * 1024 * 1024
    max_upload_pixels: int = 40_000_000
    verify_rate_limit: int = 60
    """Public verification requests per client address and window (page and JSON together)."""
    verify_rate_window: int = 60
    logo_cache_seconds: int = 600
    warm_up_renderer: bool = True
    """Render one sample letter in the background at start, so the first resident does not wait ~2 s."""
