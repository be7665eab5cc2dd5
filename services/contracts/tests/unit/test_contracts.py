"""Contracts may only grow additively within a version; golden payloads keep parsing forever."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest

from balai.contracts.base import REGISTRY, EventContract, all_contracts, event, lookup
from balai.contracts.snapshots import (
    PACKAGE_ROOT,
    incompatibilities,
    render_catalogue,
    sample_path,
    schema_of,
    snapshot_path,
)

CONTRACTS = all_contracts()
IDS = [f"{c.event_type}.v{c.event_version}" for c in CONTRACTS]


@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
def test_schema_matches_its_committed_snapshot(contract: type[EventContract]) -> None:
    path = snapshot_path(contract)
    assert path.exists(), f"no snapshot for {contract.__name__}: run `make contracts`"
    old = json.loads(path.read_text())
    current = schema_of(contract)
    problems = incompatibilities(old, current)
    assert not problems, f"breaking change to {contract.event_type} v{contract.event_version}: {problems}; add a V2"
    assert old == current, "additive change not yet snapshotted: run `make contracts` and commit"


@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
def test_golden_sample_still_parses_and_round_trips(contract: type[EventContract]) -> None:
    path = sample_path(contract)
    assert path.exists(), f"no golden sample for {contract.__name__}: run `make contracts`"
    sample = json.loads(path.read_text())
    parsed = contract.model_validate(sample)
    # Fields added later (optional, additive) do not appear in an old payload: compare what it set.
    assert parsed.model_dump(mode="json", exclude_unset=True) == sample


def test_registry_finds_contracts_by_type_and_version() -> None:
    for contract in CONTRACTS:
        assert lookup(contract.event_type, contract.event_version) is contract


def test_catalogue_is_generated_from_the_contracts() -> None:
    catalogue = PACKAGE_ROOT.parents[1] / "docs" / "events.md"
    assert catalogue.read_text() == render_catalogue(), "docs/events.md is stale: run `make contracts`"


def _schema(fields: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": fields, "required": required}


def test_adding_an_optional_field_is_compatible() -> None:
    old = _schema({"a": {"type": "string"}}, ["a"])
    new = _schema({"a": {"type": "string"}, "b": {"type": "integer", "default": 0}}, ["a"])
    assert incompatibilities(old, new) == []


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        (_schema({}, []), "removed"),
        (_schema({"a": {"type": "integer"}}, ["a"]), "changed"),
        (_schema({"a": {"type": "string"}, "b": {"type": "string"}}, ["a", "b"]), "newly required"),
    ],
)
def test_breaking_changes_are_detected(new: dict[str, Any], reason: str) -> None:
    old = _schema({"a": {"type": "string"}}, ["a"])
    problems = incompatibilities(old, new)
    assert problems
    assert reason in problems[0]


def test_two_models_cannot_claim_the_same_type_and_version() -> None:
    existing = CONTRACTS[0]

    with pytest.raises(ValueError, match="two contracts"):

        @event
        class Impostor(EventContract):
            event_type: ClassVar[str] = existing.event_type
            event_version: ClassVar[int] = existing.event_version
            example: ClassVar[dict[str, Any]] = {}

    assert REGISTRY[(existing.event_type, existing.event_version)] is existing
