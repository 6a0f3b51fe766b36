"""Time `scheduling.free_slots` on a busy month: 20 calendars, 31 days, ~16 appointments a day.

Run as `.venv/bin/python bench/bench_scheduling.py [runs]`; prints the median and p95 in ms.
The target is a median of at most 20 ms on the project's slow 2-core machine.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduling import (  # noqa: E402
    CalendarInput,
    Interval,
    Policy,
    free_slots,
    local_day_bounds,
    parse_weekly,
    weekly_intervals,
)

ZONE = ZoneInfo("Europe/Vienna")
FIRST, LAST = date(2027, 3, 1), date(2027, 3, 31)  # spans the spring-forward of 2027-03-28
CALENDARS = 20
APPOINTMENTS_PER_DAY = 16
TARGET_MS = 20.0


def scenario() -> dict[str, object]:
    """The arguments of one free_slots call: 08:00-18:00 Mon-Fri, a fixed random fill."""
    rng = random.Random(20270301)
    weekdays = {key: [["08:00", "18:00"]] for key in ("mon", "tue", "wed", "thu", "fri")}
    hours = weekly_intervals(parse_weekly(weekdays), ZONE, FIRST, LAST)
    calendars = []
    for number in range(CALENDARS):
        busy: list[Interval] = []
        for day in hours:
            cursor = day.start
            for _ in range(APPOINTMENTS_PER_DAY):
                start = cursor + timedelta(minutes=rng.choice([0, 0, 5, 10, 15]))
                end = start + timedelta(minutes=rng.choice([20, 25, 30, 30, 35]))
                if end > day.end:
                    break
                busy.append(Interval(start, end))
                cursor = end
        # One calendar is on vacation for three days, as one usually is.
        vacation = local_day_bounds(ZONE, date(2027, 3, 10), date(2027, 3, 12))
        closures = (vacation,) if number == 3 else ()
        calendars.append(CalendarInput(f"staff-{number}", tuple(hours), tuple(busy), closures))
    return {
        "opening": hours,
        "calendars": calendars,
        "duration": timedelta(minutes=30),
        "window": local_day_bounds(ZONE, FIRST, LAST),
        "zone": ZONE,
        "now": datetime(2027, 2, 28, 9, 0, tzinfo=ZONE),
        "policy": Policy(step_minutes=15, min_notice_minutes=60, horizon_days=90),
        "buffer_before": timedelta(minutes=5),
        "buffer_after": timedelta(minutes=5),
    }


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    arguments = scenario()
    calendars = arguments["calendars"]
    assert isinstance(calendars, list)
    busy = sum(len(calendar.busy) for calendar in calendars)
    slots = free_slots(**arguments)  # type: ignore[arg-type]  # warm-up, and a sanity figure
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        free_slots(**arguments)  # type: ignore[arg-type]
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    print(f"free_slots: {CALENDARS} calendars, 31 days, {busy} busy intervals, {len(slots)} slots")
    print(f"runs={runs} median={median:.2f} ms p95={p95:.2f} ms (target <= {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
