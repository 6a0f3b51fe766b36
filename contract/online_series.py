"""Series booked online: a customer's weekly dates for a service that allows it, their preview
with free online alternatives, and one hold for all of them under one security code."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from contract.fields import Body, Id, Instant, Moment, Shape
from contract.public import Hold
from contract.series import Alternative

#: The most dates a service may offer online as one series.
MOST_ONLINE_DATES = 12

OnlineState = Literal["free", "taken", "closed"]


class OnlineSeriesAsked(Body):
    """From the time the customer picked, every `every_weeks` weeks, `count` dates."""

    service_id: Id
    location_id: Id
    start: Instant
    staff_id: Id | None = Field(None, description="a calendar of the customer's choice; any when left out")
    every_weeks: int = Field(1, ge=1, le=2, description="1: weekly, 2: every other week")
    count: int = Field(ge=2, le=MOST_ONLINE_DATES, description="2 to the service's `series_online`")


class OnlineSeriesDate(Shape):
    """One date: free (bookable online), taken, or closed (outside the online hours, a closure, a
    closed holiday, too soon or too far ahead), with up to three free online times instead."""

    start: Moment
    end: Moment
    state: OnlineState
    reason: str | None = Field(None, description="for a closed date: past, notice, horizon, off_step, closed")
    alternatives: list[Alternative]


class OnlineSeriesPreview(Shape):
    dates: list[OnlineSeriesDate]


class NewSeriesHold(Body):
    """The dates chosen (the rule's, alternatives in place of taken ones, or some left out)."""

    service_id: Id
    location_id: Id
    starts: list[Instant] = Field(min_length=1, max_length=MOST_ONLINE_DATES)
    staff_id: Id | None = Field(
        None, description="a calendar of the customer's choice; any free one when left out"
    )
    every_weeks: int = Field(1, ge=1, le=2, description="the rule the dates came from, kept with the series")


class SeriesHold(Shape):
    """All dates held until `expires_at`; confirm, resend or release with `id` (any hold's id does)."""

    id: str = Field(description="the first hold's id, for the confirm, resend and release requests")
    series_id: str
    holds: list[Hold]
    expires_at: Moment
