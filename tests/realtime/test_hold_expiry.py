"""A hold whose time is up is released within a second of its `expires_at`, and the slot is free again.

With Redis the deadline must still be polled: Redis reports expired keys late, or not at all, when
it holds many other keys, so the Redis variant runs beside 10,000 unrelated keys on 10-minute TTLs.
It runs two processes that both poll, and the release must be announced once, not once by each.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import httpx
import pytest
from redis.asyncio import Redis

from testkit.app import ServerProcess
from testkit.flows import sign_up
from testkit.services import REDIS_BASE_URL
from testkit.sockets import (
    hold,
    listening,
    server_env,
    server_pair,
    start_servers,
    stop_servers,
    tomorrow_at,
    verified_customers,
)

HOLD_SECONDS = 2
UNRELATED_KEYS = 10_000


@dataclass(frozen=True)
class Expiring:
    """Where holds are made, where their events are watched, and the Redis namespace if any."""

    holds_through: ServerProcess
    watched_on: ServerProcess
    namespace: str | None = None


async def fill(redis: Redis, namespace: str) -> None:
    async with redis.pipeline(transaction=False) as pipe:
        for i in range(UNRELATED_KEYS):
            pipe.set(f"{namespace}:unrelated:{i}", "x", ex=600)
        await pipe.execute()


async def subscribers(redis: Redis, namespace: str) -> int:
    """How many processes listen on the namespace's Socket.IO channel."""
    ((_, count),) = await redis.pubsub_numsub(f"{namespace}:socketio")
    return int(count)


@pytest.fixture(scope="module")
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_BASE_URL)
    yield client
    await client.aclose()


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("in-process", id="sqlite-in-process"),
        pytest.param("redis", id="postgresql-redis-two-processes-10k-keys"),
    ],
)
async def expiring(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, redis: Redis
) -> AsyncIterator[Expiring]:
    """Servers whose holds last two seconds."""
    data = tmp_path_factory.mktemp("expiring")
    if request.param == "in-process":
        server = ServerProcess(
            server_env(data, f"sqlite:///{data / 'termine.db'}", HOLD_SECONDS=str(HOLD_SECONDS))
        )
        try:
            await start_servers(server)
            yield Expiring(server, server)
        finally:
            stop_servers(server)
        return
    async with server_pair(data, HOLD_SECONDS=str(HOLD_SECONDS)) as pair:
        await fill(redis, pair.namespace)
        try:
            yield Expiring(pair.a, pair.b, pair.namespace)
        finally:
            await redis.delete(*(f"{pair.namespace}:unrelated:{i}" for i in range(UNRELATED_KEYS)))


async def test_an_expired_hold_is_released_within_a_second_and_can_be_held_again(
    expiring: Expiring, redis: Redis
) -> None:
    async with httpx.AsyncClient(base_url=expiring.holds_through.url, timeout=30) as client:
        biz = await sign_up(client)
        (_, first), (_, second) = await verified_customers([client], 2)
        start = tomorrow_at(15)
        async with (
            listening(expiring.watched_on.url, {"token": biz.token}) as staff,
            listening(expiring.watched_on.url, {"slug": biz.slug}) as public,
        ):
            held = await hold(client, biz, first, start)
            assert held.status_code == 201, held.text
            hold_id = held.json()["id"]
            deadline = datetime.fromisoformat(held.json()["expires_at"]).timestamp()

            taken = await hold(client, biz, second, start)
            assert taken.status_code == 409, taken.text
            if expiring.namespace is not None:
                assert await subscribers(redis, expiring.namespace) >= 1, "Redis is not in use"

            released = await staff.wait_for(
                "hold.released", lambda a: a["id"] == hold_id, timeout=HOLD_SECONDS + 5
            )
            freed = await public.wait_for(
                "slots.changed", lambda s: s["state"] == "free", timeout=HOLD_SECONDS + 5
            )
            assert released.payload["status"] == "released"
            assert freed.payload["start"] == held.json()["start"]
            for event in (released, freed):
                assert deadline <= event.at < deadline + 1.0, f"{event.name} {event.at - deadline:+.3f} s"

            again = await hold(client, biz, second, start)
            assert again.status_code == 201, again.text
            await staff.wait_for("hold.created", lambda a: a["id"] == again.json()["id"])
            await public.wait_for("slots.changed", lambda s: s["state"] == "held", nth=2)

        # Every process polls; the release is still announced once.
        assert [e.payload["id"] for e in staff.named("hold.released")] == [hold_id]
        assert [e.payload["state"] for e in public.events] == ["held", "free", "held"]

        listed = await client.get(
            "/api/v1/appointments",
            params={"from": start.date().isoformat(), "to": start.date().isoformat()},
            headers=biz.auth,
        )
        assert [(a["id"], a["status"]) for a in listed.json()["appointments"]] == [
            (again.json()["id"], "held")
        ]
