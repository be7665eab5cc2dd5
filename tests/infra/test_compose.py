"""infra/compose.yaml (one host): structure, health checks, start order, no secret literals, schema.

Docker's engine does not run on this machine, so nothing is started: the file is read as compose would
read it, checked against the Compose Specification's JSON Schema (vendored by check-jsonschema), and
`docker compose config` runs as well where the compose plugin is installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from typing import Any

import jsonschema
import pytest

from ._compose import COMPOSE, ENV_EXAMPLE, INFRA, ROOT, SERVICES, load_compose, read_env_file, referenced_variables

SECRET_NAME = re.compile(r"(PASSWORD|SECRET|PEPPER|SEAL_KEY|HASH_KEY|TOKEN|PRIVATE)")
INFRA_SERVICES = ("postgres", "redis", "nats")


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    return read_env_file(ENV_EXAMPLE)


@pytest.fixture(scope="module")
def compose(env: dict[str, str]) -> dict[str, Any]:
    return load_compose(env)


def test_every_service_and_its_migration_is_there(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in (*INFRA_SERVICES, *SERVICES, "proxy"):
        assert name in services, name
    for name in SERVICES:
        migrate = services[f"{name}-migrate"]
        assert migrate["command"] == ["migrate"]
        assert migrate["restart"] == "no"
        assert migrate["image"] == services[name]["image"]


def test_one_image_recipe_parametrised_by_service(compose: dict[str, Any]) -> None:
    for name in SERVICES:
        for key in (name, f"{name}-migrate"):
            build = compose["services"][key]["build"]
            assert build["dockerfile"] == "infra/docker/Dockerfile"
            assert build["args"] == {"SERVICE": name}
            assert (INFRA / build["context"]).resolve() == ROOT
    dockerfile = (INFRA / "docker" / "Dockerfile").read_text()
    assert "ARG SERVICE" in dockerfile
    assert '--package "balai-${SERVICE}"' in dockerfile
    entrypoint = (INFRA / "docker" / "entrypoint.sh").read_text()
    assert 'python -m balai.common.migrations "balai.${service}" upgrade' in entrypoint


def test_long_running_containers_have_health_checks(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if name.endswith("-migrate"):
            continue
        check = service.get("healthcheck")
        assert check, f"{name} has no health check"
        assert check.get("test"), f"{name} has no health check command"
        assert not check.get("disable"), name
    for name in SERVICES:
        test = " ".join(compose["services"][name]["healthcheck"]["test"])
        assert "/readyz" in test


def test_start_order_waits_for_health_and_migrations(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in SERVICES:
        depends = services[name]["depends_on"]
        for infra in INFRA_SERVICES:
            assert depends[infra] == {"condition": "service_healthy"}, (name, infra)
        assert depends[f"{name}-migrate"] == {"condition": "service_completed_successfully"}
        assert services[f"{name}-migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}
    for name in SERVICES:
        assert services["proxy"]["depends_on"][name] == {"condition": "service_healthy"}
    # every dependency named exists, so the graph has no dangling edge
    for name, service in services.items():
        for dep in service.get("depends_on", {}):
            assert dep in services, (name, dep)


def test_services_run_in_production_mode_without_migrating_on_start(compose: dict[str, Any]) -> None:
    for name in SERVICES:
        environment = compose["services"][name]["environment"]
        prefix = name.upper()
        assert environment[f"{prefix}_ENVIRONMENT"] == "production"
        assert environment[f"{prefix}_MIGRATE_ON_START"] == "false"
        assert environment[f"{prefix}_DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert environment[f"{prefix}_DATABASE_URL"].endswith(f"@postgres:5432/balai_{name}")
        assert environment[f"{prefix}_NATS_URL"].endswith("@nats:4222")
        # only its own prefix (and process knobs): a service never sees another's secrets
        for key in environment:
            assert key.startswith(f"{prefix}_") or key in ("WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"), (name, key)


def test_no_secret_literal_in_the_compose_file() -> None:
    raw = load_compose()  # before interpolation
    for name, service in raw["services"].items():
        environment = service.get("environment") or {}
        for key, value in environment.items():
            text = str(value)
            if SECRET_NAME.search(key):
                assert re.fullmatch(r"\$\{[A-Z0-9_]+(:[?-][^}]*)?\}", text), f"{name}.{key} must come from the env file"
            if "://" in text and "@" in text:
                credentials = text.split("://", 1)[1].split("@", 1)[0]
                password = credentials.partition(":")[2]
                assert password.startswith("${"), f"{name}.{key} has a literal password"
        command = " ".join(map(str, service.get("command") or []))
        assert "requirepass" not in command or "${REDIS_PASSWORD" in command


def test_env_example_documents_every_required_variable() -> None:
    text = COMPOSE.read_text()
    documented = read_env_file(ENV_EXAMPLE)
    for name, op in referenced_variables(text).items():
        if op in (":?", "?"):
            assert name in documented, f"{name} is required by compose.yaml but missing from env.example"
    for key, value in documented.items():
        if SECRET_NAME.search(key) and not key.endswith("_USERNAME"):
            assert value.startswith("change-me"), f"{key}: env.example holds placeholders only"
            assert len(value) >= 32, f"{key}: placeholder shorter than the 32 characters production requires"


def test_compose_file_matches_the_compose_specification(compose: dict[str, Any]) -> None:
    schema_text = (resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text()
    schema = json.loads(schema_text)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_backend_network_is_internal_and_only_the_proxy_publishes_ports(compose: dict[str, Any]) -> None:
    assert compose["networks"]["backend"]["internal"] is True
    for name, service in compose["services"].items():
        if name != "proxy":
            assert "ports" not in service, f"{name} must not publish a port"
    assert "frontend" in compose["services"]["proxy"]["networks"]


def test_proxy_routes_every_service_and_the_verification_page() -> None:
    caddyfile = (INFRA / "caddy" / "Caddyfile").read_text()
    for name in SERVICES:
        assert re.search(rf"handle_path /api/{name}/\* \{{\s*reverse_proxy {name}:8000", caddyfile), name
    assert re.search(r"handle /v/\* \{\s*reverse_proxy letters:8000", caddyfile)
    assert "root * /srv/pwa" in caddyfile
    assert "try_files {path} /index.html" in caddyfile


def test_nats_has_jetstream_on_disk_and_no_literal_password() -> None:
    conf = (INFRA / "nats" / "nats.conf").read_text()
    assert re.search(r"jetstream\s*\{[^}]*store_dir:\s*/data", conf)
    assert "password: $NATS_PASSWORD" in conf


def test_postgres_init_creates_one_database_per_service() -> None:
    script = (INFRA / "postgres" / "init" / "10-balai-databases.sh").read_text()
    assert "for service in identity letters aid marketplace" in script
    assert 'CREATE DATABASE :"db" OWNER :"role"' in script


def _compose_cli() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_config_accepts_the_file() -> None:
    cli = _compose_cli()
    if cli is None:
        pytest.skip("no `docker compose` plugin or docker-compose here (the engine is not needed for `config`)")
    result = subprocess.run(
        [*cli, "--env-file", str(ENV_EXAMPLE), "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_caddy_accepts_the_caddyfile() -> None:
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("caddy is not installed here (apt-get install caddy to check the Caddyfile)")
    result = subprocess.run(
        [caddy, "adapt", "--config", str(INFRA / "caddy" / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"BALAI_DOMAIN": "balai.example.go.id", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
