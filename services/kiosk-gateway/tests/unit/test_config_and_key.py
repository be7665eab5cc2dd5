"""Settings from env over a TOML file; the device key file; the enroll-info command."""

from __future__ import annotations

import base64
import io
import json
import stat
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from balai.kiosk.cli import main
from balai.kiosk.config import Settings
from balai.kiosk.keys import LOGIN_AUDIENCE, DeviceKey

TOML = """
[kiosk]
data_dir = "{data}"
idle_timeout_s = 45
village_name = "Desa Mojowarno"

[centre]
url = "https://balai.rembangkab.go.id/"
device_id = "from-file"

[devices.card_reader]
reader_filter = "ACR1252"

[devices.a4_printer]
queue = "A4"
"""


def test_toml_file_under_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(TOML.format(data=tmp_path))
    monkeypatch.setenv("KIOSK_CONFIG_FILE", str(config))
    monkeypatch.setenv("KIOSK_CENTRE__DEVICE_ID", "from-env")
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT_S", "30")
    settings = Settings()
    assert settings.centre.url == "https://balai.rembangkab.go.id"
    assert settings.centre.device_id == "from-env", "the environment wins over the file"
    assert settings.idle_timeout_s == 30
    assert settings.village_name == "Desa Mojowarno"
    assert settings.devices.card_reader.reader_filter == "ACR1252"
    assert settings.devices.a4_printer is not None
    assert settings.devices.a4_printer.queue == "A4"
    assert settings.effective_database_url == f"sqlite+aiosqlite:///{tmp_path}/kiosk.db"
    assert settings.key_path == tmp_path / "device.key"
    assert (settings.relay_enabled, settings.consumers_enabled) == (False, False)
    assert Settings(idle_timeout_s=5).idle_timeout_s == 5, "arguments win over everything"


def test_bad_configs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="loopback"):
        Settings(bridge_host="0.0.0.0")  # noqa: S104 - the point of the test
    production: dict[str, Any] = {
        "environment": "production",
        "database_url": "sqlite+aiosqlite:////x.db",
        "nik_hash_key": "k" * 40,
    }
    with pytest.raises(ValidationError, match=r"production needs \[centre\] url = https"):
        Settings(**production, centre={"url": "http://centre.example"})
    assert Settings(**production, centre={"url": "https://centre.example"}).environment == "production"
    with pytest.raises(ValidationError, match="SQLite file"):
        Settings(database_url="postgresql+asyncpg://kiosk@db/kiosk")
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[printer]\nqueue = 'A4'\n")
    with pytest.raises(ValueError, match="unknown tables"):
        Settings(config_file=str(wrong))
    with pytest.raises(FileNotFoundError):
        Settings(config_file=str(tmp_path / "missing.toml"))


def test_device_key_is_made_once_with_mode_0600_and_signs_assertions(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "device.key"
    key = DeviceKey.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert DeviceKey.load_or_create(path).public_key == key.public_key, "the same key after a restart"
    raw = base64.urlsafe_b64decode(key.public_key + "=")
    assert len(raw) == 32
    assertion = key.assertion("device-1", LOGIN_AUDIENCE, clock_offset=-3600)
    claims = jwt.decode(
        assertion, Ed25519PublicKey.from_public_bytes(raw), algorithms=["EdDSA"], audience=LOGIN_AUDIENCE,
        options={"verify_iat": False, "verify_exp": False},
    )  # fmt: skip
    assert claims["iss"] == "device-1"
    assert claims["exp"] - claims["iat"] == 60
    assert len(claims["jti"]) == 32
    assert key.assertion("device-1", LOGIN_AUDIENCE) != key.assertion("device-1", LOGIN_AUDIENCE)
    path.chmod(0o644)
    DeviceKey.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "a key left readable by others is tightened"


def test_enroll_info_prints_the_public_key_and_a_qr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KIOSK_CONFIG_FILE", raising=False)
    out = io.StringIO()
    assert main(["enroll-info"], out=out) == 0
    text = out.getvalue()
    key = DeviceKey.load_or_create(tmp_path / "device.key")
    assert key.public_key in text
    assert "█" in text, "a QR drawn in the terminal"
    request = json.loads(text.split("permintaan pendaftaran: ")[1].splitlines()[0])
    assert request["public_key"] == key.public_key
    assert "BEGIN PRIVATE KEY" not in text
    assert "Belum terdaftar" in text
