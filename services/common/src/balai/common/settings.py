"""Settings every service shares (pydantic-settings); each service subclasses with its own env prefix."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_PREFIX = "dev-insecure-"  # noqa: S105 - a marker, never a secret


class BaseServiceSettings(BaseSettings):
    """Common knobs. A service declares `service_name` and `model_config = service_config("LETTERS_")`."""

    service_name: ClassVar[str] = "service"
    model_config = SettingsConfigDict(extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = ""
    """Empty means the embedded default: an SQLite file per service under `data_dir`."""
    db_pool_size: int = Field(default=10, ge=1, le=200)
    """PostgreSQL connections each process keeps open; size it so processes x (pool + overflow) stays
    under the server's max_connections (or PgBouncer's pool)."""
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    """Extra connections a process may open under a burst, closed again when returned."""
    data_dir: str = "./data"
    migrate_on_start: bool = True
    migrate_in_subprocess: bool = False
    """Start-up migrations in a child process that ends before the service serves (only when the database
    is behind): the serving process never loads Alembic. The kiosk gateway's default."""
    nats_url: str = "nats://127.0.0.1:4222"
    nats_prefix: str = ""
    """Namespace for streams and subjects; empty in production, unique per test run."""
    stream_replicas: int = 1
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: str = "balai:"
    jwks_url: str = "http://127.0.0.1:8000/api/identity/.well-known/jwks.json"
    jwt_issuer: str = "balai-identity"
    jwt_audience: str = "balai"
    public_origin: str = "http://127.0.0.1:8000"
    nik_hash_key: SecretStr = SecretStr(DEV_SECRET_PREFIX + "nik-hash-key-change-me")
    """Shared by every service: keyed NIK hashes let services match a NIK without storing it."""
    relay_enabled: bool = True
    consumers_enabled: bool = True
    log_level: str = "INFO"
    log_json: bool = True

    @model_validator(mode="after")
    def _refuse_dev_secrets_outside_development(self) -> BaseServiceSettings:
        if self.environment != "production":
            return self
        weak = [name for name, value in self if _is_weak_secret(value)]
        if weak:
            raise ValueError(
                f"refusing to start in production with development secrets: {', '.join(sorted(weak))}; "
                "set each to a random value of at least 32 characters"
            )
        if not self.database_url:
            raise ValueError("production needs an explicit database_url (PostgreSQL)")
        return self

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir}/{self.service_name}.db"


def _is_weak_secret(value: Any) -> bool:
    if not isinstance(value, SecretStr):
        return False
    secret = value.get_secret_value()
    return secret.startswith(DEV_SECRET_PREFIX) or len(secret) < 32


def service_config(env_prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=env_prefix, env_file=".env", extra="ignore")
