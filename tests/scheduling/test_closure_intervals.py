"""Closures: sickness and vacation as whole local days, a pause as a time range."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling import Interval, closure_interval

VIENNA = ZoneInfo("Europe/Vienna")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
        ) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_sick_day_is_the_whole_local_day() -> None:
    got = closure_interval("sick", date(2027, 6, 1), date(2027, 6, 1), VIENNA)
    assert got == Interval(utc(2027, 5, 31, 22), utc(2027, 6, 1, 22))


def test_vacation_includes_both_ends_and_follows_dst() -> None:
    got = closure_interval("vacation", date(2027, 3, 27), date(2027, 3, 29), VIENNA)
    assert got == Interval(utc(2027, 3, 26, 23), utc(2027, 3, 29, 22))
    assert got.end - got.start == timedelta(hours=71)


def test_pause_is_the_given_range_in_utc() -> None:
    got = closure_interval(
        "pause", datetime(2027, 6, 1, 12, tzinfo=VIENNA), datetime(2027, 6, 1, 13, tzinfo=VIENNA), VIENNA
    )
    assert got == Interval(utc(2027, 6, 1, 10), utc(2027, 6, 1, 11))
    assert got.start.tzinfo is UTC


def test_pause_compares_real_instants_on_the_fall_back_night() -> None:
    # 02:40 in summer time comes before 02:10 in winter time, though its wall time is later.
    start = datetime(2027, 10, 31, 2, 40, tzinfo=VIENNA)
    end = datetime(2027, 10, 31, 2, 10, fold=1, tzinfo=VIENNA)
    got = closure_interval("pause", start, end, VIENNA)
    assert got.end - got.start == timedelta(minutes=30)


@pytest.mark.parametrize(
    ("kind", "start", "end", "message"),
    [
        pytest.param("sick", date(2027, 6, 2), date(2027, 6, 1), "cannot end on 2027-06-01 before",
                     id="sick-backwards"),
        pytest.param("vacation", datetime(2027, 6, 1, tzinfo=UTC), date(2027, 6, 2),
                     "takes whole days: start and end must be dates, got datetime and date",
                     id="vacation-with-datetime"),
        pytest.param("sick", "2027-06-01", date(2027, 6, 2), "must be dates", id="sick-string"),
        pytest.param("pause", date(2027, 6, 1), date(2027, 6, 1), "must be datetimes",
                     id="pause-with-dates"),
        pytest.param("pause", datetime(2027, 6, 1, 12), datetime(2027, 6, 1, 13),  # noqa: DTZ001
                     "timezone-aware", id="pause-naive"),
        pytest.param("pause", utc(2027, 6, 1, 13), utc(2027, 6, 1, 12), "not after its start",
                     id="pause-backwards"),
        pytest.param("pause", utc(2027, 6, 1, 13), utc(2027, 6, 1, 13), "not after its start",
                     id="pause-empty"),
        pytest.param("holiday", date(2027, 6, 1), date(2027, 6, 1),
                     "Unknown closure kind 'holiday'; expected one of sick, vacation, pause",
                     id="unknown-kind"),
    ],
)
def test_closure_interval_rejects(kind: str, start: object, end: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        closure_interval(kind, start, end, VIENNA)  # type: ignore[arg-type]
