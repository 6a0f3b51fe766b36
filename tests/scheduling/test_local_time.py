"""Local wall time mapped onto UTC: day starts, offset segments, the step grid."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling import local_date, local_day_start, on_step, step_grid
from scheduling.localtime import offset_segments, wall_span_to_utc

VIENNA = ZoneInfo("Europe/Vienna")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # DST moves the clock by half an hour
KATHMANDU = ZoneInfo("Asia/Kathmandu")  # UTC+05:45


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
        ) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def local_times(instants: list[datetime], zone: ZoneInfo) -> list[str]:
    return [instant.astimezone(zone).strftime("%H:%M%z") for instant in instants]


def test_local_date_uses_the_zone_not_utc() -> None:
    assert local_date(utc(2027, 6, 1, 22, 30), VIENNA) == date(2027, 6, 2)
    assert local_date(utc(2027, 6, 1, 22, 30), UTC) == date(2027, 6, 1)  # type: ignore[arg-type]


def test_local_day_start_is_utc() -> None:
    start = local_day_start(VIENNA, date(2027, 1, 15))
    assert start == utc(2027, 1, 14, 23)
    assert start.tzinfo is UTC


def test_offset_segments_split_at_the_change() -> None:
    segments = offset_segments(VIENNA, utc(2027, 3, 27), utc(2027, 3, 29))
    assert segments == [
        (utc(2027, 3, 27), utc(2027, 3, 28, 1), timedelta(hours=1)),
        (utc(2027, 3, 28, 1), utc(2027, 3, 29), timedelta(hours=2)),
    ]


def test_offset_segments_with_a_change_exactly_at_the_end() -> None:
    segments = offset_segments(VIENNA, utc(2027, 3, 28), utc(2027, 3, 28, 1))
    assert segments == [(utc(2027, 3, 28), utc(2027, 3, 28, 1), timedelta(hours=1))]


def test_offset_segments_over_a_year_find_both_changes() -> None:
    segments = offset_segments(VIENNA, utc(2027, 1, 1), utc(2028, 1, 1))
    assert [segment[0] for segment in segments] == [
        utc(2027, 1, 1), utc(2027, 3, 28, 1), utc(2027, 10, 31, 1)
    ]


def test_wall_span_to_utc_skips_the_missing_hour() -> None:
    segments = offset_segments(VIENNA, utc(2027, 3, 27), utc(2027, 3, 29))
    pieces = wall_span_to_utc(segments, datetime(2027, 3, 28, 1), datetime(2027, 3, 28, 4))  # noqa: DTZ001
    assert pieces == [(utc(2027, 3, 28, 0), utc(2027, 3, 28, 1)),
                      (utc(2027, 3, 28, 1), utc(2027, 3, 28, 2))]


def test_step_grid_on_an_ordinary_day() -> None:
    grid = step_grid(VIENNA, utc(2027, 6, 1, 6), utc(2027, 6, 1, 8), 30)
    assert local_times(grid, VIENNA) == ["08:00+0200", "08:30+0200", "09:00+0200", "09:30+0200"]


def test_step_grid_skips_the_missing_hour() -> None:
    day = local_day_start(VIENNA, date(2027, 3, 28))
    grid = step_grid(VIENNA, day, day + timedelta(hours=4), 30)
    assert local_times(grid, VIENNA) == [
        "00:00+0100", "00:30+0100", "01:00+0100", "01:30+0100",
        "03:00+0200", "03:30+0200", "04:00+0200", "04:30+0200",
    ]


def test_step_grid_repeats_the_repeated_hour() -> None:
    grid = step_grid(VIENNA, utc(2027, 10, 30, 23), utc(2027, 10, 31, 3), 30)
    assert local_times(grid, VIENNA) == [
        "01:00+0200", "01:30+0200", "02:00+0200", "02:30+0200",
        "02:00+0100", "02:30+0100", "03:00+0100", "03:30+0100",
    ]
    assert len(set(grid)) == len(grid) == 8


def test_step_grid_restarts_at_each_local_midnight() -> None:
    # 45 does not divide a day: 23:15 is the last start, then 00:00 again.
    grid = step_grid(VIENNA, utc(2027, 6, 1, 20), utc(2027, 6, 1, 23), 45)
    assert local_times(grid, VIENNA) == ["22:30+0200", "23:15+0200", "00:00+0200", "00:45+0200"]


def test_step_grid_with_a_half_hour_dst_change() -> None:
    # Lord Howe, 2027-10-03: 02:00 +10:30 jumps to 02:30 +11:00.
    grid = step_grid(LORD_HOWE, utc(2027, 10, 2, 14, 30), utc(2027, 10, 2, 16, 30), 15)
    assert local_times(grid, LORD_HOWE) == [
        "01:00+1030", "01:15+1030", "01:30+1030", "01:45+1030",
        "02:30+1100", "02:45+1100", "03:00+1100", "03:15+1100",
    ]


def test_step_grid_follows_local_minutes_in_an_odd_offset() -> None:
    grid = step_grid(KATHMANDU, utc(2027, 6, 1, 3), utc(2027, 6, 1, 5), 60)
    assert grid == [utc(2027, 6, 1, 3, 15), utc(2027, 6, 1, 4, 15)]


def test_step_grid_is_half_open() -> None:
    assert step_grid(VIENNA, utc(2027, 6, 1, 6), utc(2027, 6, 1, 6, 15), 15) == [utc(2027, 6, 1, 6)]
    assert step_grid(VIENNA, utc(2027, 6, 1, 6, 1), utc(2027, 6, 1, 6, 15), 15) == []


@pytest.mark.parametrize(
    ("instant", "step", "expected"),
    [
        pytest.param(utc(2027, 6, 1, 7, 45), 15, True, id="quarter"),
        pytest.param(utc(2027, 6, 1, 7, 50), 15, False, id="off-quarter"),
        pytest.param(utc(2027, 6, 1, 7, 45, 1), 15, False, id="with-seconds"),
        pytest.param(utc(2027, 6, 1, 7, 45).replace(microsecond=5), 15, False, id="with-micros"),
        pytest.param(utc(2027, 6, 1, 6, 15), 45, True, id="08:15-on-45"),
        pytest.param(utc(2027, 6, 1, 6), 45, False, id="08:00-off-45"),
    ],
)
def test_on_step_uses_local_wall_minutes(instant: datetime, step: int, expected: bool) -> None:
    assert on_step(instant, VIENNA, step) is expected
