"""Time from a hold to its slot disappearing on 200 open booking pages, across two processes.

Run as `.venv/bin/python bench/bench_booking_pages.py` (needs PostgreSQL and Redis as for the tests).
Starts two `server.py` processes on a fresh PostgreSQL database and Redis namespace and connects 200
Socket.IO clients to the business's public room as a booking page does (`auth: {slug}`), half to
each process, spread over a few listener processes so that no one event loop has to take all 200
messages in turn. Then it makes 100 holds on distinct slots through the API, alternating between
the processes; each is given up again (DELETE) a moment later. Every page records when each
`slots.changed` arrives. Prints, in ms, from the hold request being sent to `slots.changed` with
`state: "held"` for that slot: the median and p99 over every page × hold pair, and over each hold's
last page (the slowest of the 200); the same for a release until `state: "free"`. The database,
namespace and processes are gone afterwards.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, timedelta
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnProcess
from multiprocessing.synchronize import Event as ProcessEvent
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import socketio  # noqa: E402

from testkit.flows import sign_up  # noqa: E402
from testkit.sockets import hold, server_pair, tomorrow_at, verified_customers  # noqa: E402

PAGES = 200
LISTENERS = 4  # processes that hold the pages' connections between them
HOLDS = 100
CUSTOMERS = 4
PAUSE = 0.25  # seconds between a hold and its release, and between a release and the next hold
TIME_LIMIT = 600.0

#: One page's receipt of one `slots.changed`: (page, arrival wall clock, slot start, state).
Arrival = tuple[int, float, str, str]


async def _listen(
    pages: Sequence[tuple[int, str]], slug: str, ready: ProcessEvent, stop: ProcessEvent
) -> list[Arrival]:
    """Connects each (page number, server url) as a booking page and records what arrives until `stop`."""
    arrivals: list[Arrival] = []
    clients: list[socketio.AsyncClient] = []

    def recorder(page: int) -> Any:
        async def slots_changed(change: dict[str, Any]) -> None:
            arrivals.append((page, time.time(), change["start"], change["state"]))

        return slots_changed

    gate = asyncio.Semaphore(10)

    async def connect(page: int, url: str) -> None:
        client = socketio.AsyncClient(reconnection=False)
        client.on("slots.changed", recorder(page))
        async with gate:
            await client.connect(url, auth={"slug": slug}, transports=["websocket"], wait_timeout=30)
        clients.append(client)

    try:
        await asyncio.gather(*(connect(page, url) for page, url in pages))
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
    finally:
        await asyncio.gather(*(client.disconnect() for client in clients), return_exceptions=True)
    return arrivals


def listener(
    pages: Sequence[tuple[int, str]], slug: str, ready: ProcessEvent, stop: ProcessEvent, out: Connection
) -> None:
    """A listener process: its pages' arrivals go back through `out` once `stop` is set."""
    out.send(asyncio.run(_listen(pages, slug, ready, stop)))
    out.close()


def figures(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = statistics.quantiles(ms, n=100, method="inclusive")[98]
    return f"  {label:<34} median {statistics.median(ms):7.1f} ms   p99 {p99:7.1f} ms   max {ms[-1]:7.1f} ms"


def latencies(
    sent: dict[str, float], arrivals: list[Arrival], state: str
) -> tuple[list[float], list[float], int]:
    """Per page × slot and per slot's last page, from `sent[start]` to the first `state` for it;
    and how many page × slot pairs never got one."""
    first: dict[tuple[int, str], float] = {}
    for page, at, start, arrived_state in arrivals:
        if arrived_state == state and start in sent and (page, start) not in first:
            first[(page, start)] = at
    pairs = [at - sent[start] for (_, start), at in first.items()]
    last: dict[str, float] = {}
    for (_, start), at in first.items():
        last[start] = max(last.get(start, at), at)
    slowest = [at - sent[start] for start, at in last.items()]
    return pairs, slowest, PAGES * len(sent) - len(first)


async def measure() -> None:
    spawn = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        async with (
            server_pair(Path(tmp)) as pair,
            httpx.AsyncClient(base_url=pair.a.url, timeout=30) as a,
            httpx.AsyncClient(base_url=pair.b.url, timeout=30) as b,
        ):
            biz = await sign_up(a)
            customers = await verified_customers([a, b], CUSTOMERS)
            urls = (pair.a.url, pair.b.url)
            pages = [(page, urls[page % 2]) for page in range(PAGES)]
            stop = spawn.Event()
            started: list[tuple[SpawnProcess, Connection, ProcessEvent]] = []
            try:
                for share in range(LISTENERS):
                    ready = spawn.Event()
                    receiving, sending = spawn.Pipe(duplex=False)
                    process = spawn.Process(
                        target=listener, args=(pages[share::LISTENERS], biz.slug, ready, stop, sending)
                    )
                    process.start()
                    started.append((process, receiving, ready))
                for _, _, ready in started:
                    assert await asyncio.to_thread(ready.wait, 120), "the booking pages did not connect"

                first = tomorrow_at(0, days=2).astimezone(UTC)
                held: dict[str, float] = {}
                freed: dict[str, float] = {}
                for i in range(HOLDS):
                    client = (a, b)[i % 2]
                    auth = {"Authorization": f"Bearer {customers[i % CUSTOMERS][1]}"}
                    sent = time.time()
                    response = await hold(
                        client, biz, customers[i % CUSTOMERS][1], first + timedelta(minutes=30 * i)
                    )
                    assert response.status_code == 201, response.text
                    held[response.json()["start"]] = sent
                    await asyncio.sleep(PAUSE)
                    freed[response.json()["start"]] = time.time()
                    released = await client.delete(
                        f"/api/v1/public/holds/{response.json()['id']}", headers=auth
                    )
                    assert released.status_code == 204, released.text
                    await asyncio.sleep(PAUSE)
                await asyncio.sleep(1.0)  # stragglers
            finally:
                stop.set()
                arrivals: list[Arrival] = []
                for process, receiving, _ in started:
                    if await asyncio.to_thread(receiving.poll, 30):
                        arrivals += receiving.recv()
                    process.join(10)
                    if process.is_alive():
                        process.terminate()

    print(f"{PAGES} booking pages (half on each of two server processes), {HOLDS} holds made and given up")
    print("(PostgreSQL + Redis; holds alternate between the processes; times from the request sent)")
    for label, sent_at, state in (("hold", held, "held"), ("release", freed, "free")):
        pairs, slowest, missing = latencies(sent_at, arrivals, state)
        print(figures(f"{label} -> slot {state}, every page", pairs))
        print(figures(f"{label} -> slot {state}, last page", slowest))
        if missing:
            print(f"  {missing} page × {label} pairs never saw the slot {state}")


def main() -> None:
    asyncio.run(asyncio.wait_for(measure(), TIME_LIMIT))


if __name__ == "__main__":
    main()
