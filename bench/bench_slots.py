"""Time the public slots endpoint for one month with 100,000 appointments stored.

Run as `.venv/bin/python bench/bench_slots.py [requests]` (default 60 per database). For SQLite (a
file in a temporary directory) and for PostgreSQL (a fresh database, dropped afterwards) it signs a
business up through the API, gives it 20 calendars open Mon-Fri 08:00-18:00, bulk-inserts 100,000
appointments spread over two years (a year back, a year ahead) and a few closures, then asks
`GET /api/v1/public/{slug}/slots` for next month through the in-process app and prints p50 and
p95. The target is p95 <= 50 ms.
"""

from __future__ import annotations

import asyncio
import gc
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from store.schema import appointments, closures  # noqa: E402
from testkit.app import InProcess, in_process, settings_for  # noqa: E402
from testkit.flows import Business, sign_up  # noqa: E402
from testkit.services import postgres_database  # noqa: E402

APPOINTMENTS = 100_000
CALENDARS = 20
DAYS_BACK = DAYS_AHEAD = 365
TARGET_MS = 50.0
BATCH = 5_000
ZONE = ZoneInfo("Europe/Vienna")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


async def set_up(app: InProcess) -> tuple[Business, str, list[str]]:
    """A business with CALENDARS calendars that all offer one 30-minute service, Mon-Fri 8-18."""
    client = app.client
    biz = await sign_up(client, horizon_days=730)
    auth = biz.auth
    hours = {day: [["08:00", "18:00"]] for day in WEEKDAYS}
    response = await client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=auth
    )
    assert response.status_code == 200, response.text
    staff_ids = [biz.staff_id]
    for number in range(1, CALENDARS):
        response = await client.post("/api/v1/staff", json={"name": f"Kalender {number}"}, headers=auth)
        assert response.status_code == 201, response.text
        staff_ids.append(response.json()["id"])
    for staff_id in staff_ids:
        response = await client.put(
            f"/api/v1/staff/{staff_id}/hours",
            json={"location_id": biz.location_id, "weekly": hours},
            headers=auth,
        )
        assert response.status_code == 200, response.text
    response = await client.post(
        "/api/v1/services",
        json={"name": "Termin", "duration_minutes": 30, "staff_ids": staff_ids, "buffer_after_minutes": 5},
        headers=auth,
    )
    assert response.status_code == 201, response.text
    return biz, response.json()["id"], staff_ids


def appointment_rows(biz: Business, service_id: str, staff_ids: list[str]) -> Iterator[dict[str, Any]]:
    """APPOINTMENTS rows without overlaps: each working day of each calendar gets the same share,
    in half hours between 08:00 and 18:00 chosen at random."""
    rng = random.Random(100_000)
    today = datetime.now(UTC).astimezone(ZONE).date()
    days = [
        today + timedelta(days=offset)
        for offset in range(-DAYS_BACK, DAYS_AHEAD)
        if (today + timedelta(days=offset)).weekday() < 5
    ]
    pairs = [(day, staff_id) for day in days for staff_id in staff_ids]
    per_day, extra = divmod(APPOINTMENTS, len(pairs))
    assert per_day < 20, "two years of working days hold at most 20 half hours a day"
    created = datetime.now(UTC)
    for index, (day, staff_id) in enumerate(pairs):
        # Spreads the `extra` appointments evenly, so the total comes out exactly.
        wanted = per_day + (index + 1) * extra // len(pairs) - index * extra // len(pairs)
        for slot in sorted(rng.sample(range(20), wanted)):
            start = datetime(day.year, day.month, day.day, 8, tzinfo=ZONE) + timedelta(minutes=30 * slot)
            yield {
                "id": secrets.token_hex(16),
                "tenant_id": biz.tenant_id,
                "staff_id": staff_id,
                "location_id": biz.location_id,
                "service_id": service_id,
                "start_at": start,
                "end_at": start + timedelta(minutes=30),
                "status": "cancelled" if rng.random() < 0.05 else "booked",
                "note": "",
                "source": "desk",
                "created_at": created,
                "updated_at": created,
            }


