"""The guided set-up: what makes the booking page work, each step done or not, and the starter
sets of services a trade begins with."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from contract.fields import Body, Shape


class SetupStepKey(StrEnum):
    VERIFIED = "verified"
    COMPANY = "company"
    OPENING_HOURS = "opening_hours"
    SERVICES = "services"
    CALENDARS = "calendars"
    BOOKING_MODE = "booking_mode"
    SHARE = "share"


#: The steps no data shows as done: someone of the business marks them.
MARKED_BY_HAND = frozenset({SetupStepKey.BOOKING_MODE, SetupStepKey.SHARE})


class Trade(StrEnum):
    PHYSIOTHERAPY = "physiotherapy"
    MASSAGE = "massage"
    HAIRDRESSER = "hairdresser"
    BEAUTY = "beauty"


class SetupStep(Shape):
    key: SetupStepKey
    done: bool
    marked_by_hand: bool = Field(description="true: done once someone marks it, not from the data")


class Checklist(Shape):
    steps: list[SetupStep]
    bookable: bool = Field(
        description="customers can book: the owner's address is verified, the licence takes online "
        "bookings, and a service is offered by a calendar with hours at an open location"
    )
    complete: bool = Field(description="every step is done: the desk stops offering the checklist")
    booking_url: str


class StarterSet(Body):
    trade: Trade


class StarterAdded(Shape):
    service_ids: list[str]


class StepMark(Body):
    step: SetupStepKey = Field(description="a step marked by hand: booking_mode or share")
    done: bool = True
