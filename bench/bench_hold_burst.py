"""A burst of holds: 200 customers hold 200 distinct slots at the same moment, through two processes.

Run as `.venv/bin/python bench/bench_hold_burst.py` (needs PostgreSQL and Redis as for the tests).
Starts two `server.py` processes on a fresh database and Redis namespace, registers 200 verified
customers, then fires every hold at once, half through each process, in two shapes:

- one calendar: all 200 slots belong to the one calendar of one business;
- four calendars: one business whose service four calendars offer, 50 slots each.

Before measuring, one burst into a third business warms the processes up (database connections
open, statements prepared), as on a server that has been running. Prints the answer times
(median, p99, slowest) and the status counts of each burst. Target on a 2-core machine: p99 at
most 1 s for one calendar.
"""

from __future__ import annotations

import asyncio
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

CUSTOMERS = 200
TIME_LIMIT = 900.0


async def burst(
    urls: list[str],
    biz: Business,
    customers: list[tuple[str, str]],
    starts: list[datetime],
) -> tuple[list[float], dict[int, int]]:
    """Every customer holds their own slot at the same moment; returns answer times and statuses.

    The requests go out through aiohttp: with 200 connections at once, httpx's pool spends seconds of
    the client's own CPU, and that would be measured instead of the servers.
    """
    times: list[float] = []
    statuses: dict[int, int] = {}
    go = asyncio.Event()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def one(index: int) -> None:
            await go.wait()
            began = time.perf_counter()
            async with session.post(
                f"{urls[index % 2]}/api/v1/public/{biz.slug}/holds",
                json={
                    "service_id": biz.service_id,
                    "location_id": biz.location_id,
                    "start": starts[index].isoformat(),
                },
                headers={"Authorization": f"Bearer {customers[index][1]}"},
            ) as response:
                await response.read()
            times.append(time.perf_counter() - began)
            statuses[response.status] = statuses.get(response.status, 0) + 1

        tasks = [asyncio.create_task(one(i)) for i in range(len(customers))]
        await asyncio.sleep(0)
        go.set()
        await asyncio.gather(*tasks)
    return times, statuses


async def four_calendars(client: httpx.AsyncClient) -> Business:
    """A business whose one service is offered by the owner's calendar and three more."""
    biz = await sign_up(client)
    every_day = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    staff_ids = [biz.staff_id]
    for name in ("Raum 2", "Raum 3", "Raum 4"):
        made = await client.post("/api/v1/staff", json={"name": name}, headers=biz.auth)
        staff_ids.append(made.json()["id"])
        hours = {"location_id": biz.location_id, "weekly": every_day}
        response = await client.put(f"/api/v1/staff/{staff_ids[-1]}/hours", json=hours, headers=biz.auth)
        assert response.status_code == 200, response.text
    response = await client.patch(
        f"/api/v1/services/{biz.service_id}", json={"staff_ids": staff_ids}, headers=biz.auth
    )
    assert response.status_code == 200, response.text
    return biz


def report(label: str, times: list[float], statuses: dict[int, int]) -> None:
    ms = sorted(t * 1000 for t in times)
    p99 = statistics.quantiles(ms, n=100, method="inclusive")[98]
    print(
        f"  {label:<16} median {statistics.median(ms):7.1f} ms   p99 {p99:7.1f} ms   "
        f"slowest {ms[-1]:7.1f} ms   statuses {statuses}"
    )


async def measure() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-burst-") as tmp:
        async with (
            server_pair(Path(tmp)) as pair,
            httpx.AsyncClient(base_url=pair.a.url, timeout=120) as a,
            httpx.AsyncClient(base_url=pair.b.url, timeout=120) as b,
        ):
            customers = await verified_customers([a, b], CUSTOMERS, concurrency=8)
            first = tomorrow_at(0, days=2).astimezone(UTC)
            # A server that has run a while has its database connections open and its statements
            # prepared: one burst elsewhere first, not measured, so that the figures are of that.
            warm = await sign_up(b)
            await burst(
                [pair.a.url, pair.b.url],
                warm,
                customers,
                [first + timedelta(minutes=30 * i) for i in range(CUSTOMERS)],
            )
            one = await sign_up(a)
            single = await burst(
                [pair.a.url, pair.b.url],
                one,
                customers,
                [first + timedelta(minutes=30 * i) for i in range(CUSTOMERS)],
            )
            shared = await four_calendars(b)
            # Four slots at each time, one per calendar: 50 times cover the 200 customers.
            starts = [first + timedelta(minutes=30 * (i // 4)) for i in range(CUSTOMERS)]
            four = await burst([pair.a.url, pair.b.url], shared, customers, starts)

    print(
        f"{CUSTOMERS} holds of distinct slots fired at once, alternating two processes (PostgreSQL + Redis)"
    )
    report("one calendar", *single)
    report("four calendars", *four)


def main() -> None:
    asyncio.run(asyncio.wait_for(measure(), TIME_LIMIT))


if __name__ == "__main__":
    main()
