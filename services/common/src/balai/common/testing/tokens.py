"""An Ed25519 key pair for tests that mints tokens shaped like identity's and serves them as a JWKS."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm


class TestTokens:
    __test__ = False  # not a pytest test class

    def __init__(self, *, issuer: str = "balai-identity", audience: str = "balai") -> None:
        self._key = Ed25519PrivateKey.generate()
        self.kid = f"test-{uuid.uuid4().hex[:8]}"
        self.issuer = issuer
        self.audience = audience

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(OKPAlgorithm.to_jwk(self._key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": "EdDSA"})
        return {"keys": [jwk]}

    async def fetch_jwks(self) -> dict[str, Any]:
        return self.jwks()

    def mint(
        self,
        subject: str | None = None,
        *,
        village: str | None = "3317092016",
        roles: Iterable[str] = ("resident",),
        amr: Iterable[str] = ("pin",),
        device: str | None = None,
        ttl: int = 600,
        **extra: Any,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "sub": subject or str(uuid.uuid4()),
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + ttl,
            "village": village,
            "roles": list(roles),
            "amr": list(amr),
            **extra,
        }
        if device:
            claims["device"] = device
        return jwt.encode(claims, self._key, algorithm="EdDSA", headers={"kid": self.kid})

    def headers(self, subject: str | None = None, **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.mint(subject, **kwargs)}"}
