"""Dates and times as a customer reads them in a mail, in the mail's language: the catalogs give
each language its pattern and phrase, Babel the names of its days and months."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from i18n import DEFAULT, LANGUAGES, N_, translate


def when_text(start: datetime, zone: ZoneInfo, language: str = "de") -> str:
    """The start of an appointment in the business's zone: "29.03.2027 um 09:00 Uhr" or
    "Monday, 29 March 2027 at 09:00"."""
    local = start.astimezone(zone)
    lang = language if language in LANGUAGES else DEFAULT
    # A date pattern in CLDR's notation, worded per language like any text.
    day = format_date(local, translate(lang, N_("dd.MM.yyyy")), locale=lang)
    return translate(lang, N_("{date} um {time} Uhr"), date=day, time=clock_text(start, zone))


def clock_text(instant: datetime, zone: ZoneInfo) -> str:
    """A time of day in the business's zone, "14:05", as both languages write it."""
    return instant.astimezone(zone).strftime("%H:%M")


def day_text(day: date, language: str = "de") -> str:
    """A day with its weekday: "Dienstag, 30.03.2027" or "Tuesday, 30/03/2027"."""
    lang = language if language in LANGUAGES else DEFAULT
    return format_date(day, translate(lang, N_("EEEE, dd.MM.yyyy")), locale=lang)
