"""Settings of the aid service (environment variables prefixed `AID_`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from balai.common.settings import BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "aid"
    model_config = service_config("AID_")

    check_rate_limit: int = Field(default=10, ge=1)
    """Public aid checks (cek bantuan) allowed per client IP per window."""
    check_rate_window: int = Field(default=60, ge=1)
    """Window of the public check's rate limit, in seconds."""
    import_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    """Largest upload accepted by the import endpoints (5 MiB: some 50,000 rows of a DTKS list)."""
    import_max_rows: int = Field(default=20_000, ge=1)
    """Most participant rows read from one file."""
    import_max_unzipped_bytes: int = Field(default=100 * 1024 * 1024, ge=1024)
    """Largest total uncompressed size of an .xlsx (a workbook is a zip: this stops zip bombs)."""
