"""Holds per second on distinct slots, through two server processes sharing PostgreSQL and Redis.

Run as `.venv/bin/python bench/bench_holds.py` (needs PostgreSQL and Redis as for the tests).
Starts two `server.py` processes on a fresh database and Redis namespace; 12 workers, each a
verified customer of its own, take 1,000 distinct slots off a shared list and hold them, alternating
between the processes. A customer holds one slot per business at a time, so each new hold also
lets that customer's previous one go (as on the booking page). Two shapes are run:

- one calendar: every hold queues on the same calendar lock (one busy practice);
- one calendar each: every worker books its own business (many practices on one installation).

Prints holds per second and the median and p99 of a hold's answer time for each.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402
import httpx  # noqa: E402

from testkit.flows import Business, sign_up  # noqa: E402
from testkit.sockets import server_pair, tomorrow_at, verified_customers  # noqa: E402

WORKERS = 12
HOLDS = 1000
TIME_LIMIT = 600.0


async def run(
    urls: list[str],
    businesses: list[Business],
    customers: list[tuple[str, str]],
    first: datetime,
) -> tuple[float, list[float], dict[int, int]]:
    """Runs the workers; returns the elapsed seconds, each hold's answer time, and status counts.

    The requests go out through aiohttp, the lightest client at hand, so that as much as possible
    of the two cores is left to the servers and the database.
    """
    slots = iter(range(HOLDS))
    times: list[float] = []
    statuses: dict[int, int] = {}
    calls = itertools.count()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def worker(index: int) -> None:
            _, token = customers[index]
            biz = businesses[index % len(businesses)]
            for slot in slots:
                began = time.perf_counter()
                async with session.post(
                    f"{urls[next(calls) % len(urls)]}/api/v1/public/{biz.slug}/holds",
                    json={
                        "service_id": biz.service_id,
                        "location_id": biz.location_id,
                        "start": (first + timedelta(minutes=30 * slot)).isoformat(),
                    },
                    headers={"Authorization": f"Bearer {token}"},
                ) as response:
                    await response.read()
                times.append(time.perf_counter() - began)
                statuses[response.status] = statuses.get(response.status, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(WORKERS)))
    return time.perf_counter() - began, times, statuses


def report(label: str, elapsed: float, times: list[float], statuses: dict[int, int]) -> None:
    ms = sorted(t * 1000 for t in times)
    p99 = statistics.quantiles(ms, n=100, method="inclusive")[98]
    print(
        f"  {label:<20} {statuses.get(201, 0) / elapsed:6.1f} holds/s   {HOLDS} in {elapsed:5.1f} s   "
        f"answer median {statistics.median(ms):6.1f} ms, p99 {p99:6.1f} ms   statuses {statuses}"
    )


async def measure() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-holds-") as tmp:
        async with (
            server_pair(Path(tmp)) as pair,
            httpx.AsyncClient(base_url=pair.a.url, timeout=60) as a,
            httpx.AsyncClient(base_url=pair.b.url, timeout=60) as b,
        ):
            customers = await verified_customers([a, b], WORKERS)
            shared = await sign_up(a)
            own = [await sign_up(a if i % 2 else b) for i in range(WORKERS)]
            first = tomorrow_at(0, days=2).astimezone(UTC)
            one = await run([pair.a.url, pair.b.url], [shared], customers, first)
            each = await run([pair.a.url, pair.b.url], own, customers, first)

    print(f"{HOLDS} holds on distinct slots by {WORKERS} concurrent workers, alternating two processes")
    print("(PostgreSQL + Redis; each hold also releases that customer's previous one)")
    report("one calendar", *one)
    report("one calendar each", *each)


def main() -> None:
    asyncio.run(asyncio.wait_for(measure(), TIME_LIMIT))


if __name__ == "__main__":
    main()
