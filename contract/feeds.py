"""Calendar feeds: secret addresses (webcal) that Google, Apple and Outlook calendars subscribe to."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from contract.fields import Body, Id, Moment, Shape


class FeedKind(StrEnum):
    CALENDAR = "calendar"
    """The appointments of one calendar."""
    PERSON = "person"
    """The appointments of the person: their own calendar's; without one, every calendar they see
    in full (all of them with the right to work in colleagues' calendars)."""


class NewFeed(Body):
    """A new subscription address. The full variant names customers, services and notes, so it is
    secret like a password; the busy variant says only when the time is taken."""

    kind: FeedKind
    staff_id: Id | None = Field(None, description="the calendar of a `calendar` feed; null for `person`")
    busy: bool = False

    @model_validator(mode="after")
    def _calendar_named(self) -> NewFeed:
        if (self.kind == FeedKind.CALENDAR) != (self.staff_id is not None):
            raise PydanticCustomError(
                "invalid_feed", "a calendar feed names its calendar (staff_id), a person's feed none"
            )
        return self


class Feed(Shape):
    """One of the person's subscription addresses."""

    id: str
    kind: FeedKind
    staff_id: str | None
    title: str = Field(description="what the subscribed calendar is called: the business and whose it is")
    busy: bool
    created_at: Moment
    url: str | None = Field(description="the https address; null where it can no longer be shown: renew it")
    webcal: str | None = Field(description="the same address as webcal://, which calendar programs open")


class Feeds(Shape):
    feeds: list[Feed]
