"""Dates and times as a customer reads them in a mail: German by default, English on request."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def when_text(start: datetime, zone: ZoneInfo, language: str = "de") -> str:
    """The start of an appointment in the business's zone: "29.03.2027 um 09:00 Uhr" or
    "Monday, 29 March 2027 at 09:00"."""
    local = start.astimezone(zone)
    if language == "en":
        weekday, month = ENGLISH_WEEKDAYS[local.weekday()], ENGLISH_MONTHS[local.month - 1]
        return f"{weekday}, {local.day} {month} {local.year} at {local:%H:%M}"
    return local.strftime("%d.%m.%Y um %H:%M Uhr")


def clock_text(instant: datetime, zone: ZoneInfo) -> str:
    """A time of day in the business's zone, "14:05", as both languages write it."""
    return instant.astimezone(zone).strftime("%H:%M")
