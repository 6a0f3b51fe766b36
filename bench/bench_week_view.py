"""Time the staff calendar's week view with 20 calendars and 2,000 appointments in the week.

Run as `.venv/bin/python bench/bench_week_view.py [requests] [events]` (defaults 60 and 50; needs
PostgreSQL as for the tests and Chromium at /usr/bin/chromium). For SQLite (a file in a temporary
directory) and for PostgreSQL (a fresh database, dropped afterwards) it starts `server.py`, signs a
business up with 20 calendars and 200 customers, and bulk-inserts 2,000 appointments into next week
(Monday to Sunday, half hours between 07:00 and 21:00). Then it measures:

- the week view's data request as the page makes it, `GET /api/v1/appointments?from=&to=` with the
  week's bounds in the business's offset, `requests` times: median, p95 and the answer's size;
- Chromium signed in on the week view: the time from the click on "next week" until all 2,000
  appointments are drawn;
- `events` appointments booked through the API into free half hours of that week, one after
  another. The page's own clock records when the appointment's element appears (a
  MutationObserver, then the frame that paints it); a staff Socket.IO client of the script records
  when `appointment.created` arrives. Prints the median and p95 of: request sent -> element drawn,
  request sent -> event at a socket client (the server's share), event -> element drawn (the
  page's share), and the API's answer time. All of them are read from the system clock
  (time.time() in the script, performance.timeOrigin + performance.now() in the page).
"""

from __future__ import annotations

import asyncio
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from playwright.async_api import Page, async_playwright  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from store.schema import appointments  # noqa: E402
from testkit.app import ServerProcess, in_process, settings_for  # noqa: E402
from testkit.flows import Business, sign_up  # noqa: E402
from testkit.services import postgres_database  # noqa: E402
from testkit.sockets import listening, server_env  # noqa: E402

APPOINTMENTS = 2_000
CALENDARS = 20
CUSTOMERS = 200
OPENING, CLOSING = 7, 21
HALF_HOURS = (CLOSING - OPENING) * 2
ZONE = ZoneInfo("Europe/Vienna")
OWNER_PASSWORD = "correct horse battery"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TIME_LIMIT = 900.0

# Records, with the page's clock, when an appointment's element first appears (the observer) and
# is painted (the next frame).
WATCH = """() => {
  const stamp = () => performance.timeOrigin + performance.now();
  const ids = [...document.querySelectorAll("[data-appointment-id]")].map((e) => e.dataset.appointmentId);
  const seen = new Set(ids);
  const drawn = new Map();
  const note = (el) => {
    const id = el.dataset?.appointmentId;
    if (!id || seen.has(id)) return;
    seen.add(id);
    requestAnimationFrame(() => drawn.set(id, stamp()));
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") note(record.target);
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        note(node);
        node.querySelectorAll("[data-appointment-id]").forEach(note);
      }
    }
  }).observe(document.getElementById("calendar"), {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-appointment-id"],
  });
  window.benchDrawn = drawn;
}"""
DRAWN = "(id) => window.benchDrawn.get(id) ?? null"


@dataclass(frozen=True)
class Week:
    biz: Business
    service_id: str
    staff_ids: list[str]
    customer_ids: list[str]
    monday: date
    free: list[tuple[str, datetime]]

    def bounds(self) -> dict[str, str]:
        """The page's query for this week: from Monday 00:00 to the next Monday, with offsets."""
        start = datetime.combine(self.monday, wall(0), ZONE)
        end = datetime.combine(self.monday + timedelta(days=7), wall(0), ZONE)
        return {"from": start.isoformat(), "to": end.isoformat()}


def next_monday() -> date:
    today = datetime.now(UTC).astimezone(ZONE).date()
    return today + timedelta(days=7 - today.weekday())


