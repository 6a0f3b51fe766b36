"""The operator's plans and prices, read from a TOML file (the shipped `plans.toml`, or the file that
PLANS_FILE names), and what a business's holding of them allows."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_FILE = Path(__file__).resolve().parent / "plans.toml"

TRIAL = "trial"
BASE = "base"


@dataclass(frozen=True)
class Seller:
    """The operator as an invoice names them."""

    name: str
    address: str
    vat_id: str
    iban: str
    bic: str
    email: str


@dataclass(frozen=True)
class Trial:
    days: int
    locations: int
    calendars: int
    online_bookings_per_month: int


@dataclass(frozen=True)
class Base:
    price: Decimal
    locations: int
    calendars: int


@dataclass(frozen=True)
class Plans:
    trial: Trial
    base: Base
    location_price: Decimal
    calendar_price: Decimal
    vat: dict[str, Decimal]
    default_country: str
    currency: str
    invoice_prefix: str
    seller: Seller

    def vat_rate(self, country: str) -> Decimal:
        """The VAT rate in per cent for a buyer in `country`; the default country's where unknown."""
        return self.vat.get(country.upper(), self.vat.get(self.default_country, Decimal(0)))


@dataclass(frozen=True)
class Holding:
    """What a business holds: the trial or the base licence, and add-ons on top of the base."""

    plan: str = TRIAL
    extra_locations: int = 0
    extra_calendars: int = 0


@dataclass(frozen=True)
class Allowance:
    """How many locations and calendars may be in use, and online bookings a month (None: any)."""

    locations: int
    calendars: int
    online_bookings_per_month: int | None


def allowance(plans: Plans, holding: Holding) -> Allowance:
    if holding.plan == BASE:
        return Allowance(
            plans.base.locations + holding.extra_locations,
            plans.base.calendars + holding.extra_calendars,
            None,
        )
    return Allowance(plans.trial.locations, plans.trial.calendars, plans.trial.online_bookings_per_month)


def _money(value: Any, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f'{where} must be an amount like "29.00", not {value!r}') from error
    if amount < 0 or not amount.is_finite():
        raise ValueError(f"{where} must not be negative")
    return amount


def _count(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{where} must be a whole number ≥ 0, not {value!r}")
    return value


def parse_plans(data: dict[str, Any]) -> Plans:
    """The plans of a parsed TOML document; ValueError names what is missing or wrong."""
    try:
        trial, base, addons, seller = data["trial"], data["base"], data["addons"], data["seller"]
        return Plans(
            trial=Trial(
                days=_count(trial["days"], "trial.days"),
                locations=_count(trial["locations"], "trial.locations"),
                calendars=_count(trial["calendars"], "trial.calendars"),
                online_bookings_per_month=_count(
                    trial["online_bookings_per_month"], "trial.online_bookings_per_month"
                ),
            ),
            base=Base(
                price=_money(base["price"], "base.price"),
                locations=_count(base["locations"], "base.locations"),
                calendars=_count(base["calendars"], "base.calendars"),
            ),
            location_price=_money(addons["location"]["price"], "addons.location.price"),
            calendar_price=_money(addons["calendar"]["price"], "addons.calendar.price"),
            vat={str(k).upper(): _money(v, f"vat.{k}") for k, v in data.get("vat", {}).items()},
            default_country=str(data.get("default_country", "AT")).upper(),
            currency=str(data.get("currency", "EUR")),
            invoice_prefix=str(data.get("invoice_prefix", "")),
            seller=Seller(
                name=str(seller["name"]),
                address=str(seller["address"]),
                vat_id=str(seller.get("vat_id", "")),
                iban=str(seller.get("iban", "")),
                bic=str(seller.get("bic", "")),
                email=str(seller.get("email", "")),
            ),
        )
    except KeyError as error:
        raise ValueError(f"the plans file lacks {error.args[0]!r}") from error


@lru_cache(maxsize=8)
def load_plans(path: str | None) -> Plans:
    """The plans of the file at `path` (None: the shipped defaults), read once per process."""
    with open(path or DEFAULT_FILE, "rb") as file:
        return parse_plans(tomllib.load(file))
