"""Settings of the identity service (environment variables prefixed `IDENTITY_`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import SecretStr

from balai.common.settings import DEV_SECRET_PREFIX, BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "identity"
    model_config = service_config("IDENTITY_")

    pin_pepper: SecretStr = SecretStr(DEV_SECRET_PREFIX + "pin-pepper-change-me")
    """Mixed into every PIN hash and kept outside the database: a stolen database alone reveals no PIN."""
    seal_key: SecretStr = SecretStr(DEV_SECRET_PREFIX + "seal-key-change-me")
    """Encrypts private signing keys and PINs awaiting delivery at rest (AES-GCM)."""
    access_ttl_seconds: int = 900
    kiosk_session_ttl_seconds: int = 300
    refresh_ttl_seconds: int = 30 * 86400
    pin_max_failures: int = 5
    pin_base_lockout_seconds: int = 60
    pin_delivery_ttl_seconds: int = 24 * 3600
    key_rotation_lead_seconds: int = 600
    """A new signing key is published in the JWKS this long before it signs anything."""
    bootstrap_admin_username: str = "admin"
    bootstrap_admin_password: SecretStr | None = None
    """When set and no regency admin exists yet, one is created on start (first start of a deployment)."""
    regency_code: str | None = None
    """When set (e.g. `33.17`), only villages of this regency can be enabled on this deployment."""
    max_import_bytes: int = 20 * 1024 * 1024
    timezone: str = "Asia/Jakarta"
    """A notice's `expires_on` day ends at midnight in this time zone (WITA/WIT regencies set theirs)."""
