"""Series of appointments: the weekly rule, the preview of its dates, booking the dates chosen,
and moving or cancelling an appointment together with those that follow it in its series."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError, PydanticKnownError

from contract.appointments import Appointment, MessageText, NewAppointment, _customer_fields_named
from contract.fields import Body, Day, Id, Instant, Moment, Shape

#: The most dates one series may have (scheduling.series.MAX_DATES).
MOST_DATES = 52

DateState = Literal["free", "taken", "closed", "outside_hours"]


class RepeatRule(Body):
    """Every `every_weeks` weeks on `weekdays` (0 Monday … 6 Sunday; left out: the first date's
    weekday), `count` times or `until` a date (inclusive)."""

    every_weeks: int = Field(1, description="1 to 12")
    weekdays: list[int] = Field(default_factory=list, max_length=7)
    count: int | None = Field(None, description=f"1 to {MOST_DATES}")
    until: Day | None = None

    @field_validator("weekdays")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if any(not 0 <= day <= 6 for day in value):
            raise PydanticCustomError("invalid_repeat", "weekdays are 0 (Monday) to 6 (Sunday)")
        return sorted(set(value))


class SeriesAsked(Body):
    """Where and from when a series is to run, and its rule."""

    staff_id: Id
    location_id: Id
    service_id: Id
    start: Instant
    repeat: RepeatRule

    @field_validator("start", mode="before")
    @classmethod
    def _start_given(cls, value: Any) -> Any:
        if value is None:
            raise PydanticKnownError("missing")
        return value


class Alternative(Shape):
    start: Moment
    end: Moment


class SeriesDate(Shape):
    """One date of the rule: how it stands in the calendar, and for a taken or closed one the
    nearest free times (its own day first, then the following days)."""

    start: Moment
    end: Moment
    state: DateState
    alternatives: list[Alternative]


class SeriesPreview(Shape):
    dates: list[SeriesDate]


class NewSeries(NewAppointment):
    """A series booked at the desk: the chosen `starts` (the rule's dates, alternatives picked in
    place of taken ones), all booked or none, for one customer."""

    repeat: RepeatRule
    starts: list[Instant] = Field(min_length=1, max_length=MOST_DATES)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> NewSeries:
        try:
            return super(NewAppointment, cls).model_validate_json(json_data, **options)
        except ValidationError as error:
            raise _customer_fields_named(error) from None


class SeriesBooked(Shape):
    series_id: str
    appointments: list[Appointment]


class FollowingMove(Body):
    """Moves an appointment of a series and every later one of it by the same time."""

    start: Instant
    message: MessageText = ""
    notify: bool = Field(True, description="mail the customer the moved dates with their calendar entries")


class FollowingCancel(Body):
    """Cancels an appointment of a series and every later one of it."""

    message: MessageText = ""


class SeriesAppointments(Shape):
    appointments: list[Appointment]