async def store_appointments(app: InProcess, biz: Business, service_id: str, staff_ids: list[str]) -> None:
    batch: list[dict[str, Any]] = []
    for row in appointment_rows(biz, service_id, staff_ids):
        batch.append(row)
        if len(batch) == BATCH:
            async with app.deps.store.write() as conn:
                await conn.execute(insert(appointments), batch)
            batch = []
    if batch:
        async with app.deps.store.write() as conn:
            await conn.execute(insert(appointments), batch)
    # Some vacations, of one calendar or of the whole business, spread over four years.
    rng = random.Random(7)
    today = datetime.now(UTC).astimezone(ZONE).date()
    rows = []
    for _ in range(40):
        day = today + timedelta(days=rng.randrange(-700, 700))
        start = datetime(day.year, day.month, day.day, tzinfo=ZONE)
        rows.append(
            {
                "id": secrets.token_hex(16),
                "tenant_id": biz.tenant_id,
                "staff_id": rng.choice([*staff_ids, None]),
                "kind": "vacation",
                "start_at": start,
                "end_at": start + timedelta(days=3),
                "note": "",
                "created_at": datetime.now(UTC),
            }
        )
    async with app.deps.store.write() as conn:
        await conn.execute(insert(closures), rows)
        stored = (await conn.execute(select(func.count()).select_from(appointments))).scalar_one()
    assert stored == APPOINTMENTS, stored
    if app.deps.store.dialect == "postgresql":
        # What autovacuum does within a minute of a bulk load: statistics for the planner and a
        # visibility map. SQLite gets nothing of the kind, as the product never runs ANALYZE.
        async with app.deps.store.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.exec_driver_sql("VACUUM ANALYZE")


def next_month() -> tuple[date, date]:
    today = datetime.now(UTC).astimezone(ZONE).date()
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


class FullCollections:
    """Counts the garbage collector's full passes meanwhile: each stops the process for as long as
    it takes to visit every live object, which is what shows in the tail when they hit a request."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0

    def _observe(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((time.perf_counter() - self._started) * 1000)

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._observe)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._observe)

    def summary(self) -> str:
        if not self.pauses:
            return "no full garbage collection during the requests"
        return (
            f"{len(self.pauses)} full garbage collections during the requests, "
            f"{statistics.median(self.pauses):.0f} ms each (median)"
        )


def percentile(sorted_ms: list[float], share: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, max(0, round(share * len(sorted_ms)) - 1))]


async def measure(name: str, database_url: str, requests: int) -> bool:
    async with in_process(settings_for(database_url)) as app:
        began = time.perf_counter()
        biz, service_id, staff_ids = await set_up(app)
        await store_appointments(app, biz, service_id, staff_ids)
        seeded = time.perf_counter() - began
        first, last = next_month()
        params = {
            "service_id": service_id,
            "location_id": biz.location_id,
            "from": first.isoformat(),
            "to": last.isoformat(),
        }
        url = f"/api/v1/public/{biz.slug}/slots"
        for _ in range(5):  # warm-up: connection pools, caches, the first query plans
            response = await app.client.get(url, params=params)
            assert response.status_code == 200, response.text
        slots = len(response.json()["slots"])
        timings = []
        with FullCollections() as pauses:
            for _ in range(requests):
                started = time.perf_counter()
                response = await app.client.get(url, params=params)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
    timings.sort()
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(
        f"{name:10} {APPOINTMENTS} appointments in {CALENDARS} calendars (seeded in {seeded:.0f} s); "
        f"{first:%Y-%m} has {slots} slots ({len(response.content) // 1024} KB)"
    )
    print(
        f"{name:10} requests={requests} p50={p50:.1f} ms p95={p95:.1f} ms max={timings[-1]:.1f} ms "
        f"(target p95 <= {TARGET_MS:.0f} ms) {'ok' if p95 <= TARGET_MS else 'MISSED'}"
    )
    print(f"{name:10} {pauses.summary()}")
    return p95 <= TARGET_MS


async def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    with tempfile.TemporaryDirectory(prefix="bench-slots-") as directory:
        sqlite_ok = await measure("sqlite", f"sqlite:///{Path(directory) / 'bench.db'}", requests)
    async with postgres_database("termine_bench") as url:
        postgres_ok = await measure("postgresql", url, requests)
    if not (sqlite_ok and postgres_ok):
        raise SystemExit(1)


if __name__ == "__main__":
    asyncio.run(main())
