"""The pure rules of the bill: billing periods, the days each part of a licence was held, rounding,
VAT by country, and the plans file read and refused."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal

import pytest

from licensing.bill import bill, billing_day_for, holding_on, period_of, previous_period
from licensing.plans import BASE, DEFAULT_FILE, Holding, allowance, load_plans, parse_plans

PLANS = load_plans(str(DEFAULT_FILE))


@pytest.mark.parametrize(
    ("start", "day"),
    [
        pytest.param(date(2027, 3, 10), 10, id="a plain day"),
        pytest.param(date(2027, 1, 31), 28, id="month end: the 28th"),
        pytest.param(date(2028, 2, 29), 28, id="leap day: the 28th"),
    ],
)
def test_the_billing_day_is_one_every_month_has(start: date, day: int) -> None:
    assert billing_day_for(start) == day


def test_periods_run_from_one_billing_day_to_the_next() -> None:
    assert period_of(10, date(2027, 3, 10)) == (date(2027, 3, 10), date(2027, 4, 10))
    assert period_of(10, date(2027, 3, 9)) == (date(2027, 2, 10), date(2027, 3, 10))
    assert period_of(28, date(2027, 1, 3)) == (date(2026, 12, 28), date(2027, 1, 28))
    assert period_of(15, date(2027, 12, 20)) == (date(2027, 12, 15), date(2028, 1, 15))
    assert previous_period((date(2027, 1, 5), date(2027, 2, 5))) == (date(2026, 12, 5), date(2027, 1, 5))


def test_the_last_change_of_a_day_holds_for_it() -> None:
    changes = [(date(2027, 3, 1), Holding(BASE)), (date(2027, 3, 1), Holding(BASE, 0, 2))]
    assert holding_on(changes, date(2027, 2, 28)) == Holding()
    assert holding_on(changes, date(2027, 3, 1)) == Holding(BASE, 0, 2)


def test_each_part_is_billed_for_the_days_it_was_held_at_each_count() -> None:
    changes = [
        (date(2027, 3, 10), Holding(BASE)),
        (date(2027, 3, 20), Holding(BASE, 1, 2)),
        (date(2027, 4, 1), Holding(BASE, 0, 1)),
    ]
    made = bill(PLANS, changes, (date(2027, 3, 10), date(2027, 4, 10)), "AT")
    assert [(line.item, line.count, line.days, line.amount) for line in made.lines] == [
        ("base", 1, 31, Decimal("29.00")),
        ("location", 1, 12, Decimal("7.35")),  # 19 × 12/31 = 7.354…
        ("calendar", 1, 9, Decimal("5.52")),  # 19 × 9/31 = 5.516…
        ("calendar", 2, 12, Decimal("14.71")),  # 38 × 12/31 = 14.709…
    ]
    assert made.net == Decimal("56.58")
    assert (made.vat_rate, made.vat, made.gross) == (Decimal("20"), Decimal("11.32"), Decimal("67.90"))


def test_the_trial_costs_nothing_and_vat_follows_the_country() -> None:
    assert bill(PLANS, [], (date(2027, 3, 1), date(2027, 4, 1)), "AT").lines == ()
    german = bill(PLANS, [(date(2027, 1, 1), Holding(BASE))], (date(2027, 3, 1), date(2027, 4, 1)), "de")
    assert (german.vat_rate, german.vat, german.gross) == (Decimal("19"), Decimal("5.51"), Decimal("34.51"))
    unknown = bill(PLANS, [(date(2027, 1, 1), Holding(BASE))], (date(2027, 3, 1), date(2027, 4, 1)), "XX")
    assert unknown.vat_rate == Decimal("20")  # the default country's


def test_what_a_holding_allows() -> None:
    assert allowance(PLANS, Holding()).online_bookings_per_month == PLANS.trial.online_bookings_per_month
    base = allowance(PLANS, Holding(BASE, 2, 3))
    assert (base.locations, base.calendars, base.online_bookings_per_month) == (3, 4, None)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        pytest.param(lambda d: d.pop("seller"), "'seller'", id="missing section"),
        pytest.param(lambda d: d["base"].update(price="viel"), "base.price", id="not an amount"),
        pytest.param(lambda d: d["base"].update(price="-1"), "base.price", id="negative"),
        pytest.param(lambda d: d["trial"].update(days=-3), "trial.days", id="negative count"),
        pytest.param(lambda d: d["trial"].update(calendars=True), "trial.calendars", id="not a number"),
    ],
)
def test_a_broken_plans_file_says_what_is_wrong(change: object, says: str) -> None:
    data = tomllib.loads(DEFAULT_FILE.read_text())
    change(data)  # type: ignore[operator]
    with pytest.raises(ValueError, match=says.replace(".", r"\.")):
        parse_plans(data)
