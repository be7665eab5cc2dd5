"""Helpers for the infra tests: read compose.yaml the way `docker compose` would (YAML anchors and merge
keys resolved, `${VAR}` / `${VAR:-default}` / `${VAR:?message}` interpolated from an env file)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
COMPOSE = INFRA / "compose.yaml"
ENV_EXAMPLE = INFRA / "env.example"
SERVICES = ("identity", "letters", "aid", "marketplace")

_VAR = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?:(?P<op>:-|:\?|-|\?)(?P<arg>[^}]*))?\}")


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not KEY=VALUE: {line!r}"
        values[key.strip()] = value.strip()
    return values


def referenced_variables(text: str) -> dict[str, str | None]:
    """Every `${NAME...}` in the text -> its operator (None for a plain reference)."""
    return {m["name"]: m["op"] for m in _VAR.finditer(text)}


def interpolate(value: Any, env: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def one(m: re.Match[str]) -> str:
        name, op, arg = m["name"], m["op"], m["arg"]
        if name in env and (env[name] != "" or op in (None, "-", "?")):
            return env[name]
        if op in (":-", "-"):
            return arg or ""
        if op in (":?", "?"):
            raise KeyError(f"{name}: {arg}")
        return ""

    return _VAR.sub(one, value)


def load_compose(env: dict[str, str] | None = None) -> dict[str, Any]:
    raw = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(raw, dict)
    return raw if env is None else interpolate(raw, env)
