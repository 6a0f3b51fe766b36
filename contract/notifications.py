"""What a person of the team is told: mails about online bookings, requests and cancellations, and
a daily agenda at an hour of their choosing."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from contract.fields import Body, Shape


def _hour(hour: int | None) -> int | None:
    if hour is not None and not 0 <= hour <= 23:
        raise PydanticCustomError("invalid_hour", "an hour of the day, 0 to 23, or null for no agenda")
    return hour


AgendaHour = Annotated[int | None, AfterValidator(_hour)]


class Notifications(Shape):
    """A person's choice of mails."""

    online_bookings: bool = Field(description="a mail for each binding online booking they may see")
    requests: bool = Field(description="a mail for each booking request they may see, linking to it")
    cancellations: bool = Field(description="a mail when a customer cancels by the mailed link")
    agenda_hour: int | None = Field(
        description="the hour (0–23, business time) the next day's agenda is mailed; null: none"
    )


class NotificationsChange(Body):
    """A person's new choice of mails, all of it; mails then come in the request's language."""

    online_bookings: bool
    requests: bool
    cancellations: bool
    agenda_hour: AgendaHour
