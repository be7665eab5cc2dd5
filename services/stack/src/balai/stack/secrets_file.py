"""Secrets of an embedded deployment, generated once into the data folder and reused on every start:
PINs hashed with a pepper, keys sealed with a key, NIK hashes keyed -- all must survive a restart."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

NAMES = ("nik_hash_key", "pin_pepper", "seal_key", "letters_seal_key", "admin_password", "service_password")


def load_or_create(data_dir: Path) -> dict[str, str]:
    path = data_dir / "secrets.json"
    values: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = [name for name in NAMES if name not in values]
    if missing:
        values.update({name: secrets.token_urlsafe(32) for name in missing})
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(values, indent=2))
        os.chmod(tmp, 0o600)
        tmp.replace(path)
    return values
