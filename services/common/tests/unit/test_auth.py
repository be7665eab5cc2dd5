from __future__ import annotations

import pytest

from balai.common.auth import JwksCache, Principal, TokenVerifier
from balai.common.errors import Problem
from balai.common.testing.tokens import TestTokens


def verifier_for(tokens: TestTokens) -> TokenVerifier:
    return TokenVerifier(JwksCache(tokens.fetch_jwks), issuer=tokens.issuer, audience=tokens.audience)


async def test_a_valid_token_gives_the_caller() -> None:
    tokens = TestTokens()
    principal = await verifier_for(tokens).verify(tokens.mint("r1", roles=["resident"], device="kiosk-1"))
    assert principal.subject == "r1"
    assert principal.village == "3317092016"
    assert principal.roles == frozenset({"resident"})
    assert principal.device == "kiosk-1"


async def test_expired_forged_and_foreign_tokens_are_refused() -> None:
    tokens, stranger = TestTokens(), TestTokens()
    verifier = verifier_for(tokens)
    with pytest.raises(Problem) as expired:
        await verifier.verify(tokens.mint(ttl=-60))
    assert expired.value.code == "token_expired"
    with pytest.raises(Problem) as unknown:
        await verifier.verify(stranger.mint())
    assert unknown.value.status == 401
    forged = tokens.mint().rsplit(".", 1)[0] + "." + stranger.mint().rsplit(".", 1)[1]
    with pytest.raises(Problem):
        await verifier.verify(forged)
    with pytest.raises(Problem):
        await verifier.verify("not-a-token")


async def test_jwks_is_fetched_once_then_cached() -> None:
    tokens = TestTokens()
    calls = 0

    async def fetch() -> dict[str, object]:
        nonlocal calls
        calls += 1
        return tokens.jwks()

    verifier = TokenVerifier(JwksCache(fetch), issuer=tokens.issuer, audience=tokens.audience)
    for _ in range(5):
        await verifier.verify(tokens.mint())
    assert calls == 1


def test_village_scoping() -> None:
    operator = Principal("o", "3317092016", frozenset({"operator"}))
    camat = Principal("c", "331709", frozenset({"camat"}))
    admin = Principal("a", None, frozenset({"regency_admin"}))
    resident = Principal("r", "3317092016", frozenset({"resident"}))
    assert operator.can_manage_village("3317092016")
    assert not operator.can_read_village("3317092001")
    assert camat.can_read_village("3317092016")
    assert not camat.can_manage_village("3317092016")
    assert not camat.can_read_village("3317102001")
    assert admin.can_manage_village("3317092016")
    assert resident.can_read_village("3317092016")
    assert not resident.can_manage_village("3317092016")
    with pytest.raises(Problem) as denied:
        operator.require_manage("3317092001")
    assert denied.value.status == 403
