"""Fixtures for the letters unit tests: one renderer and one village key pair per session."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from balai.letters.pdf import WeasyPrintRenderer
from balai.letters.qr import key_id_for

ORIGIN = "https://balai.rembangkab.go.id"


@pytest.fixture(scope="session")
def renderer() -> WeasyPrintRenderer:
    return WeasyPrintRenderer(fail_on_missing_resource=True)


@pytest.fixture(scope="session")
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def key_id(signing_key: Ed25519PrivateKey) -> str:
    return key_id_for(signing_key.public_key())
