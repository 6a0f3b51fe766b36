"""Interval values and the algebra on them, with literal instants."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from scheduling import Interval, intersect, merge, subtract

VIENNA = ZoneInfo("Europe/Vienna")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 6, 1, hour, minute, tzinfo=UTC)


def span(start: int, end: int) -> Interval:
    """An interval from `start` to `end` o'clock UTC on one day."""
    return Interval(at(start), at(end))


def test_interval_is_stored_in_utc() -> None:
    interval = Interval(datetime(2027, 6, 1, 10, tzinfo=VIENNA), at(9))
    assert interval.start == at(8)
    assert interval.start.tzinfo is UTC
    assert interval.end.tzinfo is UTC


def test_interval_keeps_the_real_instant_of_a_repeated_wall_time() -> None:
    first = datetime(2027, 10, 31, 2, 30, tzinfo=VIENNA)
    second = datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=VIENNA)
    # A naive comparison of these two would say they are equal; in UTC they are an hour apart.
    interval = Interval(first, second)
    assert interval.end - interval.start == timedelta(hours=1)


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        pytest.param(at(10), at(10), ValueError, id="empty"),
        pytest.param(at(11), at(10), ValueError, id="backwards"),
        pytest.param(datetime(2027, 6, 1, 9), at(10), ValueError, id="naive-start"),  # noqa: DTZ001
        pytest.param(at(9), datetime(2027, 6, 1, 10), ValueError, id="naive-end"),  # noqa: DTZ001
        pytest.param("2027-06-01T09:00Z", at(10), TypeError, id="not-a-datetime"),
    ],
)
def test_interval_rejects(start: datetime, end: datetime, error: type[Exception]) -> None:
    with pytest.raises(error):
        Interval(start, end)


def test_interval_of_other_fixed_offset_equals_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert Interval(datetime(2027, 6, 1, 11, tzinfo=plus_two), at(10)) == span(9, 10)


def test_intervals_order_by_start_then_end() -> None:
    assert sorted([span(9, 12), span(8, 9), span(9, 10)]) == [span(8, 9), span(9, 10), span(9, 12)]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(span(8, 10), span(9, 11), True, id="partial"),
        pytest.param(span(8, 12), span(9, 10), True, id="inside"),
        pytest.param(span(8, 10), span(10, 11), False, id="touching"),
        pytest.param(span(8, 9), span(10, 11), False, id="apart"),
    ],
)
def test_overlaps_is_half_open_and_symmetric(a: Interval, b: Interval, expected: bool) -> None:
    assert a.overlaps(b) is expected
    assert b.overlaps(a) is expected


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        pytest.param(span(8, 12), span(9, 10), True, id="inside"),
        pytest.param(span(8, 12), span(8, 12), True, id="same"),
        pytest.param(span(8, 12), span(11, 13), False, id="sticks-out"),
        pytest.param(span(9, 10), span(8, 12), False, id="bigger"),
    ],
)
def test_contains(outer: Interval, inner: Interval, expected: bool) -> None:
    assert outer.contains(inner) is expected


def test_merge_sorts_and_joins_overlapping_and_touching() -> None:
    given = [span(13, 14), span(8, 10), span(9, 11), span(11, 12), span(15, 16)]
    assert merge(given) == [span(8, 12), span(13, 14), span(15, 16)]


def test_merge_keeps_a_longer_interval_that_swallows_later_ones() -> None:
    assert merge([span(8, 18), span(9, 10), span(11, 12)]) == [span(8, 18)]


def test_merge_of_nothing_is_nothing() -> None:
    assert merge([]) == []


def test_intersect() -> None:
    a = [span(8, 12), span(13, 18)]
    b = [span(10, 14), span(17, 20)]
    assert intersect(a, b) == [span(10, 12), span(13, 14), span(17, 18)]


def test_intersect_of_touching_intervals_is_empty() -> None:
    assert intersect([span(8, 10)], [span(10, 12)]) == []
    assert intersect([], [span(10, 12)]) == []


def test_intersect_merges_its_inputs_first() -> None:
    assert intersect([span(8, 10), span(10, 12)], [span(9, 11)]) == [span(9, 11)]


def test_subtract() -> None:
    a = [span(8, 12), span(13, 18)]
    b = [span(9, 10), span(11, 14), span(17, 20)]
    assert subtract(a, b) == [span(8, 9), span(10, 11), span(14, 17)]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param([span(8, 12)], [], [span(8, 12)], id="nothing-to-remove"),
        pytest.param([span(8, 12)], [span(7, 13)], [], id="all-removed"),
        pytest.param([span(8, 12)], [span(8, 9)], [span(9, 12)], id="front"),
        pytest.param([span(8, 12)], [span(11, 12)], [span(8, 11)], id="back"),
        pytest.param([span(8, 12)], [span(5, 6), span(13, 14)], [span(8, 12)], id="outside"),
        pytest.param([span(8, 10), span(11, 13)], [span(9, 12)], [span(8, 9), span(12, 13)],
                     id="across-two"),
    ],
)
def test_subtract_edges(a: list[Interval], b: list[Interval], expected: list[Interval]) -> None:
    assert subtract(a, b) == expected


def test_algebra_never_mutates_its_inputs() -> None:
    a = [span(13, 18), span(8, 12)]
    b = [span(11, 14), span(9, 10)]
    a_before, b_before = list(a), list(b)
    merge(a)
    intersect(a, b)
    subtract(a, b)
    assert (a, b) == (a_before, b_before)


def test_algebra_accepts_any_iterable() -> None:
    assert merge(iter([span(8, 9), span(9, 10)])) == [span(8, 10)]
    assert subtract((x for x in [span(8, 12)]), iter([span(9, 10)])) == [span(8, 9), span(10, 12)]
