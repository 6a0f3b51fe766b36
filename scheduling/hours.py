"""Weekly opening and bookable hours: parsing, validation, and their UTC intervals on real days.

A range is local wall time: it covers every instant whose local date is that day and whose wall
time lies in [start, end). A range that starts in an hour skipped by DST starts at the jump; on
the day clocks go back, a range over the repeated hour covers both of its occurrences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .intervals import Interval, Pair, merge_pairs
from .localtime import local_day_start, offset_segments, wall_span_to_utc

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# A range end of None means midnight at the end of the day, written "24:00".
Range = tuple[time, time | None]

_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_END_OF_DAY = "24:00"
# Files in a tz directory that ZoneInfo loads but that name no zone a business can be in.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


class HoursError(ValueError):
    """Opening hours that cannot be used; the message is a sentence naming the day and range."""


class ZoneError(HoursError):
    """A time zone name that is not in the tz database."""


@dataclass(frozen=True)
class WeeklyHours:
    """Local wall-time ranges per weekday (0 = Monday); all seven are keys, closed days empty.

    The ranges of a day are sorted, do not overlap, and touching ones are joined.
    """

    days: Mapping[int, tuple[Range, ...]]

    def __post_init__(self) -> None:
        unknown = sorted(str(key) for key in self.days if key not in range(7))
        if unknown:
            raise HoursError(f"Weekdays are numbered 0 (Monday) to 6 (Sunday), got {unknown}.")
        normal = {weekday: _normal_day(weekday, self.days.get(weekday, ())) for weekday in range(7)}
        object.__setattr__(self, "days", MappingProxyType(normal))

    def __hash__(self) -> int:
        return hash(tuple(self.days[weekday] for weekday in range(7)))

    def to_json(self) -> dict[str, list[list[str]]]:
        """The hours as parse_weekly reads them: open days only, Monday first, ranges in order."""
        return {
            DAY_KEYS[weekday]: [[_format(start), _format(end)] for start, end in ranges]
            for weekday, ranges in self.days.items()
            if ranges
        }


def _normal_day(weekday: int, ranges: object) -> tuple[Range, ...]:
    """Check one day's ranges and return them sorted with touching ones joined."""
    day = DAY_NAMES[weekday]
    if not isinstance(ranges, tuple | list):
        raise HoursError(f"{day}: the hours must be a list of (start, end) ranges.")
    checked: list[Range] = []
    for item in ranges:
        if not (isinstance(item, tuple | list) and len(item) == 2):
            raise HoursError(f"{day}: each range must be a pair of start and end, got {item!r}.")
        start, end = item
        if not _is_wall_time(start) or not (end is None or _is_wall_time(end)):
            raise HoursError(
                f"{day}: a range must run between whole-minute local times, got {item!r}."
            )
        if end is not None and end <= start:
            raise HoursError(
                f"{day}: the range {_format(start)}-{_format(end)} must end after it starts."
            )
        checked.append((start, end))
    checked.sort(key=lambda pair: pair[0])
    joined: list[Range] = []
    for index, (start, end) in enumerate(checked):
        if joined and _starts_before_end(start, joined[-1][1]):
            # Sorted by start, a range can only overlap the one given just before it.
            before = checked[index - 1]
            raise HoursError(
                f"{day}: the ranges {_format(before[0])}-{_format(before[1])} and "
                f"{_format(start)}-{_format(end)} overlap."
            )
        if joined and start == joined[-1][1]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return tuple(joined)


def _is_wall_time(value: object) -> bool:
    return (
        isinstance(value, time)
        and value.tzinfo is None
        and value.second == 0
        and value.microsecond == 0
    )


def _starts_before_end(start: time, end: time | None) -> bool:
    return end is None or start < end


def _format(value: time | None) -> str:
    return _END_OF_DAY if value is None else value.strftime("%H:%M")


def parse_weekly(raw: object) -> WeeklyHours:
    """Read hours such as {"mon": [["08:00", "12:00"], ["13:00", "18:00"]]}; absent days are closed.

    Times are "HH:MM" on the 24-hour clock, and "24:00" may end a range to mean end of day.
    """
    if not isinstance(raw, Mapping):
        raise HoursError(
            "Opening hours must map days (mon, tue, ..., sun) to lists of time ranges."
        )
    days: dict[int, tuple[Range, ...]] = {}
    for key, ranges in raw.items():
        if key not in DAY_KEYS:
            raise HoursError(
                f"Unknown day {key!r} in the opening hours; use mon, tue, wed, thu, fri, sat, sun."
            )
        weekday = DAY_KEYS.index(key)
        day = DAY_NAMES[weekday]
        if not isinstance(ranges, list | tuple):
            raise HoursError(f"{day}: the hours must be a list of [start, end] ranges.")
        parsed: list[Range] = []
        for item in ranges:
            if not (
                isinstance(item, list | tuple)
                and len(item) == 2
                and all(isinstance(text, str) for text in item)
            ):
                raise HoursError(
                    f'{day}: each range must be two times like ["08:00", "12:00"], got {item!r}.'
                )
            parsed.append((_parse_start(day, item[0]), _parse_end(day, item[1])))
        days[weekday] = tuple(parsed)
    return WeeklyHours(days)


def _parse_start(day: str, text: str) -> time:
    if text == _END_OF_DAY:
        raise HoursError(f"{day}: 24:00 can only end a range, not start one.")
    return _parse_time(day, text)


def _parse_end(day: str, text: str) -> time | None:
    return None if text == _END_OF_DAY else _parse_time(day, text)


def _parse_time(day: str, text: str) -> time:
    match = _TIME.fullmatch(text)
    if match is None:
        raise HoursError(f"{day}: {text!r} is not a time; write HH:MM on the 24-hour clock.")
    return time(int(match[1]), int(match[2]))


def weekly_intervals(hours: WeeklyHours, zone: ZoneInfo, first: date, last: date) -> list[Interval]:
    """The UTC intervals the hours cover on the local days `first` to `last` inclusive, merged."""
    if last < first:
        return []
    segments = offset_segments(
        zone, local_day_start(zone, first), local_day_start(zone, last + timedelta(days=1))
    )
    pairs: list[Pair] = []
    day = first
    while day <= last:
        for start, end in hours.days[day.weekday()]:
            wall_lo = datetime.combine(day, start)
            if end is None:
                wall_hi = datetime.combine(day + timedelta(days=1), time(0))
            else:
                wall_hi = datetime.combine(day, end)
            pairs.extend(wall_span_to_utc(segments, wall_lo, wall_hi))
        day += timedelta(days=1)
    return [Interval(start, end) for start, end in merge_pairs(pairs)]


def local_day_bounds(zone: ZoneInfo, first: date, last: date) -> Interval:
    """From the local start of `first` to the local start of the day after `last`, in UTC."""
    if last < first:
        raise ValueError(f"The last day {last} comes before the first day {first}.")
    return Interval(local_day_start(zone, first), local_day_start(zone, last + timedelta(days=1)))


def validate_zone(name: str) -> ZoneInfo:
    """The zone named `name` in the tz database (such as "Europe/Vienna"), or ZoneError."""
    if not isinstance(name, str) or name in _NOT_ZONES:
        raise ZoneError(f"{name!r} is not a time zone name such as 'Europe/Vienna'.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise ZoneError(f"{name!r} is not a time zone name such as 'Europe/Vienna'.") from error
