"""Services: what a business offers, how long it takes, and which calendars offer it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from contract.fields import Body, Code, Id, Name, Shape

ServiceName = Annotated[Name, Code("invalid_name")]
Minutes = Annotated[
    int, Field(ge=5, le=24 * 60, description="5 minutes to 24 hours"), Code("invalid_duration")
]
Buffer = Annotated[int, Field(ge=0, le=240, description="0 to 240 minutes"), Code("invalid_buffer")]
Price = Annotated[
    int,
    Field(ge=0, le=100_000_000, description="in cents of the business's currency, 0 to 1,000,000.00"),
    Code("invalid_price"),
]
SeriesOnline = Annotated[
    int,
    Field(ge=0, le=12, description="how many dates a customer may book online as a series, 2 to 12; 0: off"),
    Code("invalid_series_online"),
]
Color = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#3b82f6"]), Code("invalid_color")]


class NewService(Body):
    unknown_code = "invalid_field"

    name: ServiceName
    duration_minutes: Minutes
    color: Color | None = Field(None, description="#rrggbb; the next colour of the palette when left out")
    buffer_before_minutes: Buffer | None = None
    buffer_after_minutes: Buffer | None = None
    staff_ids: list[Id] | None = Field(
        None, description="the calendars that offer it; the owner's when left out"
    )
    reminders: bool = Field(default=True, description="whether the business's reminders are mailed for it")
    price_cents: Price | None = Field(
        default=None, description="the price shown to customers; none if left out"
    )
    series_online: SeriesOnline | None = Field(
        default=None, description="the most dates a customer may book online as a series; off if left out"
    )


class ServiceChange(Body):
    """The fields to change; a field left out (or null) stays as it is."""

    unknown_code = "invalid_field"

    name: ServiceName | None = None
    duration_minutes: Minutes | None = None
    color: Color | None = None
    buffer_before_minutes: Buffer | None = None
    buffer_after_minutes: Buffer | None = None
    staff_ids: list[Id] | None = None
    reminders: bool | None = None
    price_cents: Price | None = Field(default=None, description="a price in cents; null removes the price")
    series_online: SeriesOnline | None = Field(default=None, description="0 turns series online off")


class Service(Shape):
    id: str
    name: str
    duration_minutes: int
    color: str
    buffer_before_minutes: int
    buffer_after_minutes: int
    staff_ids: list[str]
    reminders: bool = Field(description="whether the business's reminders are mailed for its appointments")
    price_cents: int | None = Field(None, description="in cents of the business's currency; null: no price")
    series_online: int = Field(0, description="the most dates a customer may book online as a series; 0: off")


class Services(Shape):
    services: list[Service]
