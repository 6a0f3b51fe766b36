"""Public holidays as the desk sees and opens them, and the countries and regions they come from."""

from __future__ import annotations

from pydantic import Field

from contract.fields import Body, Day, Query, Shape


class Holiday(Shape):
    date: Day
    name: str = Field(description="in the request's language (German or English) where the source has it")
    open: bool = Field(description="true: bookable online like any day; false (the default): closed")


class Holidays(Shape):
    country: str = Field(description='the business\'s country ("AT"), "" for none')
    region: str = Field(description='its region ("9" for Wien), "" for the national holidays only')
    holidays: list[Holiday]


class HolidayRange(Query):
    """From `from` to `to`, both included; without them this year and the next."""

    start: Day | None = Field(None, alias="from")
    end: Day | None = Field(None, alias="to")


class HolidayOpening(Body):
    open: bool


class Region(Shape):
    code: str
    name: str


class Country(Shape):
    code: str
    name: str = Field(description="in the request's language")
    regions: list[Region]


class HolidayPlaces(Shape):
    """The countries and regions a business may take its public holidays from."""

    countries: list[Country]
