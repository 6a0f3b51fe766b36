"""A hold whose time is up is released within a second of its `expires_at`, and the slot is free again.

With Redis the deadline must still be polled: Redis reports expired keys late, or not at all, when
it holds many other keys, so the Redis variant runs beside 10,000 unrelated keys on 10-minute TTLs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from testkit.app import ServerProcess
from testkit.flows import sign_up
from testkit.services import REDIS_BASE_URL, redis_namespace
from testkit.sockets import hold, listening, start_servers, stop_servers, tomorrow_at, verified_customers

HOLD_SECONDS = 2
UNRELATED_KEYS = 10_000


async def fill(redis: Redis, namespace: str) -> list[str]:
    keys = [f"{namespace}:unrelated:{i}" for i in range(UNRELATED_KEYS)]
    async with redis.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.set(key, "x", ex=600)
        await pipe.execute()
    return keys


@pytest.fixture(
    scope="module",
    params=[pytest.param(False, id="in-process"), pytest.param(True, id="redis-10k-keys")],
)
async def expiring(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ServerProcess]:
    """A server whose holds last two seconds."""
    from tests_realtime_env import environment  # type: ignore[import-not-found]

    data: Path = tmp_path_factory.mktemp("expiring")
    async with redis_namespace() as namespace:
        extra = {"HOLD_SECONDS": str(HOLD_SECONDS)}
        if request.param:
            extra |= {"REDIS_URL": REDIS_BASE_URL, "REDIS_NAMESPACE": namespace}
        server = ServerProcess(environment(data, f"sqlite:///{data / 'termine.db'}", **extra))
        redis = Redis.from_url(REDIS_BASE_URL)
        keys: list[str] = []
        try:
            if request.param:
                keys = await fill(redis, namespace)
            await start_servers(server)
            yield server
        finally:
            stop_servers(server)
            if keys:
                await redis.delete(*keys)
            await redis.aclose()
