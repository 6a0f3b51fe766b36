"""A customer's own appointments across the businesses they booked with, as their account sees them."""

from __future__ import annotations

from pydantic import Field

from contract.enums import AppointmentStatus
from contract.fields import Moment, Query, Shape


class MyAppointmentsQuery(Query):
    slug: str | None = Field(None, description="one business's appointments; all businesses' when left out")


class MyAppointment(Shape):
    id: str
    business: str
    slug: str
    timezone: str = Field(description="the business's zone, in which `start` and `end` are given")
    service_id: str
    service: str
    location_id: str
    location: str
    staff: str
    start: Moment
    end: Moment
    status: AppointmentStatus
    cancellable: bool = Field(description="still ahead, and the business's cut-off has not begun")
    reschedulable: bool = Field(description="may be moved to another time on the booking page")


class MyAppointments(Shape):
    upcoming: list[MyAppointment] = Field(description="booked or requested, soonest first")
    past: list[MyAppointment] = Field(description="the latest ones that began already or were cancelled")
