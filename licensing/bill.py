"""The monthly bill of a business: its billing periods and, for one period, the lines charged for
the days each part of its licence was held. Every change takes effect on the day it is made, so an
add-on booked or given up mid-period is paid for the days it was held, to the cent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from licensing.plans import BASE, Holding, Plans

CENT = Decimal("0.01")

#: The parts of a licence that cost, as the invoice lists them.
ITEMS = ("base", "location", "calendar")


def billing_day_for(start: date) -> int:
    """The day of the month a licence begun on `start` is billed on: that day, or the 28th in
    months' ends, so that every month has it."""
    return min(start.day, 28)


def _add_month(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, day.day)


def period_of(billing_day: int, day: date) -> tuple[date, date]:
    """The billing period holding `day`: from one billing day to the next (exclusive)."""
    start = date(day.year, day.month, billing_day)
    if day < start:
        start = _add_month(start, -1)
    return start, _add_month(start, 1)


def previous_period(period: tuple[date, date]) -> tuple[date, date]:
    return _add_month(period[0], -1), period[0]


@dataclass(frozen=True)
class Line:
    """One line of an invoice: `count` of `item` for `days` of the period's `period_days`."""

    item: str
    count: int
    days: int
    period_days: int
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Bill:
    lines: tuple[Line, ...]
    net: Decimal
    vat_rate: Decimal
    vat: Decimal
    gross: Decimal


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def holding_on(changes: Sequence[tuple[date, Holding]], day: date) -> Holding:
    """What was held on `day`: the last change made on it or before (a trial before any)."""
    held = Holding()
    for changed, holding in changes:
        if changed > day:
            break
        held = holding
    return held


def bill(
    plans: Plans,
    changes: Sequence[tuple[date, Holding]],
    period: tuple[date, date],
    country: str,
) -> Bill:
    """The bill of one period for the changes (by local day, oldest first): a line per item and
    count, for the days held at that count; the trial costs nothing."""
    start, end = period
    period_days = (end - start).days
    days: dict[tuple[str, int], int] = {}
    day = start
    while day < end:
        held = holding_on(changes, day)
        if held.plan == BASE:
            for item, count in (
                ("base", 1),
                ("location", held.extra_locations),
                ("calendar", held.extra_calendars),
            ):
                if count:
                    days[(item, count)] = days.get((item, count), 0) + 1
        day += timedelta(days=1)
    prices = {"base": plans.base.price, "location": plans.location_price, "calendar": plans.calendar_price}
    lines = tuple(
        Line(
            item,
            count,
            held_days,
            period_days,
            prices[item],
            cents(prices[item] * count * held_days / period_days),
        )
        for (item, count), held_days in sorted(days.items(), key=lambda k: (ITEMS.index(k[0][0]), k[0][1]))
    )
    net = sum((line.amount for line in lines), Decimal("0.00"))
    rate = plans.vat_rate(country)
    vat = cents(net * rate / 100)
    return Bill(lines, net, rate, vat, net + vat)
