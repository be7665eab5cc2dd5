"""Rate limits and lockouts in Redis (shared by every replica of a service).

- `RateLimiter.hit(key)`: fixed-window counter (INCR + EXPIRE in one pipeline); answers allowed or the
  seconds to wait. Used for anti-scraping limits (public aid check, verification pages).
- `Lockout`: counts failures per key; after `max_failures` it locks for a period that doubles with each
  further lockout (up to `max_lock`), and a success clears the failure count. Used for PIN guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from balai.common.errors import Problem


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0
    remaining: int = 0


class RateLimiter:
    def __init__(self, redis: aioredis.Redis, prefix: str, *, limit: int, window: int) -> None:
        self._redis = redis
        self._prefix = prefix
        self.limit = limit
        self.window = window

    async def hit(self, key: str) -> Decision:
        full = f"{self._prefix}:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            # SET NX EX starts the window once; INCR counts (EXPIRE ... NX would need Redis 7, and the
            # embedded Redis of `make up` is 6.2).
            pipe.set(full, 0, ex=self.window, nx=True)
            pipe.incr(full)
            pipe.ttl(full)
            _, count, ttl = await pipe.execute()
        if int(count) > self.limit:
            return Decision(False, retry_after=max(int(ttl), 1))
        return Decision(True, remaining=self.limit - int(count))

    async def check(self, key: str) -> None:
        """Raise 429 problem details when over the limit."""
        decision = await self.hit(key)
        if not decision.allowed:
            raise Problem(
                429,
                "rate_limited",
                f"Terlalu banyak permintaan. Coba lagi dalam {decision.retry_after} detik.",
                headers={"Retry-After": str(decision.retry_after)},
                retry_after=decision.retry_after,
            )


class Lockout:
    def __init__(
        self,
        redis: aioredis.Redis,
        prefix: str,
        *,
        max_failures: int = 5,
        base_lock: int = 60,
        max_lock: int = 24 * 3600,
        memory: int = 24 * 3600,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self.max_failures = max_failures
        self.base_lock = base_lock
        self.max_lock = max_lock
        self.memory = memory

    def _keys(self, key: str) -> tuple[str, str, str]:
        base = f"{self._prefix}:{key}"
        return f"{base}:fail", f"{base}:lock", f"{base}:locks"

    async def locked_for(self, key: str) -> int:
        """Seconds until `key` may try again (0 = not locked)."""
        ttl = int(await self._redis.ttl(self._keys(key)[1]))
        return max(ttl, 0)

    async def failure(self, key: str) -> int:
        """Record a failure; returns the lock seconds it caused (0 if not locked yet)."""
        fail, lock, locks = self._keys(key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(fail)
            pipe.expire(fail, self.memory)
            count, _ = await pipe.execute()
        if int(count) < self.max_failures:
            return 0
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(locks)
            pipe.expire(locks, self.memory)
            pipe.delete(fail)
            times, _, _ = await pipe.execute()
        seconds = int(min(self.base_lock * 2 ** (int(times) - 1), self.max_lock))
        await self._redis.set(lock, "1", ex=seconds)
        return seconds

    async def failures(self, key: str) -> int:
        return int(await self._redis.get(self._keys(key)[0]) or 0)

    async def success(self, key: str) -> None:
        fail, _, _ = self._keys(key)
        await self._redis.delete(fail)

    async def reset(self, key: str) -> None:
        await self._redis.delete(*self._keys(key))
