"""Free slots for online booking, the reason a start is not free, and who takes an open request.

A start `s` is free on a calendar when [s, s + duration) lies inside opening ∩ bookable minus
closures, and [s - buffer_before, s + duration + buffer_after) meets no busy interval and no
closure. `free_slots` and `slot_problem` apply exactly that rule; the first for many starts at
once, the second for one.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain
from operator import attrgetter
from zoneinfo import ZoneInfo

from .intervals import (
    Interval,
    Pair,
    intersect,
    intersect_pairs,
    merge_pairs,
    pairs_of,
    subtract,
)
from .localtime import local_date, local_day_start, on_step, step_grid

_ZERO = timedelta(0)
_by_start = attrgetter("start")


@dataclass(frozen=True)
class Policy:
    """How online booking is offered: the grid of start times, the notice, how far ahead."""

    step_minutes: int = 15
    min_notice_minutes: int = 60
    horizon_days: int = 90

    def __post_init__(self) -> None:
        if self.step_minutes < 1:
            raise ValueError(f"The slot step must be at least 1 minute, got {self.step_minutes}.")
        if self.min_notice_minutes < 0:
            raise ValueError(
                f"The booking notice cannot be negative, got {self.min_notice_minutes} minutes."
            )
        if self.horizon_days < 0:
            raise ValueError(f"The booking horizon cannot be negative, got {self.horizon_days}.")


@dataclass(frozen=True)
class CalendarInput:
    """One calendar as availability sees it; busy intervals are already widened by their buffers."""

    staff_id: str
    bookable: tuple[Interval, ...]
    busy: tuple[Interval, ...] = ()
    closures: tuple[Interval, ...] = ()

    def __post_init__(self) -> None:
        for name in ("bookable", "busy", "closures"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class Slot:
    """A bookable start and end, with the calendars that could take it in the order given."""

    start: datetime
    end: datetime
    staff_ids: tuple[str, ...]


def free_slots(
    *,
    opening: Sequence[Interval],
    calendars: Sequence[CalendarInput],
    duration: timedelta,
    window: Interval,
    zone: ZoneInfo,
    now: datetime,
    policy: Policy,
    buffer_before: timedelta = _ZERO,
    buffer_after: timedelta = _ZERO,
) -> list[Slot]:
    """The free slots of a service across calendars, sorted by start, one Slot per start.

    Starts lie on the local step grid in `zone`, in `window`, at least the notice after `now`,
    and before the end of the local day `horizon_days` after today.
    """
    now = _checked(now, duration, buffer_before, buffer_after)
    lo = max(window.start, now + timedelta(minutes=policy.min_notice_minutes))
    hi = min(window.end, horizon_end(zone, now, policy))
    if lo >= hi:
        return []
    grid = step_grid(zone, lo, hi, policy.step_minutes)
    if not grid:
        return []
    open_pairs = merge_pairs(pairs_of(opening))
    takers: dict[int, list[str]] = {}
    for calendar in calendars:
        for first, stop in _free_runs(
            calendar, open_pairs, grid, duration, buffer_before, buffer_after
        ):
            for index in range(first, stop):
                takers.setdefault(index, []).append(calendar.staff_id)
    return [
        Slot(grid[index], grid[index] + duration, tuple(takers[index])) for index in sorted(takers)
    ]


def _free_runs(
    calendar: CalendarInput,
    open_pairs: list[Pair],
    grid: list[datetime],
    duration: timedelta,
    buffer_before: timedelta,
    buffer_after: timedelta,
) -> Iterator[tuple[int, int]]:
    """Runs [first, stop) of indexes into `grid` that are free starts on one calendar."""
    # Closures are left in the hours here: `_clear_starts` treats them as blocks, which rules out
    # every slot that meets one, buffers included.
    hours = intersect_pairs(open_pairs, merge_pairs(pairs_of(calendar.bookable)))
    # A start may go from a stretch's start to `duration` before its end, both included.
    fits = [(start, end - duration) for start, end in hours if end - start >= duration]
    clear = _clear_starts(calendar, grid[0], grid[-1], duration + buffer_after, buffer_before)
    i = j = 0
    while i < len(fits) and j < len(clear):
        low = max(fits[i][0], clear[j][0])
        high = min(fits[i][1], clear[j][1])
        if low <= high:
            first, stop = bisect_left(grid, low), bisect_right(grid, high)
            if first < stop:
                yield first, stop
        if fits[i][1] < clear[j][1]:
            i += 1
        else:
            j += 1


def _clear_starts(
    calendar: CalendarInput, low: datetime, high: datetime, lead: timedelta, trail: timedelta
) -> list[Pair]:
    """Closed ranges [a, b] within [low, high] of starts whose widened range avoids every block.

    A block [x, y) rules out exactly the starts s with x - lead < s < y + trail.
    """
    clear: list[Pair] = []
    earliest = low
    for block in sorted(chain(calendar.busy, calendar.closures), key=_by_start):
        latest = block.start - lead
        if latest >= earliest:
            clear.append((earliest, min(latest, high)))
        after = block.end + trail
        if after > earliest:
            if after > high:
                return clear
            earliest = after
    clear.append((earliest, high))
    return clear


def slot_problem(
    *,
    start: datetime,
    opening: Sequence[Interval],
    calendar: CalendarInput,
    duration: timedelta,
    zone: ZoneInfo,
    now: datetime,
    policy: Policy,
    buffer_before: timedelta = _ZERO,
    buffer_after: timedelta = _ZERO,
) -> str | None:
    """Why a customer may not book `calendar` at `start`, or None when that start is free.

    The answer is the first that applies of "past", "notice", "horizon", "off_step", "closed"
    (outside the hours, or the buffered range meets a closure) and "taken" (it meets busy time).
    For starts inside the window, None exactly when free_slots offers the start on this calendar.
    """
    now = _checked(now, duration, buffer_before, buffer_after)
    if start.utcoffset() is None:
        raise ValueError(f"A start must be timezone-aware, got {start.isoformat()}.")
    # Add the duration in UTC: adding to a local datetime would be wall-clock arithmetic.
    begin = start.astimezone(UTC)
    slot = Interval(begin, begin + duration)
    if slot.start < now:
        return "past"
    if slot.start < now + timedelta(minutes=policy.min_notice_minutes):
        return "notice"
    if slot.start >= horizon_end(zone, now, policy):
        return "horizon"
    if not on_step(slot.start, zone, policy.step_minutes):
        return "off_step"
    hours = subtract(intersect(opening, calendar.bookable), calendar.closures)
    widened = Interval(slot.start - buffer_before, slot.end + buffer_after)
    if not any(stretch.contains(slot) for stretch in hours) or any(
        closure.overlaps(widened) for closure in calendar.closures
    ):
        return "closed"
    if any(busy.overlaps(widened) for busy in calendar.busy):
        return "taken"
    return None


def horizon_end(zone: ZoneInfo, now: datetime, policy: Policy) -> datetime:
    """The end of the local day `horizon_days` after the local date of `now`, in UTC."""
    return local_day_start(zone, local_date(now, zone) + timedelta(days=policy.horizon_days + 1))


def _checked(
    now: datetime, duration: timedelta, buffer_before: timedelta, buffer_after: timedelta
) -> datetime:
    """`now` in UTC, after checking the values every availability question shares."""
    if now.utcoffset() is None:
        raise ValueError(f"`now` must be timezone-aware, got {now.isoformat()}.")
    if duration <= _ZERO:
        raise ValueError(f"A service must last longer than zero, got {duration}.")
    if buffer_before < _ZERO or buffer_after < _ZERO:
        raise ValueError(
            f"Buffers cannot be negative, got {buffer_before} before and {buffer_after} after."
        )
    return now.astimezone(UTC)


def pick_calendar(staff_ids: Sequence[str], booked_minutes: Mapping[str, int]) -> str:
    """Choose the calendar for a customer who picked nobody.

    The rule: the calendar with the fewest minutes booked that local day (absent from
    `booked_minutes` counts as 0), and on a tie the one that comes first in `staff_ids`.
    """
    if not staff_ids:
        raise ValueError("There is no calendar to pick from.")
    # min() keeps the first of equal keys, which is the tie-break the rule asks for.
    return min(staff_ids, key=lambda staff_id: booked_minutes.get(staff_id, 0))
