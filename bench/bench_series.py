"""Time the preview of a 10-date series with its alternatives in a calendar of 100,000 appointments.

Run as `.venv/bin/python bench/bench_series.py [requests]` (default 200; needs PostgreSQL as for the
tests). For SQLite (a file in a temporary directory) and for PostgreSQL (a fresh database, dropped
afterwards) it signs a business up in-process with 20 calendars open 07:00–21:00 every day, and
bulk-inserts 100,000 half-hour appointments over the coming year (about half of every calendar's
half hours taken, so most dates of a series are taken and need their alternatives). Then it asks
`POST /api/v1/series/preview` for weekly series of 10 dates in the owner's calendar, each from
another day and half hour of the first weeks, `requests` times, and prints the median and p95 of
the answer time, the process's CPU time per answer, and how many dates per answer were taken.
Target: p95 ≤ 50 ms.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from store.schema import appointments  # noqa: E402
from testkit.app import InProcess, in_process, settings_for  # noqa: E402
from testkit.flows import Business, sign_up  # noqa: E402
from testkit.services import postgres_database  # noqa: E402

APPOINTMENTS = 100_000
CALENDARS = 20
DAYS = 365
OPENING, CLOSING = 7, 21
HALF_HOURS = (CLOSING - OPENING) * 2
DATES = 10
ZONE = ZoneInfo("Europe/Vienna")
TIME_LIMIT = 1800.0


async def set_up(client: httpx.AsyncClient) -> tuple[Business, str, list[str]]:
    """A business with CALENDARS calendars open every day, and one 30-minute service they all offer."""
    biz = await sign_up(client)
    hours = {
        day: [[f"{OPENING:02}:00", f"{CLOSING:02}:00"]]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    answer = await client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=biz.auth
    )
    assert answer.status_code == 200, answer.text
    staff_ids = [biz.staff_id]
    for number in range(1, CALENDARS):
        answer = await client.post("/api/v1/staff", json={"name": f"Kalender {number}"}, headers=biz.auth)
        assert answer.status_code == 201, answer.text
        staff_ids.append(answer.json()["id"])
    answer = await client.post(
        "/api/v1/services",
        json={"name": "Termin", "duration_minutes": 30, "staff_ids": staff_ids},
        headers=biz.auth,
    )
    assert answer.status_code == 201, answer.text
    return biz, answer.json()["id"], staff_ids


def rows_for(biz: Business, service_id: str, staff_ids: list[str], first: date) -> list[dict[str, Any]]:
    """APPOINTMENTS half hours spread evenly over every calendar's days from `first` on."""
    rng = random.Random(APPOINTMENTS)
    pairs = [(staff_id, first + timedelta(days=d)) for d in range(DAYS) for staff_id in staff_ids]
    per_pair, extra = divmod(APPOINTMENTS, len(pairs))
    created = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for index, (staff_id, day) in enumerate(pairs):
        for slot in rng.sample(range(HALF_HOURS), per_pair + (1 if index < extra else 0)):
            start = datetime.combine(day, wall(OPENING), ZONE) + timedelta(minutes=30 * slot)
            rows.append(
                {
                    "id": secrets.token_hex(16),
                    "tenant_id": biz.tenant_id,
                    "staff_id": staff_id,
                    "location_id": biz.location_id,
                    "service_id": service_id,
                    "customer_id": None,
                    "start_at": start,
                    "end_at": start + timedelta(minutes=30),
                    "status": "booked",
                    "note": "",
                    "source": "desk",
                    "created_at": created,
                    "updated_at": created,
                }
            )
    return rows


async def seed(app: InProcess) -> tuple[Business, str, date]:
    biz, service_id, staff_ids = await set_up(app.client)
    first = datetime.now(UTC).astimezone(ZONE).date() + timedelta(days=1)
    rows = rows_for(biz, service_id, staff_ids, first)
    async with app.deps.store.write() as conn:
        for chunk in range(0, len(rows), 5_000):
            await conn.execute(insert(appointments), rows[chunk : chunk + 5_000])
    if app.deps.store.dialect == "postgresql":
        # What autovacuum does within a minute of a bulk load: statistics for the planner.
        async with app.deps.store.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.exec_driver_sql("VACUUM ANALYZE")
    return biz, service_id, first


async def run(name: str, database_url: str, requests: int) -> None:
    async with in_process(settings_for(database_url)) as app:
        began = time.perf_counter()
        biz, service_id, first = await seed(app)
        print(f"{name}: seeded {APPOINTMENTS:,} appointments in {time.perf_counter() - began:.1f} s")
        rng = random.Random(7)
        timings: list[float] = []
        cpu: list[float] = []
        taken: list[int] = []
        alternatives: list[int] = []
        for number in range(requests + 5):
            day = first + timedelta(days=rng.randrange(1, 60))
            start = datetime.combine(day, wall(OPENING), ZONE) + timedelta(
                minutes=30 * rng.randrange(HALF_HOURS)
            )
            body = {
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": service_id,
                "start": start.isoformat(),
                "repeat": {"count": DATES},
            }
            sent, worked = time.perf_counter(), time.process_time()
            answer = await app.client.post("/api/v1/series/preview", json=body, headers=biz.auth)
            elapsed = (time.perf_counter() - sent) * 1000
            spent = (time.process_time() - worked) * 1000
            assert answer.status_code == 200, answer.text
            dates = answer.json()["dates"]
            assert len(dates) == DATES
            if number >= 5:  # the first few warm the caches and the connection pool
                timings.append(elapsed)
                cpu.append(spent)
                taken.append(sum(1 for d in dates if d["state"] == "taken"))
                alternatives.append(sum(len(d["alternatives"]) for d in dates))
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        print(
            f"{name}: preview of {DATES} dates, {requests} requests: "
            f"p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms; taken dates per answer "
            f"{statistics.mean(taken):.1f}, alternatives per answer {statistics.mean(alternatives):.1f}"
        )
        # The machine may be shared: the process's own CPU time per answer shows the work apart from
        # waiting for the cores (the database server's work is not in it on PostgreSQL).
        print(f"{name}: CPU time of this process per answer: p50 {statistics.median(cpu):.1f} ms")


async def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory(prefix="bench-series-") as directory:
        await run("sqlite", f"sqlite:///{Path(directory) / 'bench.db'}", requests)
    async with postgres_database("termine_bench") as url:
        await run("postgresql", url, requests)


if __name__ == "__main__":
    asyncio.run(asyncio.wait_for(main(), TIME_LIMIT))
