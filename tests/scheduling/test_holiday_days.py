"""Public holidays: which days a country and region have, and the whole local days they shut."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling import Interval
from scheduling.holidays import PlaceError, check_place, closed_days, public_holidays, regions

VIENNA = ZoneInfo("Europe/Vienna")


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_easter_monday_after_the_clocks_went_forward_is_its_whole_local_day() -> None:
    # 2027: summer time begins on Easter Sunday, 28 March; Easter Monday is a day in +02:00.
    days = [h.day for h in public_holidays("AT", "9", date(2027, 3, 27), date(2027, 3, 30))]
    assert days == [date(2027, 3, 29)]
    assert closed_days(days, VIENNA) == (Interval(utc(2027, 3, 28, 22), utc(2027, 3, 29, 22)),)


def test_a_day_the_clocks_change_is_23_or_25_hours_long() -> None:
    (spring,) = closed_days([date(2027, 3, 28)], VIENNA)
    (autumn,) = closed_days([date(2027, 10, 31)], VIENNA)
    assert spring == Interval(utc(2027, 3, 27, 23), utc(2027, 3, 28, 22))
    assert spring.end - spring.start == timedelta(hours=23)
    assert autumn.end - autumn.start == timedelta(hours=25)


def test_neighbouring_holidays_make_one_interval_and_repeats_count_once() -> None:
    christmas = [date(2027, 12, 26), date(2027, 12, 25), date(2027, 12, 25)]
    assert closed_days(christmas, VIENNA) == (Interval(utc(2027, 12, 24, 23), utc(2027, 12, 26, 23)),)
    assert closed_days([], VIENNA) == ()


def test_the_region_decides_and_names_follow_the_language() -> None:
    bavaria = public_holidays("DE", "BY", date(2027, 1, 1), date(2027, 1, 31), "de")
    berlin = public_holidays("DE", "BE", date(2027, 1, 1), date(2027, 1, 31), "en")
    assert [(h.day, h.name) for h in bavaria] == [
        (date(2027, 1, 1), "Neujahr"),
        (date(2027, 1, 6), "Heilige Drei Könige"),
    ]
    assert [(h.day, h.name) for h in berlin] == [(date(2027, 1, 1), "New Year's Day")]


def test_a_range_across_the_new_year_takes_both_years() -> None:
    found = public_holidays("AT", "9", date(2027, 12, 24), date(2028, 1, 6))
    assert [h.day for h in found] == [
        date(2027, 12, 25), date(2027, 12, 26), date(2028, 1, 1), date(2028, 1, 6),
    ]  # fmt: skip


def test_no_country_or_an_empty_range_has_no_holidays() -> None:
    assert public_holidays("", "", date(2027, 1, 1), date(2027, 12, 31)) == []
    assert public_holidays("AT", "", date(2027, 1, 2), date(2027, 1, 1)) == []


def test_regions_are_named_not_coded() -> None:
    austria = dict(regions("AT"))
    assert austria["9"] == "Wien" and austria["3"] == "Niederösterreich" and len(austria) == 9
    assert dict(regions("DE"))["BY"] == "Bayern"
    assert dict(regions("CH"))["ZH"] == "Zürich"
    assert regions("LI") == ()
    names = [name for _, name in regions("AT")]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("country", "region"),
    [("", ""), ("AT", ""), ("AT", "9"), ("DE", "BE"), ("CH", "ZH"), ("LI", "")],
)
def test_known_places_pass(country: str, region: str) -> None:
    check_place(country, region)


@pytest.mark.parametrize(
    ("country", "region", "field", "says"),
    [
        pytest.param("", "9", "holiday_region", "needs a country", id="region-without-country"),
        pytest.param("XX", "", "holiday_country", "'XX'", id="unknown-country"),
        pytest.param("FR", "", "holiday_country", "AT, DE, CH", id="country-not-offered"),
        pytest.param("AT", "BY", "holiday_region", "no region of AT", id="region-of-another-country"),
        pytest.param("LI", "1", "holiday_region", "no region of LI", id="country-without-regions"),
    ],
)
def test_unknown_places_are_refused_with_the_field(country: str, region: str, field: str, says: str) -> None:
    with pytest.raises(PlaceError, match=says) as refused:
        check_place(country, region)
    assert refused.value.field == field
