"""Weekly hours: parsing and its errors, the JSON form, and the UTC intervals on real days."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling import (
    HoursError,
    Interval,
    WeeklyHours,
    ZoneError,
    local_day_bounds,
    parse_weekly,
    validate_zone,
    weekly_intervals,
)

VIENNA = ZoneInfo("Europe/Vienna")
SYDNEY = ZoneInfo("Australia/Sydney")
SPRING_FORWARD = date(2027, 3, 28)  # Vienna, Sunday: 02:00 CET -> 03:00 CEST
FALL_BACK = date(2027, 10, 31)  # Vienna, Sunday: 03:00 CEST -> 02:00 CET


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
        ) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def hours_on(day: date, *ranges: tuple[str, str]) -> WeeklyHours:
    key = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    return parse_weekly({key: [list(r) for r in ranges]})


# --- parse_weekly -----------------------------------------------------------------------------


def test_parse_weekly_reads_days_and_ranges() -> None:
    hours = parse_weekly({"mon": [["13:00", "18:00"], ["08:00", "12:00"]], "sat": [["09:00", "24:00"]]})
    assert hours.days[0] == ((time(8), time(12)), (time(13), time(18)))
    assert hours.days[5] == ((time(9), None),)
    assert hours.days[1] == ()  # a day left out is closed
    assert sorted(hours.days) == list(range(7))


def test_parse_weekly_joins_touching_ranges() -> None:
    hours = parse_weekly({"tue": [["12:00", "13:00"], ["08:00", "12:00"]]})
    assert hours.days[1] == ((time(8), time(13)),)


def test_parse_weekly_allows_empty_and_closed_days() -> None:
    assert parse_weekly({}) == parse_weekly({"sun": []})
    assert parse_weekly({}).to_json() == {}


def test_to_json_is_sorted_without_closed_days_and_round_trips() -> None:
    raw = {"fri": [["14:00", "24:00"], ["00:00", "06:30"]], "mon": [["08:00", "12:00"]], "wed": []}
    hours = parse_weekly(raw)
    assert hours.to_json() == {
        "mon": [["08:00", "12:00"]],
        "fri": [["00:00", "06:30"], ["14:00", "24:00"]],
    }
    assert list(hours.to_json()) == ["mon", "fri"]
    assert parse_weekly(hours.to_json()) == hours


def test_weekly_hours_are_frozen_and_hashable() -> None:
    a = parse_weekly({"mon": [["08:00", "12:00"]]})
    b = WeeklyHours({0: ((time(8), time(12)),)})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    with pytest.raises(TypeError):
        a.days[0] = ()  # type: ignore[index]


def test_weekly_hours_copies_its_input() -> None:
    given = {0: [(time(8), time(12))]}
    hours = WeeklyHours(given)  # type: ignore[arg-type]
    given[0].append((time(13), time(14)))
    assert hours.days[0] == ((time(8), time(12)),)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param([["08:00", "12:00"]], "must map days", id="list-not-dict"),
        pytest.param("mon 08:00-12:00", "must map days", id="string-not-dict"),
        pytest.param(None, "must map days", id="none"),
        pytest.param({"monday": []}, "Unknown day 'monday'", id="long-day-name"),
        pytest.param({"Mon": []}, "Unknown day 'Mon'", id="capitalised-day"),
        pytest.param({1: []}, "Unknown day 1", id="number-day"),
        pytest.param({"mon": "08:00-12:00"}, "Monday: the hours must be a list", id="day-not-list"),
        pytest.param({"tue": [["08:00"]]}, "Tuesday: each range must be two times", id="one-time"),
        pytest.param({"tue": [["08:00", "12:00", "13:00"]]}, "Tuesday: each range", id="three-times"),
        pytest.param({"tue": ["08:00-12:00"]}, "Tuesday: each range", id="range-a-string"),
        pytest.param({"tue": [[8, 12]]}, "Tuesday: each range", id="range-of-numbers"),
        pytest.param({"wed": [["8:00", "12:00"]]}, "Wednesday: '8:00' is not a time", id="one-digit-hour"),
        pytest.param({"wed": [["08:00", "25:00"]]}, "Wednesday: '25:00' is not a time", id="hour-25"),
        pytest.param({"wed": [["08:00", "12:60"]]}, "'12:60' is not a time", id="minute-60"),
        pytest.param({"wed": [["noon", "13:00"]]}, "'noon' is not a time", id="words"),
        pytest.param({"wed": [["08:00:00", "13:00"]]}, "is not a time", id="seconds"),
        pytest.param({"wed": [[" 08:00", "13:00"]]}, "is not a time", id="leading-space"),
        pytest.param({"wed": [["08:00", "13:00\n"]]}, "is not a time", id="trailing-newline"),
        pytest.param({"wed": [["24:00", "24:00"]]}, "Wednesday: 24:00 can only end", id="24-as-start"),
        pytest.param({"thu": [["12:00", "08:00"]]}, "Thursday: the range 12:00-08:00 must end after",
                     id="end-before-start"),
        pytest.param({"thu": [["08:00", "08:00"]]}, "Thursday: the range 08:00-08:00", id="empty-range"),
        pytest.param({"thu": [["08:00", "00:00"]]}, "the range 08:00-00:00", id="midnight-as-end"),
        pytest.param({"fri": [["08:00", "12:00"], ["11:00", "13:00"]]},
                     "Friday: the ranges 08:00-12:00 and 11:00-13:00 overlap", id="overlap"),
        pytest.param({"sat": [["09:00", "10:00"], ["08:00", "24:00"]]},
                     "Saturday: the ranges 08:00-24:00 and 09:00-10:00 overlap", id="inside-24"),
        pytest.param({"sun": [["08:00", "12:00"], ["08:00", "12:00"]]}, "Sunday: the ranges",
                     id="duplicate"),
        pytest.param({"sun": [["12:30", "14:00"], ["08:00", "12:00"], ["12:00", "13:00"]]},
                     "Sunday: the ranges 12:00-13:00 and 12:30-14:00 overlap", id="after-a-join"),
    ],
)
def test_parse_weekly_rejects(raw: object, message: str) -> None:
    with pytest.raises(HoursError, match=message) as caught:
        parse_weekly(raw)
    text = str(caught.value)
    assert text[0].isupper() and text.endswith(".")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        pytest.param({7: ()}, "numbered 0", id="weekday-7"),
        pytest.param({0: "08-12"}, "Monday: the hours must be a list", id="day-not-list"),
        pytest.param({0: ((time(8),),)}, "Monday: each range must be a pair", id="not-a-pair"),
        pytest.param({0: (("08:00", "12:00"),)}, "whole-minute local times", id="strings"),
        pytest.param({0: ((time(8, 0, 30), time(12)),)}, "whole-minute", id="seconds"),
        pytest.param({0: ((time(8, tzinfo=UTC), time(12)),)}, "whole-minute", id="aware-time"),
        pytest.param({0: ((None, time(12)),)}, "whole-minute", id="no-start"),
    ],
)
def test_weekly_hours_rejects_bad_values(days: dict[int, object], message: str) -> None:
    with pytest.raises(HoursError, match=message):
        WeeklyHours(days)  # type: ignore[arg-type]


# --- weekly_intervals -------------------------------------------------------------------------


def test_weekly_intervals_on_an_ordinary_week() -> None:
    hours = parse_weekly({"mon": [["08:00", "12:00"], ["13:00", "18:00"]], "wed": [["09:00", "10:00"]]})
    got = weekly_intervals(hours, VIENNA, date(2027, 6, 7), date(2027, 6, 13))
    assert got == [
        Interval(utc(2027, 6, 7, 6), utc(2027, 6, 7, 10)),
        Interval(utc(2027, 6, 7, 11), utc(2027, 6, 7, 16)),
        Interval(utc(2027, 6, 9, 7), utc(2027, 6, 9, 8)),
    ]
    assert all(i.start.tzinfo is UTC for i in got)


def test_weekly_intervals_joins_across_midnight() -> None:
    hours = parse_weekly({"mon": [["20:00", "24:00"]], "tue": [["00:00", "02:00"]]})
    got = weekly_intervals(hours, VIENNA, date(2027, 6, 7), date(2027, 6, 8))
    assert got == [Interval(utc(2027, 6, 7, 18), utc(2027, 6, 8, 0))]


def test_weekly_intervals_of_no_days_is_empty() -> None:
    hours = parse_weekly({"mon": [["08:00", "12:00"]]})
    assert weekly_intervals(hours, VIENNA, date(2027, 6, 8), date(2027, 6, 7)) == []


def test_spring_forward_range_loses_the_missing_hour() -> None:
    got = weekly_intervals(hours_on(SPRING_FORWARD, ("01:00", "04:00")), VIENNA,
                           SPRING_FORWARD, SPRING_FORWARD)
    assert got == [Interval(utc(2027, 3, 28, 0), utc(2027, 3, 28, 2))]
    assert got[0].end - got[0].start == timedelta(hours=2)


def test_spring_forward_range_starting_in_the_missing_hour_starts_at_the_jump() -> None:
    got = weekly_intervals(hours_on(SPRING_FORWARD, ("02:30", "04:00")), VIENNA,
                           SPRING_FORWARD, SPRING_FORWARD)
    assert [i.start.astimezone(VIENNA).time() for i in got] == [time(3)]
    assert got == [Interval(utc(2027, 3, 28, 1), utc(2027, 3, 28, 2))]


def test_spring_forward_range_inside_the_missing_hour_is_nothing() -> None:
    hours = hours_on(SPRING_FORWARD, ("02:00", "03:00"))
    assert weekly_intervals(hours, VIENNA, SPRING_FORWARD, SPRING_FORWARD) == []


def test_fall_back_range_gains_the_repeated_hour() -> None:
    got = weekly_intervals(hours_on(FALL_BACK, ("01:00", "04:00")), VIENNA, FALL_BACK, FALL_BACK)
    assert got == [Interval(utc(2027, 10, 30, 23), utc(2027, 10, 31, 3))]
    assert got[0].end - got[0].start == timedelta(hours=4)


def test_fall_back_range_within_the_repeated_hour_covers_both_occurrences() -> None:
    got = weekly_intervals(hours_on(FALL_BACK, ("02:15", "02:45")), VIENNA, FALL_BACK, FALL_BACK)
    assert got == [
        Interval(utc(2027, 10, 31, 0, 15), utc(2027, 10, 31, 0, 45)),
        Interval(utc(2027, 10, 31, 1, 15), utc(2027, 10, 31, 1, 45)),
    ]


@pytest.mark.parametrize(
    ("zone", "first", "last"),
    [
        pytest.param(VIENNA, date(2027, 3, 25), date(2027, 3, 31), id="vienna-spring"),
        pytest.param(VIENNA, date(2027, 10, 28), date(2027, 11, 3), id="vienna-fall"),
        pytest.param(SYDNEY, date(2027, 4, 1), date(2027, 4, 7), id="sydney-dst-ends"),
        pytest.param(SYDNEY, date(2027, 9, 30), date(2027, 10, 6), id="sydney-dst-starts"),
    ],
)
def test_nine_oclock_opens_at_nine_local_on_both_sides_of_a_change(
    zone: ZoneInfo, first: date, last: date
) -> None:
    every_day = {key: [["09:00", "17:00"]] for key in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    got = weekly_intervals(parse_weekly(every_day), zone, first, last)
    assert len(got) == 7
    assert {i.start.astimezone(zone).time() for i in got} == {time(9)}
    assert {i.end.astimezone(zone).time() for i in got} == {time(17)}
    assert len({i.start.time() for i in got}) == 2  # one UTC opening time on each side


def test_sydney_dst_end_day_repeats_two_oclock() -> None:
    day = date(2027, 4, 4)  # 03:00 AEDT -> 02:00 AEST
    got = weekly_intervals(hours_on(day, ("01:00", "04:00")), SYDNEY, day, day)
    assert got == [Interval(utc(2027, 4, 3, 14), utc(2027, 4, 3, 18))]


def test_sydney_dst_start_day_skips_two_oclock() -> None:
    day = date(2027, 10, 3)  # 02:00 AEST -> 03:00 AEDT
    got = weekly_intervals(hours_on(day, ("01:00", "04:00")), SYDNEY, day, day)
    assert got == [Interval(utc(2027, 10, 2, 15), utc(2027, 10, 2, 17))]


# --- local_day_bounds and validate_zone -------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "start", "hours"),
    [
        pytest.param(VIENNA, date(2027, 6, 1), utc(2027, 5, 31, 22), 24, id="summer"),
        pytest.param(VIENNA, SPRING_FORWARD, utc(2027, 3, 27, 23), 23, id="spring-forward"),
        pytest.param(VIENNA, FALL_BACK, utc(2027, 10, 30, 22), 25, id="fall-back"),
        # Santiago skips midnight itself: the day starts at 01:00 local, at the jump.
        pytest.param(ZoneInfo("America/Santiago"), date(2027, 9, 5), utc(2027, 9, 5, 4), 23,
                     id="midnight-skipped"),
    ],
)
def test_local_day_bounds(zone: ZoneInfo, day: date, start: datetime, hours: int) -> None:
    bounds = local_day_bounds(zone, day, day)
    assert bounds.start == start
    assert bounds.end - bounds.start == timedelta(hours=hours)


def test_local_day_bounds_of_several_days() -> None:
    bounds = local_day_bounds(VIENNA, date(2027, 3, 27), date(2027, 3, 29))
    assert bounds == Interval(utc(2027, 3, 26, 23), utc(2027, 3, 29, 22))


def test_local_day_bounds_rejects_last_before_first() -> None:
    with pytest.raises(ValueError, match="comes before"):
        local_day_bounds(VIENNA, date(2027, 6, 2), date(2027, 6, 1))


def test_validate_zone_returns_the_zone() -> None:
    assert validate_zone("Europe/Vienna") == VIENNA
    assert validate_zone("UTC").key == "UTC"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("", id="empty"),
        pytest.param("Mars/Olympus_Mons", id="unknown"),
        pytest.param("europe/vienna", id="wrong-case"),
        pytest.param("Europe", id="a-directory"),
        pytest.param("../etc/passwd", id="path-escape"),
        pytest.param("/etc/localtime", id="absolute-path"),
        pytest.param("localtime", id="localtime-file"),
        pytest.param("posixrules", id="posixrules-file"),
        pytest.param("zone.tab", id="not-a-tzif-file"),
        pytest.param(42, id="not-a-string"),
    ],
)
def test_validate_zone_rejects(name: str) -> None:
    with pytest.raises(ZoneError, match="is not a time zone name") as caught:
        validate_zone(name)
    assert isinstance(caught.value, HoursError)
    assert isinstance(caught.value, ValueError)
