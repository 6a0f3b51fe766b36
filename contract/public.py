"""The booking page: what a business shows of itself, its free slots, and a customer's holds."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from contract.company import Company
from contract.enums import AppointmentStatus, BookingMode, Currency, StaffChoice
from contract.fields import STRIPPED, Body, Code, Day, Id, Instant, Moment, Query, Shape


class PublicLocation(Shape):
    id: str
    name: str


class PublicService(Shape):
    id: str
    name: str
    duration_minutes: int
    color: str
    price_cents: int | None = Field(None, description="the price in cents of `currency`; null: none given")
    currency: Currency = Field(Currency.EUR, description="the business's currency: EUR or CHF")
    series_online: int = Field(
        0, description="the most weekly dates a customer may book at once as a series; 0: single dates only"
    )


class PublicPerson(Shape):
    """A person customers may choose: a name and a photo, nothing else of them."""

    id: str = Field(description="the person's calendar, for `staff_id` of slots and holds")
    name: str
    photo_url: str = Field(description="the person's photo on this server; empty: none")
    service_ids: list[str] = Field(description="the services the person offers online")
    location_ids: list[str] = Field(description="the locations where the person is bookable online")


class PublicBusiness(Shape):
    """What a booking page may show of a business: names and services, nothing of anyone's data."""

    name: str
    slug: str
    timezone: str
    booking_mode: BookingMode
    locations: list[PublicLocation]
    services: list[PublicService] = Field(description="the services some calendar offers")
    company: Company = Field(description="how customers reach the business, for the page's footer")
    staff_choice: StaffChoice = Field(
        StaffChoice.OFF, description="whether customers pick the person: off, optional or required"
    )
    staff: list[PublicPerson] = Field(
        default_factory=list, description="the persons customers may pick; empty while the choice is off"
    )
    online_booking: bool = Field(
        True,
        description="false: the business takes no online bookings now (its trial ended, or its "
        "month's online bookings are used up): no services are listed, and the page says so; the desk "
        "still books",
    )


class SlotQuery(Query):
    service_id: str | None = None
    location_id: str | None = Field(None, description="the business's first location when left out")
    first: Day | None = Field(None, alias="from", description="today in the business's zone when left out")
    last: Day | None = Field(None, alias="to", description="six days after `from` when left out")
    staff_id: str | None = Field(None, description="only this person's free slots; anyone's when left out")


class FreeSlot(Shape):
    start: Moment
    end: Moment
    staff_ids: list[str] = Field(description="the calendars free at that time")


class Slots(Shape):
    timezone: str
    slots: list[FreeSlot]


class NewHold(Body):
    service_id: Id
    location_id: Id
    start: Instant
    staff_id: Id | None = Field(
        None, description="a calendar of the customer's choice; any free one when left out"
    )
    replaces: Id | None = Field(
        None, description="one of the customer's bookings there, cancelled once this hold is confirmed"
    )


class Hold(Shape):
    id: str
    start: Moment
    end: Moment
    staff_id: str
    expires_at: Moment


#: The six digits of the mailed security code; spaces around them do not count.
SecurityCode = Annotated[str, STRIPPED, Field(pattern=r"^[0-9]{6}$"), Code("invalid_code")]


class CodeEntry(Body):
    code: SecurityCode


class Confirmed(Shape):
    appointment_id: str
    status: AppointmentStatus = Field(description="booked, or requested in booking-request mode")


class Status(Shape):
    """What became of a request whose effect follows later or needs no other answer."""

    status: str
