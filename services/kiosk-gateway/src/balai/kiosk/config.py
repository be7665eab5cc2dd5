"""Settings of the kiosk gateway: environment variables prefixed ``KIOSK_`` over a TOML config file.

Precedence: arguments to ``Settings(...)`` > ``KIOSK_*`` environment (nested with ``__``, e.g.
``KIOSK_CENTRE__DEVICE_ID``) > ``.env`` > the TOML file named by ``config_file`` / ``KIOSK_CONFIG_FILE``
> defaults. The TOML file has three tables:

.. code-block:: toml

    [kiosk]                    # any top-level setting below: data_dir, bridge_port, idle_timeout_s...
    data_dir = "/var/lib/balai-kiosk"

    [centre]                   # where the centre is and who this kiosk is there
    url = "https://balai.rembangkab.go.id"
    device_id = "0193..."      # given by the operator when the kiosk is enrolled

    [devices.card_reader]      # see balai.kiosk.devices.config
    reader_filter = "ACR1252"

Unlike the central services, the gateway runs on the kiosk PC with its own SQLite file and no NATS or
Redis (the edge service shape, `balai.common.edge`); the NATS and Redis settings it inherits are unused,
and ``relay_enabled`` and ``consumers_enabled`` default to False.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, InitSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

from balai.common.litedb import sqlite_file
from balai.common.settings import BaseServiceSettings, service_config
from balai.kiosk.devices.config import DeviceConfig

__all__ = ["CentreConfig", "Settings"]

CONFIG_FILE_ENV = "KIOSK_CONFIG_FILE"


class CentreConfig(BaseModel):
    """The centre (the regency's Balai deployment) and this kiosk's identity there."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(default="", description="Origin of the centre, e.g. https://balai.rembangkab.go.id")
    device_id: str = Field(default="", description="Device id the operator got when enrolling this kiosk.")
    village: str = Field(default="", description="The kiosk's village code (shown on the status), e.g. 3317092016.")
    identity_path: str = "/api/identity"
    letters_path: str = "/api/letters"
    aid_path: str = "/api/aid"
    timeout_s: float = Field(default=10.0, gt=0, le=120)
    ca_file: str | None = Field(default=None, description="CA bundle for a centre with a private CA.")

    @field_validator("url")
    @classmethod
    def _origin(cls, value: str) -> str:
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("centre url must start with https:// (or http:// for tests)")
        return value.rstrip("/")


class Settings(BaseServiceSettings):
    service_name: ClassVar[str] = "kiosk"
    model_config = SettingsConfigDict(**service_config("KIOSK_"), env_nested_delimiter="__")

    config_file: str = ""
    """The TOML config file (also ``KIOSK_CONFIG_FILE``); empty = none."""
    relay_enabled: bool = False
    consumers_enabled: bool = False
    migrate_in_subprocess: bool = True
    """A new or upgraded database is migrated by a child process: the gateway itself never loads Alembic
    or SQLAlchemy."""

    centre: CentreConfig = Field(default_factory=CentreConfig)
    devices: DeviceConfig = Field(default_factory=DeviceConfig)
    pcsc_enabled: bool = True
    """False on a kiosk with only a keyboard-style card reader (or no pyscard)."""
    device_key_file: str = ""
    """The kiosk's Ed25519 private key (PEM, mode 0600); empty = ``<data_dir>/device.key``."""

    bridge_host: str = "127.0.0.1"
    bridge_port: int = Field(default=8787, ge=0, le=65535)
    local_origin: str = ""
    """The origin the kiosk screen is served from; empty = ``http://127.0.0.1:<bridge_port>``."""
    extra_origins: list[str] = Field(default_factory=list)
    """Further origins allowed to call the bridge; each gets CORS. The centre's origin always is (the
    kiosk's browser may open the PWA's kiosk mode from the centre)."""
    pwa_dir: str = ""
    """A built PWA to serve at ``/`` of the bridge (so the kiosk screen works while the link is down)."""

    idle_timeout_s: float = Field(default=60.0, gt=0)
    heartbeat_interval_s: float = Field(default=30.0, gt=0)
    enrolment_poll_s: float = Field(default=15.0, gt=0)
    """How often a kiosk not enrolled yet asks the centre whether an operator has enrolled its key."""
    probe_interval_s: float = Field(default=5.0, gt=0)
    """How often the centre is probed while it is unreachable (backs off to 12x this)."""
    sender_backoff_s: tuple[float, float] = (2.0, 300.0)
    """First and longest wait between attempts to send a queued request."""
    request_wait_s: float = Field(default=8.0, ge=0)
    """How long ``POST /bridge/requests`` waits for the centre before answering "queued"."""
    village_name: str = ""
    """Printed on queue tickets, e.g. "Desa Mojowarno"."""
    ticket_service: str = "Layanan Administrasi Desa"

    @field_validator("bridge_host")
    @classmethod
    def _loopback_only(cls, value: str) -> str:
        if value != "localhost" and not ipaddress.ip_address(value).is_loopback:
            raise ValueError("the bridge listens on a loopback address only (127.0.0.1 or ::1)")
        return value

    @model_validator(mode="after")
    def _production_centre(self) -> Settings:
        if self.environment == "production" and urlsplit(self.centre.url).scheme != "https":
            raise ValueError("production needs [centre] url = https://...")
        if sqlite_file(self.effective_database_url) is None:
            raise ValueError("the gateway keeps its queue in an SQLite file: database_url = sqlite:///path (or empty)")
        return self

    @property
    def key_path(self) -> Path:
        return Path(self.device_key_file or Path(self.data_dir) / "device.key")

    @property
    def origin(self) -> str:
        return (self.local_origin or f"http://127.0.0.1:{self.bridge_port}").rstrip("/")

    @property
    def cors_origins(self) -> list[str]:
        """Origins other than the bridge's own that may call it (with CORS)."""
        centre = urlsplit(self.centre.url)
        origins = [*self.extra_origins, f"{centre.scheme}://{centre.netloc}" if self.centre.url else ""]
        return sorted({o.rstrip("/") for o in origins if o})

    @property
    def allowed_origins(self) -> frozenset[str]:
        port = urlsplit(self.origin).port or self.bridge_port
        return frozenset({self.origin, f"http://localhost:{port}", f"http://127.0.0.1:{port}", *self.cors_origins})

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Host header values the bridge answers (a DNS-rebinding page sends its own name)."""
        port = urlsplit(self.origin).port or self.bridge_port
        return frozenset({urlsplit(self.origin).netloc, f"localhost:{port}", f"127.0.0.1:{port}"})

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            _TomlConfigFile(settings_cls, init_settings),
            file_secret_settings,
        )


class _TomlConfigFile(PydanticBaseSettingsSource):
    """The ``[kiosk]``, ``[centre]`` and ``[devices]`` tables of the file named by ``config_file``."""

    def __init__(self, settings_cls: type[BaseSettings], init: PydanticBaseSettingsSource) -> None:
        super().__init__(settings_cls)
        self._init = init

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads the whole file at once

    def __call__(self) -> dict[str, Any]:
        given = self._init.init_kwargs.get("config_file") if isinstance(self._init, InitSettingsSource) else None
        path = given or os.environ.get(CONFIG_FILE_ENV, "")
        if not path:
            return {}
        with Path(path).open("rb") as fh:  # a named file that is missing is an error, not "no config"
            data = tomllib.load(fh)
        unknown = set(data) - {"kiosk", "centre", "devices"}
        if unknown:
            raise ValueError(f"{path}: unknown tables {sorted(unknown)}; expected [kiosk], [centre], [devices]")
        values: dict[str, Any] = dict(data.get("kiosk", {}))
        for table in ("centre", "devices"):
            if table in data:
                values[table] = data[table]
        return values
