"""Public holidays of a country and region, and the whole local days they shut for online booking.

The calendar of holidays comes from the `holidays` package; a business chooses its country and
region (a Bundesland or Kanton) among those offered here. Pure: the year, the zone and the
language are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from .hours import local_day_bounds
from .intervals import Interval, merge

#: The countries a business may choose, in the order the settings offer them.
COUNTRIES = ("AT", "DE", "CH", "LI")

#: The package's language for each page language; its own default (German here) for the rest.
_LANGUAGES = {"de": "de", "en": "en_US"}


class PlaceError(ValueError):
    """A country or region that the holidays are not known for."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str


def regions(country: str) -> tuple[tuple[str, str], ...]:
    """The regions of `country` as (code, name) pairs, by name; a name is the package's own for the
    code (Wien, Bayern, Zürich), the code itself where it has none."""
    kind = holidays.country_holidays(country).__class__
    named: dict[str, str] = {}
    for name, code in kind.subdivisions_aliases.items():
        named.setdefault(code, name)
    return tuple(sorted(((code, named.get(code, code)) for code in kind.subdivisions), key=lambda r: r[1]))


def check_place(country: str, region: str) -> None:
    """Raises PlaceError unless `country` is one offered (or "" for none) and `region` one of its
    regions (or "" for the whole country's holidays only)."""
    if country == "":
        if region != "":
            raise PlaceError("holiday_region", "A region needs a country; choose the country first.")
        return
    if country not in COUNTRIES:
        raise PlaceError(
            "holiday_country",
            f"Public holidays are known for {', '.join(COUNTRIES)}, not for {country!r}.",
        )
    known = regions(country)
    if region and region not in dict(known):
        choose = f"choose one of {', '.join(code for code, _ in known)}" if known else "it has none"
        raise PlaceError("holiday_region", f"{region!r} is no region of {country}; {choose}.")


@cache
def _year(country: str, region: str, year: int, language: str) -> tuple[Holiday, ...]:
    found = holidays.country_holidays(
        country, subdiv=region or None, years=year, language=_LANGUAGES.get(language)
    )
    return tuple(Holiday(day, name) for day, name in sorted(found.items()))


def public_holidays(
    country: str, region: str, first: date, last: date, language: str = "de"
) -> list[Holiday]:
    """The public holidays from `first` to `last` (both included), named in `language` ("de" or
    "en"); none without a country. Two holidays on one day come as one, their names joined."""
    if not country or last < first:
        return []
    return [
        holiday
        for year in range(first.year, last.year + 1)
        for holiday in _year(country, region, year, language)
        if first <= holiday.day <= last
    ]


def closed_days(days: Iterable[date], zone: ZoneInfo) -> tuple[Interval, ...]:
    """The UTC intervals of whole local days in `zone`: a day is from its local midnight to the
    next, 23 or 25 hours long on the days the clocks change; neighbouring days make one interval."""
    return tuple(merge(local_day_bounds(zone, day, day) for day in sorted(set(days))))
