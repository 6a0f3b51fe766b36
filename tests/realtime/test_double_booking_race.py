"""Fifty customers and the desk reach for one slot at the same instant: exactly one gets it.

On PostgreSQL with two processes (requests alternate between them) and on one SQLite process.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import pytest

from testkit.app import ServerProcess
from testkit.flows import sign_up
from testkit.sockets import Listener, desk_booking, hold, listening, tomorrow_at

ACTIVE = {"held", "requested", "booked"}


@dataclass
class System:
    servers: list[ServerProcess]
    crowd: list[tuple[str, str]]


@pytest.fixture(
    params=[
        pytest.param("pair", id="postgresql-redis-two-processes"),
        pytest.param("single", id="sqlite-one-process"),
    ]
)
def system(request: pytest.FixtureRequest) -> System:
    running = request.getfixturevalue(request.param)
    servers = [running.a, running.b] if request.param == "pair" else [running]
    return System(servers, request.getfixturevalue(f"{request.param}_crowd"))


def creations_at(listener: Listener, start: str) -> list[str]:
    return [
        e.payload["id"]
        for e in listener.events
        if e.name in ("hold.created", "appointment.created") and e.payload["start"] == start
    ]


async def test_fifty_holds_and_a_desk_booking_for_one_slot_give_exactly_one_winner(
    system: System,
) -> None:
    limits = httpx.Limits(max_connections=100)
    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=s.url, timeout=60, limits=limits))
            for s in system.servers
        ]
        biz = await sign_up(clients[0])
        start = tomorrow_at(10, days=2)
        staff = await stack.enter_async_context(listening(system.servers[-1].url, {"token": biz.token}))
        racers = [
            hold(clients[i % len(clients)], biz, token, start) for i, (_, token) in enumerate(system.crowd)
        ]
        racers.insert(len(racers) // 2, desk_booking(clients[-1], biz, start))
        responses = await asyncio.gather(*racers)

        statuses = Counter(r.status_code for r in responses)
        assert statuses == {201: 1, 409: len(responses) - 1}, [
            r.text for r in responses if r.status_code != 409
        ]
        assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"slot_taken"}
        winner = next(r.json() for r in responses if r.status_code == 201)

        listed = await clients[-1].get(
            "/api/v1/appointments",
            params={"from": start.date().isoformat(), "to": start.date().isoformat()},
            headers=biz.auth,
        )
        assert listed.status_code == 200, listed.text
        end = start + timedelta(minutes=30)
        active = [
            a
            for a in listed.json()["appointments"]
            if a["status"] in ACTIVE
            and datetime.fromisoformat(a["start"]) < end
            and datetime.fromisoformat(a["end"]) > start
        ]
        assert [a["id"] for a in active] == [winner["id"]]

        # Events are published before the answer and travel in order (one process, or one Redis
        # channel), so once a later booking's event is here, every event of the race is too.
        marker = await desk_booking(clients[0], biz, start + timedelta(hours=3))
        assert marker.status_code == 201, marker.text
        await staff.wait_for("appointment.created", lambda a: a["id"] == marker.json()["id"])
        assert creations_at(staff, winner["start"]) == [winner["id"]]