def half_hours(
    monday: date, staff_ids: list[str]
) -> tuple[list[tuple[str, datetime]], list[tuple[str, datetime]]]:
    """(booked, free): APPOINTMENTS half hours spread evenly over every calendar's days, and the rest."""
    rng = random.Random(APPOINTMENTS)
    pairs = [(staff_id, monday + timedelta(days=d)) for d in range(7) for staff_id in staff_ids]
    per_pair, extra = divmod(APPOINTMENTS, len(pairs))
    booked: list[tuple[str, datetime]] = []
    free: list[tuple[str, datetime]] = []
    for index, (staff_id, day) in enumerate(pairs):
        chosen = set(rng.sample(range(HALF_HOURS), per_pair + (1 if index < extra else 0)))
        for slot in range(HALF_HOURS):
            start = datetime.combine(day, wall(OPENING), ZONE) + timedelta(minutes=30 * slot)
            (booked if slot in chosen else free).append((staff_id, start))
    return booked, free


async def set_up(client: httpx.AsyncClient) -> tuple[Business, str, list[str], list[str]]:
    """A business with CALENDARS calendars open every day, one 30-minute service, CUSTOMERS customers."""
    biz = await sign_up(client, show_weekend=True)
    auth = biz.auth
    hours = {
        day: [[f"{OPENING:02}:00", f"{CLOSING:02}:00"]]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    response = await client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=auth
    )
    assert response.status_code == 200, response.text
    staff_ids = [biz.staff_id]
    for number in range(1, CALENDARS):
        response = await client.post("/api/v1/staff", json={"name": f"Kalender {number}"}, headers=auth)
        assert response.status_code == 201, response.text
        staff_ids.append(response.json()["id"])
    response = await client.post(
        "/api/v1/services",
        json={"name": "Termin", "duration_minutes": 30, "staff_ids": staff_ids},
        headers=auth,
    )
    assert response.status_code == 201, response.text

    async def one_customer(number: int) -> str:
        answer = await client.post(
            "/api/v1/customers", json={"first_name": f"Kundin{number}", "last_name": "Beispiel"}, headers=auth
        )
        assert answer.status_code == 201, answer.text
        return str(answer.json()["id"])

    customer_ids = [await one_customer(number) for number in range(CUSTOMERS)]
    return biz, response.json()["id"], staff_ids, customer_ids


async def seed(database_url: str, client: httpx.AsyncClient) -> Week:
    biz, service_id, staff_ids, customer_ids = await set_up(client)
    monday = next_monday()
    booked, free = half_hours(monday, staff_ids)
    created = datetime.now(UTC)
    rows = [
        {
            "id": secrets.token_hex(16),
            "tenant_id": biz.tenant_id,
            "staff_id": staff_id,
            "location_id": biz.location_id,
            "service_id": service_id,
            "customer_id": customer_ids[index % len(customer_ids)],
            "start_at": start,
            "end_at": start + timedelta(minutes=30),
            "status": "booked",
            "note": "",
            "source": "desk",
            "created_at": created,
            "updated_at": created,
        }
        for index, (staff_id, start) in enumerate(booked)
    ]
    async with in_process(settings_for(database_url)) as app:
        async with app.deps.store.write() as conn:
            await conn.execute(insert(appointments), rows)
        if app.deps.store.dialect == "postgresql":
            # What autovacuum does within a minute of a bulk load: statistics for the planner.
            async with app.deps.store.engine.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.exec_driver_sql("VACUUM ANALYZE")
    return Week(biz, service_id, staff_ids, customer_ids, monday, free)


def ms_figures(label: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]
    return f"  {label:<34} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   max {ms[-1]:7.1f} ms"


async def timed(
    call: Callable[[], Awaitable[httpx.Response]], count: int
) -> tuple[list[float], httpx.Response]:
    for _ in range(5):  # warm-up: connection pools, caches, the first query plans
        response = await call()
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = await call()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return timings, response


async def measure_requests(url: str, week: Week, count: int) -> None:
    async with httpx.AsyncClient(base_url=url, headers=week.biz.auth, timeout=30) as client:
        params = week.bounds()
        listed, answer = await timed(lambda: client.get("/api/v1/appointments", params=params), count)
        shown = len(answer.json()["appointments"])
        assert shown == APPOINTMENTS, shown
        closed, _ = await timed(lambda: client.get("/api/v1/closures", params=params), count)
    print(ms_figures(f"GET appointments ({shown}, {len(answer.content) // 1024} KB)", listed))
    print(ms_figures("GET closures (beside it)", closed))


