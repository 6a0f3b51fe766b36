"""The business's licence as its owner sees and changes it under Settings → Licence."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from contract.fields import ONE_LINE, STRIPPED, Body, Shape

Money = Annotated[str, Field(description='an amount in the plans\' currency, "29.00"', examples=["29.00"])]


class Counts(Shape):
    locations: int
    calendars: int
    online_bookings_per_month: int | None = Field(description="null: any number")


class InvoiceLine(Shape):
    item: Literal["base", "location", "calendar"]
    description: str = Field(description="what is charged, in the reader's language")
    count: int
    days: int = Field(description="the days of the period it was held")
    period_days: int
    unit_price: Money = Field(description="per month and piece")
    amount: Money


class NextInvoice(Shape):
    """The invoice the current period will bring if nothing changes until its end."""

    made_on: date = Field(description="the billing day it is made on")
    period_start: date
    period_end: date = Field(description="the last day of the period")
    lines: list[InvoiceLine]
    net: Money
    vat_rate: str
    vat: Money
    gross: Money


class InvoiceListed(Shape):
    id: str
    number: str
    period_start: date
    period_end: date
    issued_at: datetime
    gross: Money
    url: str = Field(description="where the PDF is downloaded")


class Named(Shape):
    id: str
    name: str


class Prices(Shape):
    currency: str
    base: Money
    location: Money
    calendar: Money
    vat_rate: str


class Buyer(Shape):
    """Whom the invoices name; empty: the business's name and address."""

    name: str
    address: str
    country: str = Field(description="ISO 3166 code; decides the VAT rate")
    vat_id: str = Field(description="the buyer's VAT id (UID), if any")


class Licence(Shape):
    plan: Literal["trial", "base"]
    trial_ends_at: datetime | None = Field(description="when the trial ends; null once on the base licence")
    trial_over: bool
    locked: bool
    extra_locations: int
    extra_calendars: int
    includes: Counts
    uses: Counts = Field(description="online_bookings_per_month: those made this month")
    prices: Prices
    next_invoice: NextInvoice | None
    invoices: list[InvoiceListed]
    buyer: Buyer
    calendars: list[Named] = Field(description="the calendars in use")
    locations: list[Named] = Field(description="the locations in use")


class AddOns(Body):
    extra_locations: int = Field(ge=0, le=50)
    extra_calendars: int = Field(ge=0, le=200)


class BuyerChange(Body):
    name: Annotated[str, STRIPPED, Field(max_length=200), ONE_LINE] = ""
    address: Annotated[str, STRIPPED, Field(max_length=300)] = ""
    country: Annotated[str, STRIPPED, Field(pattern="^([A-Za-z]{2})?$")] = ""
    vat_id: Annotated[str, STRIPPED, Field(max_length=20), ONE_LINE] = ""
