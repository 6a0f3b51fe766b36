"""Per-address and per-account limits on registration, log-in and holds, shared by every process
through Redis."""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.requests import Request

from actions.errors import TooMany

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int
    message: str


REGISTER = Limit(
    "register", 10, 3600, "Too many registrations from this address. Please try again in an hour."
)
LOGIN = Limit("login", 20, 900, "Too many log-in attempts. Please wait a few minutes and try again.")
#: Log-in attempts at one e-mail address from anywhere, so that guessing from many addresses at once
#: gets no further than from one.
LOGIN_EMAIL = Limit(
    "login-email", 20, 900, "Too many log-in attempts. Please wait a few minutes and try again."
)
LOGIN_EMAIL_DAY = Limit(
    "login-email-day", 100, 86400, "Too many log-in attempts today. Please try again tomorrow."
)
#: Codes from the app tried for one account: at the log-in's second step and to turn it off.
LOGIN_CODE = Limit("login-code", 10, 900, "Too many codes tried. Please wait a few minutes and try again.")
HOLD_ADDRESS = Limit(
    "hold-address", 60, 3600, "Too many reservations from this address. Please try again later."
)
HOLD_ACCOUNT = Limit(
    "hold-account", 20, 3600, "Too many reservations for this account. Please try again later."
)


class Counter(Protocol):
    async def hit(self, key: str, seconds: int) -> tuple[int, float]:
        """Counts one use of `key` in a window of `seconds`; returns the count and seconds to reset."""
        ...


class LocalCounter:
    """Sliding windows in this process's memory; windows that ran out are dropped now and then, so
    the addresses of a year do not pile up."""

    #: Hits between two sweeps of windows that ran out.
    SWEEP_EVERY = 1000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._hits: dict[str, tuple[deque[float], int]] = {}
        self._until_sweep = self.SWEEP_EVERY
        self._clock = clock

    def __len__(self) -> int:
        """How many keys it keeps a window for."""
        return len(self._hits)

    async def hit(self, key: str, seconds: int) -> tuple[int, float]:
        now = self._clock()
        self._until_sweep -= 1
        if self._until_sweep <= 0:
            self._until_sweep = self.SWEEP_EVERY
            self._hits = {k: (h, s) for k, (h, s) in self._hits.items() if h and h[-1] > now - s}
        hits, _ = self._hits.setdefault(key, (deque(), seconds))
        while hits and hits[0] <= now - seconds:
            hits.popleft()
        hits.append(now)
        return len(hits), hits[0] + seconds - now


class RedisCounter:
    """Fixed windows in Redis, so the limit holds across processes.

    While Redis cannot be reached, each process counts in its own memory: the limits then hold per
    process instead of across them, and nobody gets an error or is locked out for it.
    """

    def __init__(self, redis: Redis, namespace: str) -> None:
        self._redis = redis
        self._namespace = namespace
        self._meanwhile = LocalCounter()
        self._reachable = True

    async def hit(self, key: str, seconds: int) -> tuple[int, float]:
        window = int(time.time() // seconds)
        full = f"{self._namespace}:rate:{key}:{window}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(full)
                pipe.expire(full, seconds)
                count, _ = await pipe.execute()
        except (RedisError, OSError) as error:
            if self._reachable:
                log.warning("Redis unreachable: rate limits count per process until it is back: %s", error)
            self._reachable = False
            return await self._meanwhile.hit(key, seconds)
        if not self._reachable:
            log.info("Redis reachable again: rate limits count across processes")
            self._reachable = True
        return int(count), (window + 1) * seconds - time.time()


class RateLimits:
    def __init__(self, counter: Counter, enabled: bool) -> None:
        self._counter = counter
        self.enabled = enabled

    async def check(self, limit: Limit, who: str) -> None:
        if not self.enabled:
            return
        count, reset = await self._counter.hit(f"{limit.name}:{who}", limit.seconds)
        if count > limit.count:
            raise TooMany("too_many_requests", limit.message, retry_after=math.ceil(reset))


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def check(request: Request, limit: Limit, who: str | None = None) -> None:
    limits: RateLimits = request.app.state.rate_limits
    await limits.check(limit, who or address(request))
