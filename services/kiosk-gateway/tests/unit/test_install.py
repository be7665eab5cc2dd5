"""The install script and the systemd unit: syntax, what a dry run would do, and the config it writes."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from balai.kiosk.config import Settings

ROOT = Path(__file__).resolve().parents[4]
INSTALL = ROOT / "services" / "kiosk-gateway" / "install.sh"
UNIT = ROOT / "infra" / "systemd" / "balai-kiosk.service"


def dry_run(*args: str) -> str:
    done = subprocess.run(
        ["bash", str(INSTALL), "--dry-run", *args], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def written(output: str, path: str) -> str:
    """The body the dry run would write to ``path``."""
    match = re.search(rf"^\+ write {re.escape(path)} \(mode [0-7]+, [^)]+\):\n(.*?)(?=^\+ |^==> )", output, re.M | re.S)
    assert match, f"{path} is not written"
    return match.group(1)


def test_install_script_is_valid_bash() -> None:
    subprocess.run(["bash", "-n", str(INSTALL)], check=True)
    if shutil.which("shellcheck"):
        subprocess.run(["shellcheck", str(INSTALL)], check=True)


def test_dry_run_installs_the_venv_config_and_unit(tmp_path: Path) -> None:
    output = dry_run("--centre", "https://balai.rembangkab.go.id", "--village", "3317092016", "--port", "8788")
    assert "/opt/balai-kiosk/venv/bin/pip install" in output
    assert "services/kiosk-gateway" in output
    assert "/etc/systemd/system/balai-kiosk.service" in output
    assert "balai.kiosk enroll-info" in output
    config = written(output, "/etc/balai-kiosk/kiosk.toml")
    env = dict(line.split("=", 1) for line in written(output, "/etc/balai-kiosk/kiosk.env").splitlines() if "=" in line)
    assert env["KIOSK_ENVIRONMENT"] == "production"
    assert len(env["KIOSK_NIK_HASH_KEY"]) >= 32
    data = tomllib.loads(config)
    assert data["centre"]["url"] == "https://balai.rembangkab.go.id"
    template = tmp_path / "kiosk.toml"
    template.write_text(config)
    settings = Settings(
        config_file=str(template),
        environment=env["KIOSK_ENVIRONMENT"],
        database_url=env["KIOSK_DATABASE_URL"],
        nik_hash_key=env["KIOSK_NIK_HASH_KEY"],
    )  # the template is a valid production config
    assert settings.bridge_port == 8788
    assert settings.centre.village == "3317092016"
    assert settings.key_path == Path("/var/lib/balai-kiosk/device.key")
    assert settings.devices.a4_printer is not None


def test_the_centre_must_be_https() -> None:
    refused = subprocess.run(
        ["bash", str(INSTALL), "--dry-run", "--centre", "http://balai.example"], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "https://" in refused.stderr


def test_systemd_unit(tmp_path: Path) -> None:
    text = UNIT.read_text()
    for line in (
        "User=balai-kiosk",
        "Restart=always",
        "EnvironmentFile=/etc/balai-kiosk/kiosk.env",
        "ExecStart=/opt/balai-kiosk/venv/bin/python -m balai.kiosk serve",
        "StateDirectory=balai-kiosk",
    ):
        assert line in text.splitlines(), line
    assert re.search(r"^MemoryMax=\d+M$", text, re.M)
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    checked = tmp_path / "balai-kiosk.service"  # verify needs an existing binary and env file
    checked.write_text(
        text.replace("/opt/balai-kiosk/venv/bin/python", shutil.which("python3") or "/usr/bin/python3").replace(
            "EnvironmentFile=", "EnvironmentFile=-"
        )
    )
    verify = subprocess.run(["systemd-analyze", "verify", str(checked)], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stderr
