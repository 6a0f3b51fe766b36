"""Stored rows that cross layers, typed: what a use-case reads of them is named and checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from contract.enums import BookingMode, Currency, StaffChoice


@dataclass(frozen=True, slots=True)
class Tenant:
    """A business and its settings."""

    id: str
    slug: str
    name: str
    timezone: str
    booking_mode: BookingMode
    slot_step_minutes: int
    min_notice_minutes: int
    horizon_days: int
    show_weekend: bool
    cancel_cutoff_hours: int
    #: Origins ("https://example.at") whose pages may frame the booking page.
    embed_origins: list[str]
    created_at: datetime
    #: The company data for footers and calendar entries; empty where not given.
    address: str
    phone: str
    email: str
    website: str
    imprint_url: str
    privacy_url: str
    #: Whether every person of the business logs in with a code from an app too.
    require_two_factor: bool = False
    #: The digest of the business's logo, if it has one.
    logo: str | None = None
    #: The reminders' lead times in hours before an appointment ([24, 2]); empty: none are mailed.
    reminders: tuple[int, ...] = ()
    #: Whether the booking page lets the customer pick the person, and the currency of prices.
    staff_choice: StaffChoice = StaffChoice.OFF
    currency: Currency = Currency.EUR
    #: Where the public holidays come from: a country ("AT") and region ("9"); "" for none.
    holiday_country: str = ""
    holiday_region: str = ""
    #: When the owner opened the link mailed at sign-up; None: the booking page is not live yet.
    owner_verified_at: datetime | None = None
    #: The business's privacy notice as text, shown at registration (with `privacy_url`).
    privacy_text: str = ""

    @classmethod
    def from_row(cls, row: Any) -> Tenant:
        return cls.from_mapping(row._mapping)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> Tenant:
        values = dict(mapping)
        values["booking_mode"] = BookingMode(values["booking_mode"])
        values["show_weekend"] = bool(values["show_weekend"])
        values["embed_origins"] = list(values["embed_origins"] or [])
        values["require_two_factor"] = bool(values.get("require_two_factor", False))
        values["reminders"] = tuple(values.get("reminders") or ())
        values["staff_choice"] = StaffChoice(values.get("staff_choice") or StaffChoice.OFF)
        values["currency"] = Currency(values.get("currency") or Currency.EUR)
        return cls(**values)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
