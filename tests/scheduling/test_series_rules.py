"""Series expansion and how each date of a series stands: literal cases and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduling import Interval
from scheduling.series import (
    CLOSED,
    FREE,
    MAX_DATES,
    OUTSIDE_HOURS,
    TAKEN,
    Occupancy,
    Repeat,
    SeriesError,
    expand,
    wall_instant,
)

VIENNA = ZoneInfo("Europe/Vienna")
#: Hypothesis takes naive bounds and gives the zone separately.
EARLIEST = datetime(2025, 1, 1, tzinfo=UTC).replace(tzinfo=None)
LATEST = datetime(2035, 12, 31, tzinfo=UTC).replace(tzinfo=None)


def vienna(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIENNA)


def local(starts: list[datetime]) -> list[str]:
    return [s.astimezone(VIENNA).strftime("%a %Y-%m-%d %H:%M") for s in starts]


def test_weekly_keeps_the_wall_time_across_both_dst_changes() -> None:
    starts = expand(vienna(2027, 3, 15, 9, 0), VIENNA, Repeat(count=3))
    assert local(starts) == ["Mon 2027-03-15 09:00", "Mon 2027-03-22 09:00", "Mon 2027-03-29 09:00"]
    # in UTC the last is an hour earlier: summer time began on 28 March
    assert [s.hour for s in starts] == [8, 8, 7]
    autumn = expand(vienna(2027, 10, 25, 9, 0), VIENNA, Repeat(count=2))
    assert [s.hour for s in autumn] == [7, 8]
    assert all(s.tzinfo is UTC for s in starts + autumn)


def test_a_skipped_wall_time_moves_on_by_the_gap_and_a_doubled_one_is_the_first() -> None:
    spring = expand(vienna(2027, 3, 21, 2, 30), VIENNA, Repeat(count=2))
    assert local(spring) == ["Sun 2027-03-21 02:30", "Sun 2027-03-28 03:30"]
    autumn = expand(vienna(2027, 10, 24, 2, 30), VIENNA, Repeat(count=2))
    assert autumn[1] == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 summer time, the first


def test_every_n_weeks_over_a_leap_day_and_month_ends() -> None:
    starts = expand(vienna(2028, 2, 15, 14, 0), VIENNA, Repeat(every_weeks=2, count=4))
    assert local(starts) == [
        "Tue 2028-02-15 14:00",
        "Tue 2028-02-29 14:00",
        "Tue 2028-03-14 14:00",
        "Tue 2028-03-28 14:00",
    ]
    ends = expand(vienna(2027, 1, 31, 8, 0), VIENNA, Repeat(every_weeks=4, until=date(2027, 5, 23)))
    assert local(ends)[-1] == "Sun 2027-05-23 08:00"
    assert len(ends) == 5


def test_chosen_weekdays_start_on_the_first_date_and_skip_days_before_it() -> None:
    starts = expand(vienna(2027, 6, 9, 10, 0), VIENNA, Repeat(weekdays=frozenset({0, 2, 4}), count=5))
    assert local(starts) == [
        "Wed 2027-06-09 10:00",
        "Fri 2027-06-11 10:00",
        "Mon 2027-06-14 10:00",
        "Wed 2027-06-16 10:00",
        "Fri 2027-06-18 10:00",
    ]
    # the first date need not be one of the chosen weekdays
    other = expand(vienna(2027, 6, 9, 10, 0), VIENNA, Repeat(weekdays=frozenset({3}), count=1))
    assert local(other) == ["Thu 2027-06-10 10:00"]


def test_until_is_inclusive_and_may_be_the_first_date() -> None:
    assert len(expand(vienna(2027, 6, 9, 10), VIENNA, Repeat(until=date(2027, 6, 9)))) == 1
    assert len(expand(vienna(2027, 6, 9, 10), VIENNA, Repeat(until=date(2027, 6, 30)))) == 4
    assert (
        expand(vienna(2027, 6, 9, 10), VIENNA, Repeat(weekdays=frozenset({0}), until=date(2027, 6, 13))) == []
    )


@pytest.mark.parametrize(
    ("rule", "code", "field"),
    [
        pytest.param({"count": 3, "until": date(2027, 7, 1)}, "invalid_repeat", "count", id="both"),
        pytest.param({}, "invalid_repeat", "count", id="neither"),
        pytest.param({"count": 0}, "too_many_dates", "count", id="no-dates"),
        pytest.param({"count": MAX_DATES + 1}, "too_many_dates", "count", id="too-many"),
        pytest.param({"count": 2, "every_weeks": 0}, "invalid_repeat", "every_weeks", id="every-0"),
        pytest.param({"count": 2, "every_weeks": 13}, "invalid_repeat", "every_weeks", id="every-13"),
        pytest.param({"count": 2, "weekdays": frozenset({7})}, "invalid_repeat", "weekdays", id="day-7"),
    ],
)
def test_rules_that_give_no_series_say_why(rule: dict[str, object], code: str, field: str) -> None:
    with pytest.raises(SeriesError) as refused:
        Repeat(**rule)  # type: ignore[arg-type]
    assert (refused.value.code, refused.value.field) == (code, field)


def test_an_until_before_the_start_or_beyond_the_limit_is_refused() -> None:
    with pytest.raises(SeriesError) as before:
        expand(vienna(2027, 6, 9, 10), VIENNA, Repeat(until=date(2027, 6, 8)))
    assert before.value.field == "until"
    with pytest.raises(SeriesError) as many:
        expand(vienna(2027, 6, 9, 10), VIENNA, Repeat(until=date(2028, 6, 30)))
    assert many.value.code == "too_many_dates"
    assert len(expand(vienna(2027, 1, 4, 10), VIENNA, Repeat(until=date(2027, 12, 27)))) == MAX_DATES


@given(
    first=st.datetimes(min_value=EARLIEST, max_value=LATEST, timezones=st.just(UTC)),
    every=st.integers(1, 12),
    weekdays=st.frozensets(st.integers(0, 6), max_size=7),
    count=st.integers(1, MAX_DATES),
)
def test_expansion_properties(first: datetime, every: int, weekdays: frozenset[int], count: int) -> None:
    start = first.replace(second=0, microsecond=0)
    starts = expand(start, VIENNA, Repeat(every_weeks=every, weekdays=weekdays, count=count))
    assert len(starts) == count
    assert starts == sorted(set(starts))
    days = [s.astimezone(VIENNA).date() for s in starts]
    allowed = weekdays or {start.astimezone(VIENNA).weekday()}
    assert all(d.weekday() in allowed for d in days)
    assert days[0] >= start.astimezone(VIENNA).date()
    monday = start.astimezone(VIENNA).date() - timedelta(days=start.astimezone(VIENNA).weekday())
    assert all(((d - monday).days // 7) % every == 0 for d in days)
    wall = start.astimezone(VIENNA).time()
    for s, d in zip(starts, days, strict=True):
        assert s == wall_instant(d, wall, VIENNA)
        shown = s.astimezone(VIENNA)
        # the wall time is kept, or moved on by the one-hour gap of the spring-forward night
        moved = datetime.combine(d, shown.time()) - datetime.combine(d, wall)
        assert moved in (timedelta(0), timedelta(hours=1))


@given(
    first=st.datetimes(min_value=EARLIEST, max_value=LATEST, timezones=st.just(UTC)),
    weeks=st.integers(0, 40),
)
def test_until_and_count_agree(first: datetime, weeks: int) -> None:
    start = first
    until = start.astimezone(VIENNA).date() + timedelta(weeks=weeks)
    assert expand(start, VIENNA, Repeat(until=until)) == expand(start, VIENNA, Repeat(count=weeks + 1))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


DAY = Interval(utc(2027, 6, 9, 6), utc(2027, 6, 9, 16))  # 08:00–18:00 in Vienna


def state(
    slot: Interval, *, busy: list[Interval], closures: list[Interval], hours: list[Interval] | None = None
) -> str:
    return Occupancy(hours=[DAY] if hours is None else hours, busy=busy, closures=closures).state(slot)


def test_date_states() -> None:
    slot = Interval(utc(2027, 6, 9, 8), utc(2027, 6, 9, 9))
    assert state(slot, busy=[], closures=[]) == FREE
    assert state(slot, busy=[Interval(utc(2027, 6, 9, 8, 30), utc(2027, 6, 9, 10))], closures=[]) == TAKEN
    assert state(slot, busy=[Interval(utc(2027, 6, 9, 9), utc(2027, 6, 9, 10))], closures=[]) == FREE
    assert state(slot, busy=[Interval(utc(2027, 6, 9, 7), utc(2027, 6, 9, 8))], closures=[]) == FREE
    closed = [Interval(utc(2027, 6, 9, 0), utc(2027, 6, 10, 0))]
    assert state(slot, busy=[slot], closures=closed) == CLOSED
    late = Interval(utc(2027, 6, 9, 15, 30), utc(2027, 6, 9, 16, 30))
    assert state(late, busy=[], closures=[]) == OUTSIDE_HOURS
    assert state(slot, busy=[], closures=[], hours=[]) == OUTSIDE_HOURS
    # plain (start, end) pairs say the same as intervals
    pairs = Occupancy(hours=[(DAY.start, DAY.end)], busy=[(slot.start, slot.end)], closures=[])
    assert pairs.state(slot) == TAKEN


def test_alternatives_nearest_on_the_same_day_first_then_the_next_days() -> None:
    wanted = Interval(utc(2027, 6, 9, 8), utc(2027, 6, 9, 9))  # 10:00 local
    busy = [Interval(utc(2027, 6, 9, 7), utc(2027, 6, 9, 10))]  # 09:00–12:00 local
    found = Occupancy(hours=[DAY], busy=busy, closures=[]).alternatives(
        wanted, zone=VIENNA, step_minutes=30, not_before=utc(2027, 6, 1)
    )
    assert [local([a.start])[0][-5:] for a in found] == ["08:00", "12:00", "12:30"]
    assert all(a.end - a.start == timedelta(hours=1) for a in found)
    # a day closed all day: the next day's nearest to the same wall time
    full = [Interval(utc(2027, 6, 9, 0), utc(2027, 6, 10, 0))]
    two_days = [DAY, Interval(utc(2027, 6, 10, 6), utc(2027, 6, 10, 16))]
    next_days = Occupancy(hours=two_days, busy=[], closures=full).alternatives(
        wanted, zone=VIENNA, step_minutes=15, not_before=utc(2027, 6, 1), limit=2
    )
    assert local([a.start for a in next_days]) == ["Thu 2027-06-10 10:00", "Thu 2027-06-10 09:45"]


def test_alternatives_stay_after_now_and_may_be_none() -> None:
    wanted = Interval(utc(2027, 6, 9, 8), utc(2027, 6, 9, 9))
    found = Occupancy(hours=[DAY], busy=[wanted], closures=[]).alternatives(
        wanted, zone=VIENNA, step_minutes=60, not_before=utc(2027, 6, 9, 13), days=0
    )
    assert local([a.start for a in found]) == [
        "Wed 2027-06-09 15:00",
        "Wed 2027-06-09 16:00",
        "Wed 2027-06-09 17:00",
    ]
    nowhere = Occupancy(hours=[], busy=[], closures=[])
    assert (
        nowhere.alternatives(wanted, zone=VIENNA, step_minutes=15, not_before=utc(2027, 6, 1), days=1) == []
    )
    open_day = Occupancy(hours=[DAY], busy=[], closures=[])
    assert (
        open_day.alternatives(wanted, zone=VIENNA, step_minutes=15, not_before=utc(2027, 7, 1), days=1) == []
    )


@given(
    busy_starts=st.lists(st.integers(0, 40), max_size=12),
    wanted_at=st.integers(0, 39),
)
def test_alternatives_are_free_inside_the_hours_and_nearest_first(
    busy_starts: list[int], wanted_at: int
) -> None:
    quarter = timedelta(minutes=15)
    busy = [Interval(DAY.start + k * quarter, DAY.start + (k + 2) * quarter) for k in busy_starts]
    wanted = Interval(DAY.start + wanted_at * quarter, DAY.start + (wanted_at + 2) * quarter)
    calendar = Occupancy(hours=[DAY], busy=busy, closures=[])
    found = calendar.alternatives(wanted, zone=VIENNA, step_minutes=15, not_before=utc(2027, 6, 1), days=0)
    for a in found:
        assert DAY.contains(a) and not any(a.overlaps(b) for b in busy) and a.start != wanted.start
    distances = [abs(a.start - wanted.start) for a in found]
    assert distances == sorted(distances)
    # nothing nearer was passed over
    if len(found) == 3:
        free = [
            Interval(DAY.start + k * quarter, DAY.start + (k + 2) * quarter)
            for k in range(39)
            if not any(
                Interval(DAY.start + k * quarter, DAY.start + (k + 2) * quarter).overlaps(b) for b in busy
            )
            and k != wanted_at
        ]
        nearest = sorted(abs(f.start - wanted.start) for f in free)[:3]
        assert distances == nearest


def test_wall_instant_on_an_ordinary_day() -> None:
    assert wall_instant(date(2027, 1, 5), time(9, 15), VIENNA) == utc(2027, 1, 5, 8, 15)
