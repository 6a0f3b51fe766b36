"""Closures of a calendar: sickness and vacation shut whole local days, a pause a time range."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from contract.enums import ClosureKind

from .hours import local_day_bounds
from .intervals import Interval

WHOLE_DAY_KINDS = (ClosureKind.SICK, ClosureKind.VACATION)
CLOSURE_KINDS = (*WHOLE_DAY_KINDS, ClosureKind.PAUSE)


def closure_interval(kind: str, start: date | datetime, end: date | datetime, zone: ZoneInfo) -> Interval:
    """The UTC interval a closure shuts.

    For "sick" and "vacation", `start` and `end` are local dates, both included; for "pause" they
    are aware datetimes.
    """
    if kind in WHOLE_DAY_KINDS:
        if not (_is_date(start) and _is_date(end)):
            raise ValueError(
                f"A {kind} closure takes whole days: start and end must be dates, "
                f"got {type(start).__name__} and {type(end).__name__}."
            )
        if end < start:
            raise ValueError(f"A {kind} closure cannot end on {end} before it starts on {start}.")
        return local_day_bounds(zone, start, end)
    if kind == ClosureKind.PAUSE:
        if not (isinstance(start, datetime) and isinstance(end, datetime)):
            raise ValueError(
                "A pause takes a time range: start and end must be datetimes, "
                f"got {type(start).__name__} and {type(end).__name__}."
            )
        if start.utcoffset() is None or end.utcoffset() is None:
            raise ValueError("A pause needs timezone-aware start and end times.")
        # Interval compares in UTC; comparing two local times of one zone would ignore DST folds.
        try:
            return Interval(start, end)
        except ValueError:
            raise ValueError(
                f"A pause cannot end at {end.isoformat()}, which is not after its start "
                f"at {start.isoformat()}."
            ) from None
    raise ValueError(f"Unknown closure kind {kind!r}; expected one of {', '.join(CLOSURE_KINDS)}.")


def _is_date(value: object) -> bool:
    # A datetime is also a date, but a whole-day closure must not silently drop its time of day.
    return isinstance(value, date) and not isinstance(value, datetime)
