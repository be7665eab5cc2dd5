"""infra/k8s (kustomize base + overlay regency-rembang): rendered with `kubectl kustomize` where kubectl
is installed, every built-in resource validated against the Kubernetes 1.30 JSON schemas
(kubernetes-validate, strict: unknown fields fail), CloudNativePG resources and the NATS Helm values
checked for the shape Balai needs. No cluster is contacted."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from ._compose import INFRA, SERVICES

K8S = INFRA / "k8s"
KUBERNETES_VERSION = "1.30"
CRD_KINDS = {"Cluster", "Database"}
SECRETS = {"balai-shared", "balai-identity", "balai-letters"} | {f"balai-pg-{s}" for s in SERVICES}


def _render(path: Path) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed here: the kustomizations cannot be rendered")
    result = subprocess.run([kubectl, "kustomize", str(path)], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="module", params=["base", "overlays/regency-rembang"])
def rendered(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return _render(K8S / request.param)


@pytest.fixture(scope="module")
def rembang() -> list[dict[str, Any]]:
    return _render(K8S / "overlays" / "regency-rembang")


def _one(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def test_every_builtin_resource_matches_the_kubernetes_schema(rendered: list[dict[str, Any]]) -> None:
    checked = 0
    for doc in rendered:
        if doc["kind"] in CRD_KINDS:
            continue
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{doc['kind']}/{doc['metadata']['name']} at {list(exc.path)}: {exc.message}")
        checked += 1
    assert checked >= 30


def test_strict_validation_catches_an_unknown_field() -> None:
    deployment = yaml.safe_load((K8S / "base" / "aid.yaml").read_text().split("\n---\n")[0])
    deployment["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def _configmap(docs: list[dict[str, Any]], service: str) -> dict[str, str]:
    maps = [d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith(f"balai-{service}")]
    assert len(maps) == 1
    data: dict[str, str] = maps[0]["data"]
    return data


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_probes_resources_autoscaler_service_and_migration(
    rendered: list[dict[str, Any]], service: str
) -> None:
    deployment = _one(rendered, "Deployment", service)
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for key in ("requests", "limits"):
        assert set(container["resources"][key]) == {"cpu", "memory"}, key
    hpa = _one(rendered, "HorizontalPodAutoscaler", service)
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": service}
    assert 2 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    svc = _one(rendered, "Service", service)
    assert svc["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    job = _one(rendered, "Job", f"{service}-migrate")
    job_container = job["spec"]["template"]["spec"]["containers"][0]
    assert job_container["args"] == ["migrate"]
    assert job_container["image"] == container["image"]
    config = _configmap(rendered, service)
    prefix = service.upper()
    assert config[f"{prefix}_ENVIRONMENT"] == "production"
    assert config[f"{prefix}_MIGRATE_ON_START"] == "false"
    assert config[f"{prefix}_STREAM_REPLICAS"] == "3"
    env = {e["name"]: e for e in container["env"]}
    assert "$(DB_PASSWORD)" in env[f"{prefix}_DATABASE_URL"]["value"]
    assert f"/balai_{service}" in env[f"{prefix}_DATABASE_URL"]["value"]


def test_no_secret_values_are_committed(rendered: list[dict[str, Any]]) -> None:
    assert not [d for d in rendered if d["kind"] == "Secret"], "Secrets are created by the operator, not committed"
    referenced: set[str] = set()
    for doc in rendered:
        for container in doc.get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    referenced.add(ref["name"])
                elif "value" in env:
                    assert not any(w in env["name"] for w in ("PASSWORD", "PEPPER", "SEAL_KEY", "HASH_KEY"))
    assert referenced <= SECRETS
    readme = (K8S / "README.md").read_text()
    for name in SECRETS:
        assert name in readme, f"{name} is not documented in infra/k8s/README.md"


def test_postgres_is_a_three_instance_cloudnativepg_cluster_with_a_database_per_service(
    rendered: list[dict[str, Any]],
) -> None:
    cluster = _one(rendered, "Cluster", "balai-pg")
    assert cluster["apiVersion"] == "postgresql.cnpg.io/v1"
    assert cluster["spec"]["instances"] == 3
    owners = {cluster["spec"]["bootstrap"]["initdb"]["database"]: cluster["spec"]["bootstrap"]["initdb"]["owner"]}
    for db in (d for d in rendered if d["kind"] == "Database"):
        assert db["spec"]["cluster"]["name"] == "balai-pg"
        owners[db["spec"]["name"]] = db["spec"]["owner"]
    assert owners == {f"balai_{s}": f"balai_{s}" for s in SERVICES}
    roles = {r["name"]: r["passwordSecret"]["name"] for r in cluster["spec"]["managed"]["roles"]}
    assert roles == {f"balai_{s}": f"balai-pg-{s}" for s in SERVICES if s != "identity"}


def test_ingress_routes_each_service_with_the_prefix_stripped_and_the_verification_page(
    rendered: list[dict[str, Any]],
) -> None:
    api = _one(rendered, "Ingress", "balai-api")
    assert api["metadata"]["annotations"]["nginx.ingress.kubernetes.io/rewrite-target"] == "/$2"
    paths = {p["path"]: p["backend"]["service"]["name"] for p in api["spec"]["rules"][0]["http"]["paths"]}
    assert paths == {f"/api/{s}(/|$)(.*)": s for s in SERVICES}
    web = _one(rendered, "Ingress", "balai-web")
    assert "nginx.ingress.kubernetes.io/rewrite-target" not in web["metadata"].get("annotations", {})
    paths = {p["path"]: p["backend"]["service"]["name"] for p in web["spec"]["rules"][0]["http"]["paths"]}
    assert paths == {"/v/": "letters", "/": "pwa"}


def test_overlay_sets_namespace_host_origin_and_images(rembang: list[dict[str, Any]]) -> None:
    for doc in rembang:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "balai-rembang", doc["metadata"]["name"]
    for name in ("balai-api", "balai-web"):
        ingress = _one(rembang, "Ingress", name)
        assert ingress["spec"]["rules"][0]["host"] == "balai.rembangkab.go.id"
    for service in SERVICES:
        assert _configmap(rembang, service)[f"{service.upper()}_PUBLIC_ORIGIN"] == "https://balai.rembangkab.go.id"
        image = _one(rembang, "Deployment", service)["spec"]["template"]["spec"]["containers"][0]["image"]
        assert image == f"registry.rembangkab.go.id/balai/{service}:0.1.0"


def test_nats_values_give_a_three_node_jetstream_cluster_on_files() -> None:
    values = yaml.safe_load((K8S / "nats-values.yaml").read_text())
    assert values["fullnameOverride"] == "nats"  # the services connect to nats://nats:4222
    assert values["config"]["cluster"] == {"enabled": True, "replicas": 3}
    jetstream = values["config"]["jetstream"]
    assert jetstream["enabled"] is True
    assert jetstream["fileStore"]["enabled"] is True
    assert jetstream["fileStore"]["pvc"]["enabled"] is True
    assert jetstream["memoryStore"]["enabled"] is False
