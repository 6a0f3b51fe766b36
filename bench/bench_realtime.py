"""Time from a hold made through one server process to its `hold.created` on a staff client of another.

Run as `.venv/bin/python bench/bench_realtime.py` (needs PostgreSQL and Redis as for the tests).
Starts two `server.py` processes on a fresh PostgreSQL database and Redis namespace, connects a
staff Socket.IO client to process B, then makes 200 holds on distinct slots through process A, one
after another, each given up again before the next so that only `hold.created` is in flight. Prints
the median and p99 in ms, measured from the request being sent and from the 201 answer (negative:
the event overtook the answer). The database, namespace and processes are gone afterwards.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from testkit.flows import sign_up  # noqa: E402
from testkit.sockets import hold, listening, server_pair, tomorrow_at, verified_customers  # noqa: E402

HOLDS = 200
CUSTOMERS = 4
TIME_LIMIT = 300.0


def figures(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = statistics.quantiles(ms, n=100, method="inclusive")[98]
    return f"  {label:<28} median {statistics.median(ms):7.1f} ms   p99 {p99:7.1f} ms   max {ms[-1]:7.1f} ms"


def about(hold_id: str) -> Callable[[Any], bool]:
    """Picks the event whose payload is about the hold `hold_id`."""
    return lambda payload: payload["id"] == hold_id


async def measure() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-realtime-") as tmp:
        async with (
            server_pair(Path(tmp)) as pair,
            httpx.AsyncClient(base_url=pair.a.url, timeout=30) as a,
            httpx.AsyncClient(base_url=pair.b.url, timeout=30) as b,
        ):
            biz = await sign_up(a)
            customers = await verified_customers([a, b], CUSTOMERS)
            first = tomorrow_at(0, days=2).astimezone(UTC)
            from_sent: list[float] = []
            from_answer: list[float] = []
            round_trip: list[float] = []
            async with listening(pair.b.url, {"token": biz.token}) as staff:
                for i in range(HOLDS):
                    _, token = customers[i % CUSTOMERS]
                    sent = time.time()
                    response = await hold(a, biz, token, first + timedelta(minutes=30 * i))
                    answered = time.time()
                    assert response.status_code == 201, response.text
                    hold_id = response.json()["id"]
                    event = await staff.wait_for("hold.created", about(hold_id))
                    from_sent.append(event.at - sent)
                    from_answer.append(event.at - answered)
                    round_trip.append(answered - sent)
                    released = await a.delete(
                        f"/api/v1/public/holds/{hold_id}", headers={"Authorization": f"Bearer {token}"}
                    )
                    assert released.status_code == 204, released.text
                created = len(staff.named("hold.created"))
            assert created == HOLDS, f"{created} hold.created events for {HOLDS} holds"

    print(f"hold through process A -> hold.created on a staff client of process B, {HOLDS} holds")
    print("(two server processes, PostgreSQL + Redis, sequential requests)")
    print(figures("from the request sent", from_sent))
    print(figures("from the 201 answer", from_answer))
    print(figures("HTTP round trip of the hold", round_trip))


def main() -> None:
    asyncio.run(asyncio.wait_for(measure(), TIME_LIMIT))


if __name__ == "__main__":
    main()
