"""Series of appointments: the dates a weekly rule gives, and how each date stands in a calendar.

A series keeps the local wall-clock time of its first appointment on every date, across DST
changes: 09:00 in January stays 09:00 in July. A wall time that a change skips moves forward by
the gap (02:30 on the spring-forward night is 03:30); one that occurs twice is its first instant.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .hours import local_day_bounds
from .intervals import Interval, Pair, merge_pairs
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
    """`(start, end)` pairs merged and in order, with their starts for bisection. Plain pairs, not
    Intervals: a preview asks about thousands of candidate times against a year of bookings."""

    def __init__(self, pairs: Iterable[Pair]) -> None:
        self.items = merge_pairs(pairs)
        self.starts = [start for start, _ in self.items]

    def meets(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) shares an instant with any of them."""
        index = max(bisect_right(self.starts, start) - 1, 0)
        return any(lo < end and start < hi for lo, hi in self.items[index : index + 2])

    def hold(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) lies wholly inside one of them."""
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.items[index][1] >= end


def _pairs(items: Iterable[Interval | Pair]) -> list[Pair]:
    return [(i.start, i.end) if isinstance(i, Interval) else i for i in items]


class Occupancy:
    """A calendar over some days: its hours, what occupies it and its closures (intervals, or
    `(start, end)` pairs of aware UTC datetimes), merged once for the questions about many dates."""

    def __init__(
        self,
        *,
        hours: Iterable[Interval | Pair],
        busy: Iterable[Interval | Pair],
        closures: Iterable[Interval | Pair],
    ) -> None:
        busy_pairs, closed_pairs = _pairs(busy), _pairs(closures)
        self._hours = _Sorted(_pairs(hours))
        self._busy = _Sorted(busy_pairs)
        self._closed = _Sorted(closed_pairs)
        self._blocked = _Sorted(busy_pairs + closed_pairs)

    def state(self, slot: Interval) -> str:
        """How a date of a series stands: closed, taken, outside the calendar's hours (the desk may
        still book it) or free."""
        if self._closed.meets(slot.start, slot.end):
            return CLOSED
        if self._busy.meets(slot.start, slot.end):
            return TAKEN
        if not self._hours.hold(slot.start, slot.end):
            return OUTSIDE_HOURS
        return FREE

    def alternatives(
        self,
        wanted: Interval,
        *,
        zone: ZoneInfo,
        step_minutes: int,
        not_before: datetime,
        days: int = 7,
        limit: int = 3,
    ) -> list[Interval]:
        """The free times nearest to `wanted` inside the calendar's hours: on its own day first,
        the nearest first; then on the following days (up to `days`), nearest to the same wall
        time."""
        duration = wanted.end - wanted.start
        local = wanted.start.astimezone(zone)
        found: list[Interval] = []
        for offset in range(days + 1):
            day = local.date() + timedelta(days=offset)
            bounds = local_day_bounds(zone, day, day)
            target = wall_instant(day, local.time(), zone)
            fitting = [
                start
                for start in step_grid(zone, max(bounds.start, not_before), bounds.end, step_minutes)
                if start != wanted.start
                and self._hours.hold(start, start + duration)
                and not self._blocked.meets(start, start + duration)
            ]
            fitting.sort(key=lambda start: (abs(start - target), start))
            found.extend(Interval(start, start + duration) for start in fitting[: limit - len(found)])
            if len(found) == limit:
                break
        return found


def nearest_starts(
    wanted: datetime, free: Iterable[datetime], *, zone: ZoneInfo, days: int = 7, limit: int = 3
) -> list[datetime]:
    """Of the free starts (say, a customer's free online slots), the ones nearest to `wanted`: on its
    own day first, the nearest first; then on the following days (up to `days`), nearest to the
    same wall time. `wanted` itself is never one of them."""
    local = wanted.astimezone(zone)
    by_day: dict[date, list[datetime]] = {}
    for start in free:
        if start != wanted:
            by_day.setdefault(start.astimezone(zone).date(), []).append(start)
    found: list[datetime] = []
    for offset in range(days + 1):
        day = local.date() + timedelta(days=offset)
        target = wall_instant(day, local.time(), zone)
        fitting = sorted(by_day.get(day, []), key=lambda start: (abs(start - target), start))
        found.extend(fitting[: limit - len(found)])
        if len(found) == limit:
            break
    return found
