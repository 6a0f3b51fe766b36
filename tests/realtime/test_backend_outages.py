"""Redis going away and coming back, and PostgreSQL ending every connection (as a restart does), under
two server processes: no 500 at any point, events resume without restarting the product."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio

from store.engine import REST_BEFORE_PING
from testkit.app import ServerProcess
from testkit.flows import Business, customer, sign_up
from testkit.services import RedisServer, end_connections, postgres_database
from testkit.sockets import (
    desk_booking,
    hold,
    listening,
    server_env,
    start_servers,
    stop_servers,
    tomorrow_at,
)

PASSWORD = "correct horse battery"


def _about(made: dict[str, Any]) -> Callable[[Any], bool]:
    """Picks the event whose payload is about the appointment `made`."""
    return lambda payload: payload["id"] == made["id"]


@dataclass
class Cluster:
    a: ServerProcess
    b: ServerProcess
    redis: RedisServer
    database_url: str


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    """Two processes on a database of their own and a Redis server of the test's own, rate limits on."""
    redis = RedisServer(tmp_path / "redis")
    await redis.start()
    async with postgres_database() as database_url:
        env = server_env(
            tmp_path, database_url, REDIS_URL=redis.url, REDIS_NAMESPACE="outage", RATE_LIMITS="on"
        )
        a, b = ServerProcess(env), ServerProcess(env)
        try:
            await start_servers(a, b)
            yield Cluster(a, b, redis, database_url)
        finally:
            stop_servers(a, b)
            redis.stop()


class Everything:
    """One of each kind of call a practice and its customers make, through one process; each
    answer's status is kept, so a test can look for any 5xx."""

    def __init__(self, client: httpx.AsyncClient, biz: Business, customer_token: str, day: int) -> None:
        self.client = client
        self.biz = biz
        self.customer_token = customer_token
        self.day = day
        self.statuses: list[tuple[str, int]] = []
        self.slot = 0

    def _next_start(self) -> datetime:
        self.slot += 1
        return tomorrow_at(0, days=self.day) + timedelta(minutes=30 * self.slot)

    async def round(self) -> dict[str, httpx.Response]:
        calls = {
            "staff log-in": self.client.post(
                "/api/v1/login", json={"email": f"{self.biz.slug}@owner.example", "password": PASSWORD}
            ),
            "week": self.client.get("/api/v1/appointments", headers=self.biz.auth),
            "slots": self.client.get(
                f"/api/v1/public/{self.biz.slug}/slots",
                params={"service_id": self.biz.service_id, "location_id": self.biz.location_id},
            ),
            "hold": hold(self.client, self.biz, self.customer_token, self._next_start()),
            "desk booking": desk_booking(self.client, self.biz, self._next_start()),
            "booking page": self.client.get(f"/book/{self.biz.slug}"),
        }
        answers = dict(zip(calls, await asyncio.gather(*calls.values()), strict=True))
        self.statuses += [(name, answer.status_code) for name, answer in answers.items()]
        return answers

    def failures(self) -> list[tuple[str, int]]:
        return [(name, status) for name, status in self.statuses if status >= 500]


async def test_without_redis_every_call_works_and_events_resume_when_it_is_back(cluster: Cluster) -> None:
    async with (
        httpx.AsyncClient(base_url=cluster.a.url, timeout=30) as a,
        httpx.AsyncClient(base_url=cluster.b.url, timeout=30) as b,
    ):
        biz = await sign_up(a)
        (_, token_a), (_, token_b) = [await customer(c, name) for c, name in ((a, "Ada"), (b, "Bea"))]
        through_a, through_b = Everything(a, biz, token_a, day=2), Everything(b, biz, token_b, day=3)
        await through_a.round()
        await through_b.round()

        cluster.redis.stop()
        async with listening(cluster.a.url, {"token": biz.token}) as desk_on_a:
            for _ in range(3):
                answers = await through_a.round()
                await through_b.round()
                # A's own desk still hears what happens through A.
                made = answers["desk booking"].json()
                await desk_on_a.wait_for("appointment.created", _about(made))
            # Sign-up and registration go on too, limited per process meanwhile.
            await sign_up(b)
            await customer(b, "Cleo")
        assert through_a.failures() == [] and through_b.failures() == []

        await cluster.redis.start()
        # The first calls after the restart meet pooled connections the restart left stale.
        await through_a.round()
        await through_b.round()
        assert through_a.failures() == [] and through_b.failures() == []
        # Events cross processes again, without a restart of either. A desk connected now may still
        # be asked to reconnect (A catching up after the outage): then it connects again, as pages do.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while True:
            async with listening(cluster.a.url, {"token": biz.token}) as desk_on_a:
                made = (await desk_booking(b, biz, through_b._next_start())).json()
                try:
                    await desk_on_a.wait_for("appointment.created", _about(made), timeout=1)
                    break
                except TimeoutError:
                    assert loop.time() < deadline, "events from B never reached A after Redis came back"


async def test_desks_connected_through_an_outage_are_asked_to_catch_up_once_redis_is_back(
    cluster: Cluster,
) -> None:
    async with httpx.AsyncClient(base_url=cluster.a.url, timeout=30) as a:
        biz = await sign_up(a)
    gone = asyncio.Event()
    desk = socketio.AsyncClient(reconnection=False)
    desk.on("disconnect", lambda *_: gone.set())
    await desk.connect(cluster.a.url, auth={"token": biz.token}, transports=["websocket"], wait_timeout=10)
    try:
        cluster.redis.stop()
        await asyncio.sleep(1)  # the process notices and keeps trying
        assert not gone.is_set()  # its own events still reach the desk meanwhile
        await cluster.redis.start()
        # What other processes sent meanwhile is lost: the desk is disconnected, so it reconnects and
        # reloads what it shows.
        await asyncio.wait_for(gone.wait(), 5)
    finally:
        await desk.disconnect()


async def test_a_database_restart_costs_no_error(cluster: Cluster) -> None:
    async with (
        httpx.AsyncClient(base_url=cluster.a.url, timeout=30) as a,
        httpx.AsyncClient(base_url=cluster.b.url, timeout=30) as b,
    ):
        biz = await sign_up(a)
        (_, token_a), (_, token_b) = [await customer(c, name) for c, name in ((a, "Dora"), (b, "Emil"))]
        through = [Everything(a, biz, token_a, day=2), Everything(b, biz, token_b, day=3)]
        for _ in range(3):  # fill both pools with connections
            for side in through:
                await side.round()

        # A restart ends every connection, and the database is away for a moment.
        assert await end_connections(cluster.database_url) >= 2
        await asyncio.sleep(REST_BEFORE_PING + 0.5)

        for _ in range(3):
            for side in through:
                await side.round()
        assert [side.failures() for side in through] == [[], []]
