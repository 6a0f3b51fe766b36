"""Half-open time intervals and the algebra on them: merge, intersect, subtract.

The public functions take and return `Interval` values; the `*_pairs` helpers do the same work on
sorted `(start, end)` tuples of UTC datetimes, which is what the hot paths in this package use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

Pair = tuple[datetime, datetime]


@dataclass(frozen=True, order=True, slots=True)
class Interval:
    """The instants from `start` up to but not including `end`, both aware; stored in UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _as_utc(self.start, "start"))
        object.__setattr__(self, "end", _as_utc(self.end, "end"))
        if not self.start < self.end:
            raise ValueError(
                f"An interval must end after it starts, got {self.start.isoformat()} "
                f"to {self.end.isoformat()}."
            )

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share at least one instant (touching ones do not)."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        """Whether every instant of `other` lies in this interval."""
        return self.start <= other.start and other.end <= self.end


def _as_utc(value: datetime, name: str) -> datetime:
    """The same instant with tzinfo=UTC; comparing in UTC avoids wall-clock comparison traps."""
    if not isinstance(value, datetime):
        raise TypeError(f"An interval {name} must be a datetime, got {type(value).__name__}.")
    if value.utcoffset() is None:
        raise ValueError(f"An interval {name} must be timezone-aware, got {value.isoformat()}.")
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort the intervals and join those that overlap or touch."""
    return _to_intervals(merge_pairs(pairs_of(intervals)))


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """The instants that lie in both `a` and `b`, merged and sorted."""
    return _to_intervals(intersect_pairs(merge_pairs(pairs_of(a)), merge_pairs(pairs_of(b))))


def subtract(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """The instants of `a` that lie in no interval of `b`, merged and sorted."""
    return _to_intervals(subtract_pairs(merge_pairs(pairs_of(a)), merge_pairs(pairs_of(b))))


def _to_intervals(pairs: Iterable[Pair]) -> list[Interval]:
    return [Interval(start, end) for start, end in pairs]


def pairs_of(intervals: Iterable[Interval]) -> list[Pair]:
    """The `(start, end)` tuples of some intervals, in the order given."""
    return [(interval.start, interval.end) for interval in intervals]


def merge_pairs(pairs: Iterable[Pair]) -> list[Pair]:
    """Like `merge`, on `(start, end)` tuples: sorted, disjoint and never touching."""
    merged: list[Pair] = []
    for start, end in sorted(pairs):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def intersect_pairs(a: list[Pair], b: list[Pair]) -> list[Pair]:
    """Intersect two lists of merged pairs (as returned by `merge_pairs`)."""
    result: list[Pair] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract_pairs(a: list[Pair], b: list[Pair]) -> list[Pair]:
    """Remove the merged pairs `b` from the merged pairs `a`."""
    result: list[Pair] = []
    j = 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        cursor = start
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                result.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result