async def sign_in(page: Page, url: str, biz: Business) -> None:
    await page.goto(f"{url}/login")
    await page.fill("input[name=email]", f"{biz.slug}@owner.example")
    await page.fill("input[name=password]", OWNER_PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/calendar")
    await page.wait_for_selector("#calendar .ec-body")


async def book(client: httpx.AsyncClient, week: Week, number: int, staff_id: str, start: datetime) -> str:
    answer = await client.post(
        "/api/v1/appointments",
        json={
            "staff_id": staff_id,
            "location_id": week.biz.location_id,
            "service_id": week.service_id,
            "start": start.isoformat(),
            "customer_id": week.customer_ids[number % len(week.customer_ids)],
        },
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def about(appointment_id: str) -> Callable[[Any], bool]:
    """Picks the event whose payload is about the appointment `appointment_id`."""
    return lambda payload: payload["id"] == appointment_id


async def measure_page(url: str, week: Week, events: int) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(
                viewport={"width": 1600, "height": 900}, locale="de-AT", bypass_csp=True
            )
            await sign_in(page, url, week.biz)
            await page.click("#view-switch button[data-view='resourceTimeGridWeek']")
            await page.wait_for_timeout(500)
            started = time.perf_counter()
            await page.click("#next-button")
            await page.wait_for_function(
                f"document.querySelectorAll('[data-appointment-id]').length >= {APPOINTMENTS}", timeout=60000
            )
            drawn_all = (time.perf_counter() - started) * 1000
            fetched = await page.evaluate(
                """() => performance.getEntriesByType("resource")
                  .filter((e) => e.name.includes("/api/v1/appointments?")).at(-1).duration"""
            )
            print(
                f"  week view drawn with {APPOINTMENTS} appointments: {drawn_all:.0f} ms after the click "
                f"(its data request in the page: {fetched:.0f} ms)"
            )
            await page.evaluate(WATCH)
            await follow_bookings(page, url, week, events)
        finally:
            await browser.close()


async def follow_bookings(page: Page, url: str, week: Week, events: int) -> None:
    to_drawn: list[float] = []
    to_event: list[float] = []
    event_to_drawn: list[float] = []
    answered: list[float] = []
    spread = week.free[:: max(1, len(week.free) // events)][:events]
    async with (
        httpx.AsyncClient(base_url=url, headers=week.biz.auth, timeout=30) as client,
        listening(url, {"token": week.biz.token}) as staff,
    ):
        for number, (staff_id, start) in enumerate(spread):
            sent = time.time() * 1000
            made = await book(client, week, number, staff_id, start)
            answered.append(time.time() * 1000 - sent)
            event = await staff.wait_for("appointment.created", about(made))
            handle = await page.wait_for_function(DRAWN, arg=made, timeout=10000)
            drawn = float(await handle.json_value())
            to_drawn.append(drawn - sent)
            to_event.append(event.at * 1000 - sent)
            event_to_drawn.append(drawn - event.at * 1000)
            await asyncio.sleep(0.15)
    print(f"  {len(spread)} appointments booked through the API, one after another, into the week shown:")
    print(ms_figures("request sent -> element drawn", to_drawn))
    print(ms_figures("request sent -> event at a client", to_event))
    print(ms_figures("event -> element drawn (the page)", event_to_drawn))
    print(ms_figures("API answer (POST appointment)", answered))


async def run(name: str, database_url: str, data_dir: Path, requests: int, events: int) -> None:
    server = ServerProcess(server_env(data_dir, database_url))
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            began = time.perf_counter()
            week = await seed(database_url, client)
        print(
            f"{name}: {APPOINTMENTS} appointments in {CALENDARS} calendars in the week of {week.monday} "
            f"(seeded in {time.perf_counter() - began:.0f} s)"
        )
        await measure_requests(server.url, week, requests)
        await measure_page(server.url, week, events)
    finally:
        server.stop()


async def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    with tempfile.TemporaryDirectory(prefix="bench-week-") as directory:
        data = Path(directory)
        await run("sqlite", f"sqlite:///{data / 'bench.db'}", data, requests, events)
        async with postgres_database("termine_bench") as url:
            await run("postgresql", url, data, requests, events)


if __name__ == "__main__":
    asyncio.run(asyncio.wait_for(main(), TIME_LIMIT))
