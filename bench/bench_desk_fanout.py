"""Desk bookings spread over 1,000 businesses with 3,000 open booking pages, through two processes.

Run as `.venv/bin/python bench/bench_desk_fanout.py` (needs PostgreSQL and Redis as for the tests).
Starts two `server.py` processes on a fresh database and Redis namespace and signs up 1,000
businesses. Two listener processes open 3,000 booking pages between them, three per business, half
on each server: each page is a bare WebSocket speaking Engine.IO and Socket.IO (`auth: {slug}`), as
light as a client can be, so that the listeners do not take the CPU the servers need. Then the
desk books 50 appointments a second for 20 seconds into randomly chosen businesses, alternating
between the processes, without waiting for one answer before sending the next (open loop).

Prints, in ms from a booking request being sent to each of its business's pages receiving the
`slots.changed` for it: the median, p99 and slowest, how many of the expected arrivals came at
all, and how many pages heard of another business's booking (must be none). Target: p99 at most
250 ms at 50 bookings a second.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as ProcessEvent
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402
import httpx  # noqa: E402

from testkit.flows import Business, sign_up  # noqa: E402
from testkit.sockets import desk_booking, server_pair, tomorrow_at  # noqa: E402

BUSINESSES = 1000
PAGES_PER_BUSINESS = 3
LISTENERS = 2
RATE = 50  # desk bookings a second
SECONDS = 20
TIME_LIMIT = 1200.0

#: A page's receipt: (page number, its location id, the event's location id, slot start, wall clock).
Arrival = tuple[int, str, str, str, float]


async def _page(
    session: aiohttp.ClientSession,
    number: int,
    url: str,
    slug: str,
    location_id: str,
    arrivals: list[Arrival],
) -> None:
    """One booking page: joins the business's public room and records every `slots.changed`."""
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with session.ws_connect(ws_url, heartbeat=None) as ws:
        opened = await ws.receive_str()
        assert opened.startswith("0"), opened
        await ws.send_str("40" + json.dumps({"slug": slug}))
        async for message in ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            text = message.data
            if text == "2":
                await ws.send_str("3")
            elif text.startswith("42"):
                name, payload = json.loads(text[2:])[:2]
                if name == "slots.changed":
                    arrivals.append(
                        (number, location_id, payload["location_id"], payload["start"], time.time())
                    )
            elif text.startswith("44"):
                raise RuntimeError(f"refused: {text}")


async def _listen(
    pages: Sequence[tuple[int, str, str, str]], ready: ProcessEvent, stop: ProcessEvent
) -> list[Arrival]:
    arrivals: list[Arrival] = []
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = []
        for number, url, slug, location_id in pages:
            tasks.append(asyncio.create_task(_page(session, number, url, slug, location_id, arrivals)))
            await asyncio.sleep(0.002)  # a gentle ramp: 3,000 handshakes do not all land at once
        await asyncio.sleep(2)
        failed = [t for t in tasks if t.done()]
        if failed:
            raise RuntimeError(f"{len(failed)} pages failed to connect: {failed[0].exception()}")
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        ended = [t for t in tasks if t.done()]
        if ended:
            print(f"{len(ended)} pages lost their connection: {ended[0].exception()!r}", flush=True)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return arrivals


def _listener(
    pages: Sequence[tuple[int, str, str, str]], ready: ProcessEvent, stop: ProcessEvent, out: Connection
) -> None:
    out.send(asyncio.run(_listen(pages, ready, stop)))


