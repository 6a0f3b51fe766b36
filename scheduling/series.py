"""Series of appointments: the dates a weekly rule gives, and how each date stands in a calendar.

A series keeps the local wall-clock time of its first appointment on every date, across DST
changes: 09:00 in January stays 09:00 in July. A wall time that a change skips moves forward by
the gap (02:30 on the spring-forward night is 03:30); one that occurs twice is its first instant.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .hours import local_day_bounds
from .intervals import Interval, merge
from .localtime import step_grid

#: The most dates one series may have.
MAX_DATES = 52
#: The longest gap between two weeks of a series.
MAX_EVERY_WEEKS = 12

FREE = "free"
TAKEN = "taken"
CLOSED = "closed"
OUTSIDE_HOURS = "outside_hours"


class SeriesError(ValueError):
    """A rule that gives no series: `code` says why, `field` names the part of the rule."""

    def __init__(self, code: str, message: str, field: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Repeat:
    """Every `every_weeks` weeks on `weekdays` (0 Monday … 6 Sunday; none: the first date's),
    `count` times or until the local date `until` (inclusive)."""

    every_weeks: int = 1
    weekdays: frozenset[int] = field(default_factory=frozenset)
    count: int | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        if not 1 <= self.every_weeks <= MAX_EVERY_WEEKS:
            raise SeriesError("invalid_repeat", f"Repeat every 1 to {MAX_EVERY_WEEKS} weeks.", "every_weeks")
        if any(not 0 <= day <= 6 for day in self.weekdays):
            raise SeriesError("invalid_repeat", "Weekdays are 0 (Monday) to 6 (Sunday).", "weekdays")
        if (self.count is None) == (self.until is None):
            raise SeriesError("invalid_repeat", "Give either a number of dates or an end date.", "count")
        if self.count is not None and not 1 <= self.count <= MAX_DATES:
            raise SeriesError("too_many_dates", f"A series has 1 to {MAX_DATES} dates.", "count")


def wall_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of the wall time on the local day; a skipped wall time moves on by the gap."""
    # fold=0 reads a skipped wall time with the offset from before the change: later by the gap.
    return datetime.combine(day, wall.replace(tzinfo=None, fold=0), tzinfo=zone).astimezone(UTC)


def expand(first: datetime, zone: ZoneInfo, repeat: Repeat) -> list[datetime]:
    """The starts of the series whose first appointment starts at `first`, in order, as UTC.

    Weeks are counted from the week (Monday to Sunday) of the first date; chosen weekdays before
    the first date in its week are not part of the series.
    """
    local = first.astimezone(zone)
    start_day, wall = local.date(), local.time()
    if repeat.until is not None and repeat.until < start_day:
        raise SeriesError("invalid_repeat", "The end date lies before the first date.", "until")
    weekdays = sorted(repeat.weekdays or {start_day.weekday()})
    monday = start_day - timedelta(days=start_day.weekday())
    starts: list[datetime] = []
    week = 0
    while True:
        base = monday + timedelta(weeks=week * repeat.every_weeks)
        for weekday in weekdays:
            day = base + timedelta(days=weekday)
            if day < start_day:
                continue
            if repeat.until is not None and day > repeat.until:
                return starts
            if repeat.count is not None and len(starts) == repeat.count:
                return starts
            if len(starts) == MAX_DATES:
                raise SeriesError("too_many_dates", f"A series has at most {MAX_DATES} dates.", "until")
            starts.append(wall_instant(day, wall, zone))
        week += 1


class _Sorted:
    """Intervals merged and in order, with their starts for bisection."""

    def __init__(self, intervals: Sequence[Interval]) -> None:
        self.items = merge(intervals)
        self.starts = [item.start for item in self.items]

    def meets(self, slot: Interval) -> bool:
        """Whether `slot` shares an instant with any of them."""
        index = max(bisect_right(self.starts, slot.start) - 1, 0)
        return any(item.overlaps(slot) for item in self.items[index : index + 2])

    def hold(self, slot: Interval) -> bool:
        """Whether `slot` lies wholly inside one of them."""
        index = bisect_right(self.starts, slot.start) - 1
        return index >= 0 and self.items[index].contains(slot)


def date_state(
    slot: Interval,
    *,
    hours: Sequence[Interval],
    busy: Sequence[Interval],
    closures: Sequence[Interval],
) -> str:
    """How a date of a series stands in its calendar: closed, taken, outside the calendar's hours
    (the desk may still book it) or free."""
    if _Sorted(closures).meets(slot):
        return CLOSED
    if _Sorted(busy).meets(slot):
        return TAKEN
    if not _Sorted(hours).hold(slot):
        return OUTSIDE_HOURS
    return FREE


def alternatives(
    wanted: Interval,
    *,
    zone: ZoneInfo,
    hours: Sequence[Interval],
    busy: Sequence[Interval],
    closures: Sequence[Interval],
    step_minutes: int,
    not_before: datetime,
    days: int = 7,
    limit: int = 3,
) -> list[Interval]:
    """The free times nearest to `wanted` inside the calendar's hours: on its own day first, the
    nearest first; then on the following days (up to `days`), nearest to the same wall time."""
    duration = wanted.end - wanted.start
    open_hours = _Sorted(hours)
    blocked = _Sorted([*busy, *closures])
    local = wanted.start.astimezone(zone)
    found: list[Interval] = []
    for offset in range(days + 1):
        day = local.date() + timedelta(days=offset)
        bounds = local_day_bounds(zone, day, day)
        target = wall_instant(day, local.time(), zone)
        candidates = [
            Interval(start, start + duration)
            for start in step_grid(zone, max(bounds.start, not_before), bounds.end, step_minutes)
            if start != wanted.start
        ]
        fitting = [c for c in candidates if open_hours.hold(c) and not blocked.meets(c)]
        fitting.sort(key=lambda c: (abs(c.start - target), c.start))
        found.extend(fitting[: limit - len(found)])
        if len(found) == limit:
            break
    return found
