"""The free online slots offered instead of a taken date of a series booked online."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduling.series import nearest_starts

VIENNA = ZoneInfo("Europe/Vienna")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=VIENNA)


def test_the_own_day_comes_first_nearest_first_and_earlier_on_a_tie() -> None:
    free = [at(9, 8), at(9, 9, 30), at(9, 10, 30), at(9, 10), at(10, 10), at(9, 14)]
    assert nearest_starts(at(9, 10), free, zone=VIENNA) == [at(9, 9, 30), at(9, 10, 30), at(9, 8)]


def test_the_following_days_are_nearest_to_the_same_wall_time() -> None:
    free = [at(29, 7), at(29, 10, 15), at(30, 10), at(8, 10)]
    wanted = at(28, 10)
    assert nearest_starts(wanted, free, zone=VIENNA, days=6) == [at(29, 10, 15), at(29, 7), at(30, 10)]


def test_nothing_free_within_the_days_gives_nothing() -> None:
    assert nearest_starts(at(9, 10), [at(20, 10)], zone=VIENNA, days=6) == []
    assert nearest_starts(at(9, 10), [], zone=VIENNA, limit=1) == []