async def _book(
    clients: Sequence[httpx.AsyncClient], businesses: Sequence[Business]
) -> list[tuple[str, str, float]]:
    """Books RATE a second for SECONDS into random businesses; returns (location id, start, sent at)."""
    sent: list[tuple[str, datetime, float]] = []
    pending = []
    first = tomorrow_at(0, days=3).astimezone(UTC)
    chooser = random.Random(7)
    slots: dict[str, int] = {}
    began = time.perf_counter()
    for n in range(RATE * SECONDS):
        await asyncio.sleep(max(0.0, began + n / RATE - time.perf_counter()))
        biz = chooser.choice(businesses)
        slots[biz.slug] = slots.get(biz.slug, 0) + 1
        start = first + timedelta(minutes=30 * slots[biz.slug])
        at = time.time()
        pending.append(asyncio.create_task(desk_booking(clients[n % 2], biz, start)))
        sent.append((biz.location_id, start, at))
    answers = await asyncio.gather(*pending)
    bad = [a for a in answers if a.status_code != 201]
    if bad:
        raise RuntimeError(f"{len(bad)} bookings failed, e.g. {bad[0].status_code} {bad[0].text}")
    return [(location, start.isoformat(), at) for location, start, at in sent]


async def measure() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp:
        async with server_pair(Path(tmp)) as pair:
            async with (
                httpx.AsyncClient(base_url=pair.a.url, timeout=60) as a,
                httpx.AsyncClient(base_url=pair.b.url, timeout=60) as b,
            ):
                gate = asyncio.Semaphore(8)

                async def one(index: int) -> Business:
                    async with gate:
                        return await sign_up(a if index % 2 else b)

                businesses = list(await asyncio.gather(*(one(i) for i in range(BUSINESSES))))
            print(f"{BUSINESSES} businesses signed up")
            pages = [
                (i * PAGES_PER_BUSINESS + p, (pair.a.url, pair.b.url)[(i + p) % 2], biz.slug, biz.location_id)
                for i, biz in enumerate(businesses)
                for p in range(PAGES_PER_BUSINESS)
            ]
            context = multiprocessing.get_context("spawn")
            stop = context.Event()
            workers = []
            for index in range(LISTENERS):
                ready = context.Event()
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_listener, args=(pages[index::LISTENERS], ready, stop, send))
                process.start()
                workers.append((process, ready, receive))
            for process, ready, _ in workers:
                while not ready.wait(0.5):
                    if not process.is_alive():
                        raise RuntimeError("a listener died while connecting its pages")
            print(f"{len(pages)} booking pages connected")
            async with (
                httpx.AsyncClient(
                    base_url=pair.a.url, timeout=60, limits=httpx.Limits(max_connections=None)
                ) as a,
                httpx.AsyncClient(
                    base_url=pair.b.url, timeout=60, limits=httpx.Limits(max_connections=None)
                ) as b,
            ):
                sent = await _book([a, b], businesses)
            await asyncio.sleep(3)  # the last events arrive
            stop.set()
            arrivals: list[Arrival] = []
            for process, _, receive in workers:
                arrivals += receive.recv()
                process.join()

    wrong = sum(1 for _, page, event, _, _ in arrivals if page != event)
    silent = len(pages) - len({number for number, *_ in arrivals})
    # The API writes times with the business's offset: compare instants, not strings.
    heard: dict[tuple[str, datetime], list[float]] = {}
    for _, page, event, start, at in arrivals:
        if page == event:
            heard.setdefault((event, datetime.fromisoformat(start)), []).append(at)
    latencies = []
    missing = 0
    for location, start, sent_at in sent:
        times = heard.get((location, datetime.fromisoformat(start)), [])
        missing += PAGES_PER_BUSINESS - len(times)
        latencies += [(at - sent_at) * 1000 for at in times]
    latencies.sort()
    p99 = statistics.quantiles(latencies, n=100, method="inclusive")[98]
    print(
        f"{len(sent)} desk bookings at {RATE}/s over {BUSINESSES} businesses, {len(pages)} booking pages, "
        "two processes (PostgreSQL + Redis)"
    )
    print(
        f"  booking sent -> heard by each page of its business: median "
        f"{statistics.median(latencies):6.1f} ms, p99 {p99:6.1f} ms, slowest {latencies[-1]:6.1f} ms"
    )
    print(
        f"  arrivals missing: {missing} of {len(sent) * PAGES_PER_BUSINESS}; "
        f"heard by another business's page: {wrong}; pages that heard nothing: {silent}"
    )


def main() -> None:
    asyncio.run(asyncio.wait_for(measure(), TIME_LIMIT))


if __name__ == "__main__":
    main()
