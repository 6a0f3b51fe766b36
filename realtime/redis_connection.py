"""How the product talks to Redis: it notices a dead server within a second, gets over a connection
left stale by a restart with one quick retry, and never waits on Redis for longer than that."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ConstantBackoff
from redis.exceptions import ConnectionError, TimeoutError


def options(*, blocking_reads: bool = False) -> dict[str, Any]:
    """Keyword arguments for `Redis.from_url`; `blocking_reads` for a subscriber that waits for
    messages as long as none come (no read timeout, then)."""
    chosen: dict[str, Any] = {
        "socket_connect_timeout": 1.0,
        "retry": Retry(ConstantBackoff(0.01), 1),
        "retry_on_error": [ConnectionError, TimeoutError],
    }
    if not blocking_reads:
        chosen["socket_timeout"] = 2.0
    return chosen


def connect(url: str) -> Redis:
    return Redis.from_url(url, **options())
