"""The scheduling rules: intervals, opening hours, availability, conflicts and closures.

Pure: no I/O, no clock, no environment. `now`, the zone and every policy are arguments, and every
datetime that comes back is aware and in UTC.
"""

from .availability import (
    CalendarInput,
    Policy,
    Slot,
    free_slots,
    horizon_end,
    pick_calendar,
    slot_problem,
)
from .cancellation import online_deadline, open_online
from .closures import CLOSURE_KINDS, closure_interval
from .conflicts import Busy, find_conflicts, widened
from .hours import (
    HoursError,
    WeeklyHours,
    ZoneError,
    local_day_bounds,
    parse_weekly,
    validate_zone,
    weekly_intervals,
)
from .intervals import Interval, intersect, merge, subtract
from .localtime import local_date, local_day_start, on_step, step_grid

__all__ = [
    "CLOSURE_KINDS",
    "Busy",
    "CalendarInput",
    "HoursError",
    "Interval",
    "Policy",
    "Slot",
    "WeeklyHours",
    "ZoneError",
    "closure_interval",
    "find_conflicts",
    "free_slots",
    "horizon_end",
    "intersect",
    "local_date",
    "local_day_bounds",
    "local_day_start",
    "merge",
    "on_step",
    "online_deadline",
    "open_online",
    "parse_weekly",
    "pick_calendar",
    "slot_problem",
    "step_grid",
    "subtract",
    "validate_zone",
    "widened",
    "weekly_intervals",
]
