"""Local wall-clock time in a business's zone, mapped exactly onto UTC across DST changes.

Wall times are reasoned about as naive datetimes and turned into UTC through the offset that
holds on each stretch between two offset changes, never by arithmetic across a change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from .intervals import Pair

# An offset change is looked for between samples this far apart; tzdata has no two changes
# that cancel out within a few hours, which is the one thing this sampling could miss.
_SAMPLE = timedelta(hours=6)
_SECOND = timedelta(seconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY = timedelta(days=1)
_MINUTES_PER_DAY = 24 * 60

Segment = tuple[datetime, datetime, timedelta]


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar date in `zone` at an aware instant."""
    return instant.astimezone(zone).date()


def local_day_start(zone: ZoneInfo, day: date) -> datetime:
    """The first instant of the local `day`, in UTC; where midnight is skipped, the jump itself."""
    # For a wall time inside a gap, fold=0 applies the offset from before the change, which
    # maps the first missing wall time (midnight here) exactly onto the instant of the jump.
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def on_step(instant: datetime, zone: ZoneInfo, step_minutes: int) -> bool:
    """Whether the local wall time of `instant` is a whole multiple of the step since midnight."""
    local = instant.astimezone(zone)
    if local.second or local.microsecond:
        return False
    return (local.hour * 60 + local.minute) % step_minutes == 0


def offset_segments(zone: ZoneInfo, lo: datetime, hi: datetime) -> list[Segment]:
    """Split the UTC range [lo, hi) into `(start, end, utc_offset)` pieces of constant offset."""
    segments: list[Segment] = []
    seg_start, seg_offset = lo, _offset(lo, zone)
    probe = lo
    while probe < hi:
        sample = min(probe + _SAMPLE, hi)
        sample_offset = _offset(sample, zone)
        while sample_offset != seg_offset:
            change = _first_change(zone, probe, sample, seg_offset)
            segments.append((seg_start, change, seg_offset))
            seg_start, seg_offset, probe = change, _offset(change, zone), change
        probe = sample
    if seg_start < hi:
        segments.append((seg_start, hi, seg_offset))
    return segments


def _offset(instant: datetime, zone: ZoneInfo) -> timedelta:
    return cast(timedelta, instant.astimezone(zone).utcoffset())


def _first_change(zone: ZoneInfo, lo: datetime, hi: datetime, lo_offset: timedelta) -> datetime:
    """The first whole second in (lo, hi] whose offset differs from `lo_offset`."""
    # tzdata changes offsets on whole seconds, so whole seconds are all the search needs.
    low = (lo - _EPOCH) // _SECOND
    high = (hi - _EPOCH) // _SECOND
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(_EPOCH + middle * _SECOND, zone) == lo_offset:
            low = middle
        else:
            high = middle
    return _EPOCH + high * _SECOND


def wall_span_to_utc(segments: list[Segment], wall_lo: datetime, wall_hi: datetime) -> list[Pair]:
    """The UTC pieces, in order, of the instants whose wall time lies in [wall_lo, wall_hi)."""
    pieces: list[Pair] = []
    for seg_lo, seg_hi, offset in segments:
        start = max(_wall(seg_lo, offset), wall_lo)
        end = min(_wall(seg_hi, offset), wall_hi)
        if start < end:
            pieces.append((_instant(start, offset), _instant(end, offset)))
    return pieces


def _wall(instant: datetime, offset: timedelta) -> datetime:
    return (instant + offset).replace(tzinfo=None)


def _instant(wall: datetime, offset: timedelta) -> datetime:
    return (wall - offset).replace(tzinfo=UTC)


def step_grid(zone: ZoneInfo, lo: datetime, hi: datetime, step_minutes: int) -> list[datetime]:
    """Every instant in [lo, hi) whose local wall time is on the step grid, in order, as UTC.

    A wall time skipped by a DST change yields nothing; one that occurs twice yields both instants.
    """
    step = timedelta(minutes=step_minutes)
    per_day = -(-_MINUTES_PER_DAY // step_minutes)
    grid: list[datetime] = []
    for seg_lo, seg_hi, offset in offset_segments(zone, lo, hi):
        wall_lo, wall_hi = _wall(seg_lo, offset), _wall(seg_hi, offset)
        midnight = datetime.combine(wall_lo.date(), time(0))
        while midnight < wall_hi:
            first = max(0, -((midnight - wall_lo) // step))
            stop = min(per_day, -((midnight - wall_hi) // step))
            base = _instant(midnight, offset)
            grid.extend([base + k * step for k in range(first, stop)])
            midnight += _DAY
    return grid
