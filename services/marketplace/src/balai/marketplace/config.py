"""Settings of the marketplace service (environment variables prefixed `MARKETPLACE_`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from balai.common.settings import BaseServiceSettings, service_config


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "marketplace"
    model_config = service_config("MARKETPLACE_")

    media_dir: str = ""
    """Where product photos are stored; empty means `<data_dir>/marketplace-media`."""
    max_upload_bytes: int = 5 * 1024 * 1024
    max_image_pixels: int = 50_000_000
    """Decoded size limit (width x height) of an upload: a 48 MP phone photo passes, a decompression bomb not."""
    max_image_side: int = 12_000
    photo_max_side: int = 1600
    thumb_side: int = 320
    photo_quality: int = 80
    image_workers: int = 2
    """Uploads decoded at once (each may take a few hundred MB of memory for a moment)."""

    @property
    def media_path(self) -> Path:
        return Path(self.media_dir) if self.media_dir else Path(self.data_dir) / "marketplace-media"
