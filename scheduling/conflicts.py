"""Conflicts for desk bookings: staff may book outside hours, but never over anything busy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from .intervals import Interval

T = TypeVar("T")


@dataclass(frozen=True)
class Busy(Generic[T]):
    """Something occupying a calendar (appointment, hold, closure) and the caller's name for it."""

    interval: Interval
    ref: T


def find_conflicts(items: Iterable[Busy[T]], candidate: Interval) -> list[Busy[T]]:
    """The items that overlap `candidate`, sorted by start (then end), in the way of a booking."""
    in_the_way = [item for item in items if item.interval.overlaps(candidate)]
    return sorted(in_the_way, key=lambda item: (item.interval.start, item.interval.end))


def widened(interval: Interval, before: timedelta, after: timedelta) -> Interval:
    """`interval` with a service's buffers on either side: the time it keeps its calendar from
    other bookings, as online availability counts it."""
    if before < timedelta(0) or after < timedelta(0):
        raise ValueError(f"Buffers cannot be negative, got {before} before and {after} after.")
    return Interval(interval.start - before, interval.end + after)
