"""Property-based tests: the scheduling core against brute force over every minute.

The checkers here share no code with `scheduling` beyond the value types: they walk whole UTC
minutes, look at each one's local wall time, and apply the booking rules as plainly as possible.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling import (
    CalendarInput,
    Interval,
    Policy,
    Slot,
    WeeklyHours,
    free_slots,
    intersect,
    local_day_start,
    merge,
    parse_weekly,
    slot_problem,
    step_grid,
    subtract,
    weekly_intervals,
)

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MINUTE = timedelta(minutes=1)

ZONES = [
    "Europe/Vienna",  # spring forward 2027-03-28, fall back 2027-10-31
    "Australia/Sydney",  # southern: DST ends 2027-04-04, starts 2027-10-03
    "Australia/Lord_Howe",  # a DST change of half an hour
    "America/Santiago",  # changes at midnight
    "America/New_York",
    "Asia/Kathmandu",  # UTC+05:45
    "UTC",
]
CHANGE_DAYS = [
    date(2027, 3, 28), date(2027, 10, 31), date(2027, 4, 4), date(2027, 10, 3),
    date(2027, 4, 3), date(2027, 9, 5), date(2027, 3, 14), date(2027, 11, 7),
]
zones = st.sampled_from(ZONES).map(ZoneInfo)
days = st.one_of(st.sampled_from(CHANGE_DAYS), st.dates(date(2027, 1, 1), date(2027, 12, 31)))


def whole_minutes(lo: datetime, hi: datetime) -> Iterable[datetime]:
    """Every whole UTC minute in [lo, hi)."""
    t = lo.astimezone(UTC).replace(second=0, microsecond=0)
    if t < lo:
        t += MINUTE
    while t < hi:
        yield t
        t += MINUTE


def naive_on_step(t: datetime, zone: ZoneInfo, step: int) -> bool:
    wall = t.astimezone(zone)
    return wall.second == 0 and wall.microsecond == 0 and (wall.hour * 60 + wall.minute) % step == 0


def covered(pieces: Iterable[Interval], start: datetime, end: datetime) -> bool:
    """Whether the union of `pieces` covers [start, end)."""
    cursor = start
    for piece in sorted(pieces):
        if piece.start > cursor:
            break
        cursor = max(cursor, piece.end)
    return cursor >= end


def meets(pieces: Iterable[Interval], start: datetime, end: datetime) -> bool:
    return any(piece.start < end and start < piece.end for piece in pieces)


# --- availability ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    opening: tuple[Interval, ...]
    calendars: tuple[CalendarInput, ...]
    duration: timedelta
    window: Interval
    zone: ZoneInfo
    now: datetime
    policy: Policy
    before: timedelta
    after: timedelta

    def slots(self) -> list[Slot]:
        return free_slots(opening=self.opening, calendars=self.calendars, duration=self.duration,
                          window=self.window, zone=self.zone, now=self.now, policy=self.policy,
                          buffer_before=self.before, buffer_after=self.after)

    def problem(self, start: datetime, calendar: CalendarInput) -> str | None:
        return slot_problem(start=start, opening=self.opening, calendar=calendar,
                            duration=self.duration, zone=self.zone, now=self.now,
                            policy=self.policy, buffer_before=self.before,
                            buffer_after=self.after)

    def free(self, start: datetime, calendar: CalendarInput) -> bool:
        """The booking rules, read off the brief one by one."""
        end = start + self.duration
        today = self.now.astimezone(self.zone).date()
        last_day = today + timedelta(days=self.policy.horizon_days)
        return (
            start >= self.now + timedelta(minutes=self.policy.min_notice_minutes)
            and self.window.start <= start < self.window.end
            and start.astimezone(self.zone).date() <= last_day
            and naive_on_step(start, self.zone, self.policy.step_minutes)
            and covered(self.opening, start, end)
            and covered(calendar.bookable, start, end)
            and not meets(calendar.closures, start - self.before, end + self.after)
            and not meets(calendar.busy, start - self.before, end + self.after)
        )

    def candidates(self) -> list[datetime]:
        """Every start on the local step grid inside the window."""
        step = self.policy.step_minutes
        return [t for t in whole_minutes(self.window.start, self.window.end)
                if naive_on_step(t, self.zone, step)]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Mostly open, partly busy days around a (often DST) date, so that most examples have slots."""
    zone = draw(zones)
    day = draw(days)
    base = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=14)
    span = 40 * 60  # minutes from `base` in which every interval lies

    def interval(shortest: int, longest: int) -> Interval:
        start = draw(st.integers(0, span // 5)) * 5
        length = draw(st.integers(shortest // 5, longest // 5)) * 5
        return Interval(base + start * MINUTE, base + (start + length) * MINUTE)

    def hours() -> tuple[Interval, ...]:
        if draw(st.booleans()):
            return (Interval(base, base + span * MINUTE),)
        return tuple(interval(120, 16 * 60) for _ in range(draw(st.integers(1, 3))))

    def some(most: int, shortest: int, longest: int) -> tuple[Interval, ...]:
        return tuple(interval(shortest, longest) for _ in range(draw(st.integers(0, most))))

    opening = hours()
    calendars = tuple(
        CalendarInput(f"staff-{number}", hours(), some(6, 5, 150), some(1, 5, 240))
        for number in range(draw(st.integers(1, 3)))
    )
    # Whole hours with an occasional odd second: hypothesis favours small integers, and a window
    # drawn in seconds would mostly be too short to hold a slot.
    jitter = st.sampled_from([0, 0, 0, 1, 59, 7 * 60 + 30])
    window_start = base + timedelta(hours=draw(st.integers(0, 20)), seconds=draw(jitter))
    window_end = window_start + timedelta(hours=draw(st.integers(1, 40)), seconds=draw(jitter))
    return Scenario(
        opening=opening,
        calendars=calendars,
        duration=draw(st.integers(1, 24)) * 5 * MINUTE,
        window=Interval(window_start, window_end),
        zone=zone,
        now=base + timedelta(hours=draw(st.integers(-30, 16)), seconds=draw(jitter)),
        policy=Policy(
            step_minutes=draw(st.sampled_from([5, 10, 15, 15, 20, 25, 30, 45, 60, 90])),
            min_notice_minutes=draw(st.sampled_from([0, 0, 30, 60, 61, 240])),
            horizon_days=draw(st.integers(0, 2)),
        ),
        before=draw(st.sampled_from([0, 0, 5, 10, 30])) * MINUTE,
        after=draw(st.sampled_from([0, 0, 5, 15])) * MINUTE,
    )


@PROPERTY
@given(scenarios())
def test_every_slot_obeys_every_rule(scenario: Scenario) -> None:
    slots = scenario.slots()
    by_id = {calendar.staff_id: calendar for calendar in scenario.calendars}
    order = [calendar.staff_id for calendar in scenario.calendars]
    notice = timedelta(minutes=scenario.policy.min_notice_minutes)
    for slot in slots:
        assert slot.start.tzinfo is UTC and slot.end.tzinfo is UTC
        assert slot.end - slot.start == scenario.duration
        assert slot.start >= scenario.now + notice
        assert scenario.window.start <= slot.start < scenario.window.end
        assert naive_on_step(slot.start, scenario.zone, scenario.policy.step_minutes)
        assert slot.staff_ids and list(slot.staff_ids) == sorted(slot.staff_ids, key=order.index)
        widened = (slot.start - scenario.before, slot.end + scenario.after)
        for staff_id in slot.staff_ids:
            calendar = by_id[staff_id]
            inside = subtract(intersect(scenario.opening, calendar.bookable), calendar.closures)
            assert any(piece.start <= slot.start and slot.end <= piece.end for piece in inside)
            assert not meets(calendar.busy, *widened)
            assert not meets(calendar.closures, *widened)
    assert [slot.start for slot in slots] == sorted({slot.start for slot in slots})


@settings(PROPERTY, max_examples=200)
@given(scenarios())
def test_no_free_start_is_missed(scenario: Scenario) -> None:
    got = {(slot.start, staff_id) for slot in scenario.slots() for staff_id in slot.staff_ids}
    expected = {
        (start, calendar.staff_id)
        for start in scenario.candidates()
        for calendar in scenario.calendars
        if scenario.free(start, calendar)
    }
    assert got == expected


@PROPERTY
@given(scenarios(), st.lists(st.integers(0, 40 * 3600), max_size=5))
def test_slot_problem_agrees_with_free_slots(scenario: Scenario, odd_seconds: list[int]) -> None:
    calendar = scenario.calendars[0]
    offered = {slot.start for slot in scenario.slots() if calendar.staff_id in slot.staff_ids}
    for start in scenario.candidates():
        assert (scenario.problem(start, calendar) is None) == (start in offered)
    # Starts off the minute grid are never free, and say why.
    for seconds in odd_seconds:
        start = scenario.window.start + timedelta(seconds=seconds, microseconds=1)
        assert scenario.problem(start, calendar) in {"past", "notice", "horizon", "off_step"}


# --- local time ------------------------------------------------------------------------------


@PROPERTY
@given(zones, days, st.integers(0, 48 * 3600), st.integers(1, 30 * 60),
       st.sampled_from([1, 5, 7, 15, 20, 30, 45, 60, 90, 120, 1440]))
def test_step_grid_is_every_on_step_minute(
    zone: ZoneInfo, day: date, offset: int, minutes: int, step: int
) -> None:
    lo = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(hours=14, seconds=-offset)
    hi = lo + minutes * MINUTE
    expected = [t for t in whole_minutes(lo, hi) if naive_on_step(t, zone, step)]
    assert step_grid(zone, lo, hi, step) == expected


@settings(PROPERTY, max_examples=200)
@given(zones, days)
def test_local_day_start_is_the_first_instant_of_the_day(zone: ZoneInfo, day: date) -> None:
    start = local_day_start(zone, day)
    assert start.tzinfo is UTC
    assert start.astimezone(zone).date() == day
    assert (start - timedelta(microseconds=1)).astimezone(zone).date() == day - timedelta(days=1)


quarter_hours = st.lists(st.integers(0, 96), unique=True, max_size=6).map(sorted)


@st.composite
def weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    raw = {}
    for key in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        marks = draw(quarter_hours)
        pairs = list(zip(marks[::2], marks[1::2], strict=False))
        if pairs:
            raw[key] = [[f"{a // 4:02d}:{a % 4 * 15:02d}", f"{b // 4:02d}:{b % 4 * 15:02d}"]
                        for a, b in pairs]
    return parse_weekly(raw)


@PROPERTY
@given(weekly_hours())
def test_weekly_hours_round_trip_through_json(hours: WeeklyHours) -> None:
    assert parse_weekly(hours.to_json()) == hours


@settings(PROPERTY, max_examples=50)
@given(weekly_hours(), zones, days)
def test_weekly_intervals_cover_exactly_the_local_hours(
    hours: WeeklyHours, zone: ZoneInfo, day: date
) -> None:
    first, last = day - timedelta(days=1), day + timedelta(days=1)
    got = weekly_intervals(hours, zone, first, last)
    assert got == merge(got)
    starts = [interval.start for interval in got]

    def inside(t: datetime) -> bool:
        index = bisect_right(starts, t) - 1
        return index >= 0 and t < got[index].end

    def open_at(t: datetime) -> bool:
        wall = t.astimezone(zone)
        if not first <= wall.date() <= last:
            return False
        return any(start <= wall.time() and (end is None or wall.time() < end)
                   for start, end in hours.days[wall.weekday()])

    lo = datetime.combine(first, time(0), tzinfo=UTC) - timedelta(hours=15)
    hi = datetime.combine(last + timedelta(days=1), time(0), tzinfo=UTC) + timedelta(hours=15)
    for t in whole_minutes(lo, hi):
        assert inside(t) == open_at(t), t


# --- interval algebra ------------------------------------------------------------------------

ORIGIN = datetime(2027, 6, 1, tzinfo=UTC)
small_intervals = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 20)).map(
        lambda pair: Interval(ORIGIN + pair[0] * MINUTE, ORIGIN + (pair[0] + pair[1]) * MINUTE)
    ),
    max_size=6,
)


def minutes_in(intervals: Sequence[Interval]) -> set[int]:
    return {m for i in intervals for m in range((i.start - ORIGIN) // MINUTE, (i.end - ORIGIN) // MINUTE)}


def well_formed(intervals: list[Interval]) -> bool:
    return all(a.end < b.start for a, b in zip(intervals, intervals[1:], strict=False))


@settings(PROPERTY, max_examples=150)
@given(small_intervals, small_intervals)
def test_algebra_matches_sets_of_minutes(a: list[Interval], b: list[Interval]) -> None:
    for result, expected in [
        (merge(a), minutes_in(a)),
        (intersect(a, b), minutes_in(a) & minutes_in(b)),
        (subtract(a, b), minutes_in(a) - minutes_in(b)),
    ]:
        assert well_formed(result)
        assert minutes_in(result) == expected
