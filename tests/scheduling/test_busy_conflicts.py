"""Conflicts for desk bookings: what is in the way of a candidate appointment."""

from datetime import UTC, datetime, timedelta

import pytest

from scheduling import Busy, Interval, find_conflicts, widened


def span(start: int, end: int) -> Interval:
    return Interval(datetime(2027, 6, 1, start, tzinfo=UTC), datetime(2027, 6, 1, end, tzinfo=UTC))


def test_find_conflicts_returns_overlapping_items_sorted_by_start() -> None:
    items = [
        Busy(span(13, 14), "appointment-3"),
        Busy(span(9, 11), "appointment-1"),
        Busy(span(8, 9), "hold-7"),  # touches the candidate: not in the way
        Busy(span(10, 15), "closure-2"),
        Busy(span(15, 16), "appointment-9"),
    ]
    got = find_conflicts(items, span(9, 14))
    assert [item.ref for item in got] == ["appointment-1", "closure-2", "appointment-3"]


def test_find_conflicts_breaks_start_ties_by_end() -> None:
    items = [Busy(span(9, 12), "long"), Busy(span(9, 10), "short")]
    assert [item.ref for item in find_conflicts(items, span(9, 10))] == ["short", "long"]


def test_find_conflicts_on_a_free_range_is_empty() -> None:
    assert find_conflicts([Busy(span(8, 9), 1)], span(10, 11)) == []
    assert find_conflicts([], span(10, 11)) == []


def test_busy_carries_any_reference_and_is_a_value() -> None:
    ref = ("closure", 42)
    assert Busy(span(8, 9), ref) == Busy(span(8, 9), ("closure", 42))
    assert find_conflicts(iter([Busy(span(8, 9), ref)]), span(8, 9))[0].ref is ref


def test_widened_adds_the_buffers_on_either_side() -> None:
    got = widened(span(10, 11), timedelta(minutes=15), timedelta(minutes=30))
    assert got == Interval(datetime(2027, 6, 1, 9, 45, tzinfo=UTC), datetime(2027, 6, 1, 11, 30, tzinfo=UTC))


def test_buffers_make_a_neighbour_that_only_touches_a_conflict() -> None:
    neighbour = Busy(widened(span(9, 10), timedelta(0), timedelta(minutes=10)), "before")
    assert find_conflicts([neighbour], span(10, 11)) != []
    assert find_conflicts([Busy(span(9, 10), "before")], span(10, 11)) == []


def test_widened_refuses_negative_buffers() -> None:
    with pytest.raises(ValueError, match="negative"):
        widened(span(10, 11), timedelta(minutes=-5), timedelta(0))
