"""What the real-time tests and benchmarks share: Socket.IO clients that record what they receive,
server processes on their own database and namespace, crowds of customers, holds and desk bookings.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import socketio

from testkit.app import ServerProcess
from testkit.flows import Business, customer
from testkit.services import REDIS_BASE_URL, postgres_database, redis_namespace


@dataclass(frozen=True)
class Received:
    """One event as it arrived: its name, its payload after a JSON round trip, and the wall clock."""

    name: str
    payload: Any
    at: float


class Listener:
    """Keeps every event a Socket.IO client receives, so a test can wait for one or look back."""

    def __init__(self) -> None:
        self.events: list[Received] = []
        self._arrived = asyncio.Condition()

    async def record(self, name: str, payload: Any = None) -> None:
        at = time.time()
        # Whatever cannot survive JSON would not reach a browser either; fail here, loudly.
        payload = json.loads(json.dumps(payload))
        async with self._arrived:
            self.events.append(Received(name, payload, at))
            self._arrived.notify_all()

    def named(self, name: str) -> list[Received]:
        return [e for e in self.events if e.name == name]

    async def wait_for(
        self, name: str, where: Callable[[Any], bool] = lambda _: True, timeout: float = 5.0, nth: int = 1
    ) -> Received:
        """The `nth` event called `name` whose payload satisfies `where`, received so far or soon."""

        def found() -> list[Received]:
            return [e for e in self.events if e.name == name and where(e.payload)]

        async with self._arrived:
            try:
                await asyncio.wait_for(self._arrived.wait_for(lambda: len(found()) >= nth), timeout)
            except TimeoutError:
                seen = [(e.name, e.payload) for e in self.events]
                raise TimeoutError(f"no {name} (#{nth}) within {timeout} s; received {seen}") from None
        return found()[nth - 1]


async def _connect(
    url: str,
    auth: Any,
    prepare: Callable[[socketio.AsyncClient], None],
    headers: dict[str, str] | None = None,
) -> socketio.AsyncClient:
    """A client that `prepare` has given its handlers, connected over WebSocket with `auth` (and
    `headers`, e.g. the Origin a browser page would send)."""
    client = socketio.AsyncClient(reconnection=False)
    prepare(client)
    try:
        await client.connect(url, auth=auth, headers=headers or {}, transports=["websocket"], wait_timeout=10)
    except BaseException:
        await client.eio.disconnect(abort=True)  # closes the aiohttp session of a failed attempt
        raise
    return client


@asynccontextmanager
async def listening(url: str, auth: Any, headers: dict[str, str] | None = None) -> AsyncIterator[Listener]:
    """A Socket.IO client connected to the server at `url` with `auth`, disconnected afterwards."""
    listener = Listener()
    client = await _connect(url, auth, lambda c: c.on("*", listener.record), headers)
    try:
        yield listener
    finally:
        await client.disconnect()


@asynccontextmanager
async def listening_as_a_page(url: str, auth: Any) -> AsyncIterator[Listener]:
    """Like `listening`, but connecting again at once whenever the server closes the connection, as
    the staff pages do (web/static/kit/live.js). Each connection is recorded as an event "connect",
    so a test can wait for the second one and look at what came after it."""
    listener = Listener()
    closed = asyncio.Event()
    leaving = False

    async def connected() -> None:
        await listener.record("connect")

    def prepare(client: socketio.AsyncClient) -> None:
        client.on("*", listener.record)
        client.on("connect", connected)
        client.on("disconnect", lambda *_: closed.set())

    clients = [await _connect(url, auth, prepare)]

    async def stay() -> None:
        while True:
            await closed.wait()
            closed.clear()
            if leaving:
                return
            clients.append(await _connect(url, auth, prepare))

    task = asyncio.create_task(stay())
    try:
        yield listener
    finally:
        leaving = True
        closed.set()
        await task
        for client in clients:
            if client.connected:
                await client.disconnect()


async def refusal(url: str, auth: Any, headers: dict[str, str] | None = None) -> Any:
    """What the server said when it refused a connection with `auth`; fails if it accepted it."""
    said: list[Any] = []

    async def connect_error(data: Any = None) -> None:
        said.append(data)

    try:
        client = await _connect(url, auth, lambda c: c.on("connect_error", connect_error), headers)
    except socketio.exceptions.ConnectionError:
        assert said, "the connection failed without a refusal from the server"
        return said[0]
    await client.disconnect()
    raise AssertionError(f"the server accepted a connection with auth={auth!r}")


async def verified_customers(
    clients: Sequence[httpx.AsyncClient], count: int, concurrency: int = 4
) -> list[tuple[str, str]]:
    """`count` registered, verified, logged-in customers as (email, token), made round-robin through
    `clients`; registration hashes a password with Argon2, so only a few at a time."""
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> tuple[str, str]:
        async with gate:
            return await customer(clients[index % len(clients)], f"Kunde{index}")

    return list(await asyncio.gather(*(one(i) for i in range(count))))


def server_env(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment for a server process of a test or benchmark: its own data, no rate limits,
    mail in the dev mailbox unless SMTP_URL is given.

    Processes that share a database need the same SECRET_KEY: pass it in `extra`."""
    return {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "RATE_LIMITS": "off",
        "DEV_MAILBOX": "on",
        **extra,
    }


async def start_servers(*servers: ServerProcess) -> None:
    """Starts the server processes side by side and waits until every one answers."""
    await asyncio.gather(*(server.start() for server in servers))


def stop_servers(*servers: ServerProcess) -> None:
    for server in servers:
        server.stop()


@dataclass(frozen=True)
class Pair:
    """Two server processes that share one PostgreSQL database and one Redis namespace."""

    a: ServerProcess
    b: ServerProcess
    database_url: str
    namespace: str


@asynccontextmanager
async def server_pair(data_dir: Path, **extra: str) -> AsyncIterator[Pair]:
    """Two running processes on a fresh database and namespace; all three are gone afterwards."""
    async with postgres_database() as database_url, redis_namespace() as namespace:
        # One SECRET_KEY for both: a token signed by one process must hold on the other.
        env = server_env(data_dir, database_url, REDIS_URL=REDIS_BASE_URL, REDIS_NAMESPACE=namespace, **extra)
        a, b = ServerProcess(env), ServerProcess(env)
        try:
            # Both at once, as a deployment would: they migrate the fresh database together.
            await start_servers(a, b)
            yield Pair(a, b, database_url, namespace)
        finally:
            stop_servers(a, b)


def tomorrow_at(hour: int, minute: int = 0, zone: str = "Europe/Vienna", days: int = 1) -> datetime:
    """A wall-clock time `days` days from today in `zone` (tomorrow by default)."""
    day = datetime.now(UTC).astimezone(ZoneInfo(zone)).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


async def hold(client: httpx.AsyncClient, biz: Business, token: str, start: datetime) -> httpx.Response:
    """A customer's request to hold `start` for the business's service at its first location."""
    return await client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "start": start.isoformat(),
        },
        headers={"Authorization": f"Bearer {token}"},
    )


async def desk_booking(
    client: httpx.AsyncClient, biz: Business, start: datetime, **extra: Any
) -> httpx.Response:
    """The desk books `start` into the owner's calendar: for a new customer unless `customer_id` names one."""
    body: dict[str, Any] = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.isoformat(),
    }
    if "customer_id" not in extra:
        body["new_customer"] = {"first_name": "Desk", "last_name": "Kunde"}
    return await client.post("/api/v1/appointments", json=body | extra, headers=biz.auth)
