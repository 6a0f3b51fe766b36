"""Public holidays through the API: the country and region as settings, closed holidays without
online slots or holds in every calendar, opening one, the desk booking anyway, and the events."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from testkit.app import InProcess
from testkit.flows import Business, customer, sign_up
from testkit.stand_ins import Heard

VIENNA = ZoneInfo("Europe/Vienna")


def next_year() -> int:
    return datetime.now(UTC).astimezone(VIENNA).year + 1


def epiphany() -> date:
    return date(next_year(), 1, 6)


def plain_wednesday() -> date:
    """The first Wednesday from 13 January of next year: no public holiday anywhere here."""
    day = date(next_year(), 1, 13)
    return day + timedelta(days=(2 - day.weekday()) % 7)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VIENNA)


async def place(client: httpx.AsyncClient, biz: Business, **body: Any) -> httpx.Response:
    return await client.patch("/api/v1/settings", json=body, headers=biz.auth)


async def slot_count(client: httpx.AsyncClient, biz: Business, day: date) -> int:
    response = await client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={"service_id": biz.service_id, "location_id": biz.location_id, "from": day.isoformat(),
                "to": day.isoformat()},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    return len(response.json()["slots"])


async def holidays(client: httpx.AsyncClient, biz: Business, **params: str) -> dict[str, Any]:
    response = await client.get("/api/v1/holidays", params=params, headers=biz.auth)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def opening(client: httpx.AsyncClient, biz: Business, day: date, is_open: bool) -> httpx.Response:
    return await client.put(f"/api/v1/holidays/{day.isoformat()}", json={"open": is_open}, headers=biz.auth)


async def vienna(client: httpx.AsyncClient) -> Business:
    biz = await sign_up(client, horizon_days=730)
    chosen = await place(client, biz, holiday_country="AT", holiday_region="9")
    assert chosen.status_code == 200, chosen.text
    assert (chosen.json()["holiday_country"], chosen.json()["holiday_region"]) == ("AT", "9")
    return biz


async def test_a_new_business_has_no_holidays(app: InProcess) -> None:
    biz = await sign_up(app.client, horizon_days=730)
    settings = (await app.client.get("/api/v1/settings", headers=biz.auth)).json()
    assert (settings["holiday_country"], settings["holiday_region"]) == ("", "")
    assert await holidays(app.client, biz) == {"country": "", "region": "", "holidays": []}
    assert await slot_count(app.client, biz, epiphany()) > 0


async def test_a_closed_holiday_has_no_online_slots_until_it_is_opened(app: InProcess) -> None:
    biz = await vienna(app.client)
    day = epiphany()
    assert await slot_count(app.client, biz, day) == 0
    assert await slot_count(app.client, biz, plain_wednesday()) == 24 * 4 - 1
    # Neighbouring days keep their slots up to midnight and from midnight on.
    assert await slot_count(app.client, biz, day + timedelta(days=1)) == 24 * 4 - 1

    listed = await holidays(app.client, biz, **{"from": f"{next_year()}-01-01", "to": f"{next_year()}-01-31"})
    assert listed["holidays"] == [
        {"date": f"{next_year()}-01-01", "name": "Neujahr", "open": False},
        {"date": day.isoformat(), "name": "Heilige Drei Könige", "open": False},
    ]

    opened = await opening(app.client, biz, day, True)
    assert opened.status_code == 200, opened.text
    assert opened.json() == {"date": day.isoformat(), "name": "Heilige Drei Könige", "open": True}
    assert await slot_count(app.client, biz, day) == 24 * 4 - 1
    again = await holidays(app.client, biz, **{"from": day.isoformat(), "to": day.isoformat()})
    assert again["holidays"] == [{"date": day.isoformat(), "name": "Heilige Drei Könige", "open": True}]

    closed = await opening(app.client, biz, day, False)
    assert closed.status_code == 200 and closed.json()["open"] is False
    assert await slot_count(app.client, biz, day) == 0


async def test_names_follow_the_language_of_the_request(app: InProcess) -> None:
    biz = await vienna(app.client)
    day = epiphany().isoformat()
    response = await app.client.get(
        "/api/v1/holidays", params={"from": day, "to": day}, headers=biz.auth | {"Accept-Language": "en"}
    )
    assert response.json()["holidays"] == [{"date": day, "name": "Epiphany", "open": False}]


async def test_a_hold_on_a_closed_holiday_is_refused_but_the_desk_may_book(app: InProcess) -> None:
    biz = await vienna(app.client)
    _, token = await customer(app.client)
    start = at(epiphany(), 10)
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert held.status_code == 400, held.text
    assert (held.json()["error"]["code"], held.json()["error"]["reason"]) == ("not_bookable", "closed")

    booked = await app.client.post(
        "/api/v1/appointments",
        json={"staff_id": biz.staff_id, "location_id": biz.location_id, "service_id": biz.service_id,
              "start": start.isoformat(), "new_customer": {"first_name": "Eva", "last_name": "Berger"}},
        headers=biz.auth,
    )  # fmt: skip
    assert booked.status_code == 201, booked.text


async def test_every_calendar_is_closed_on_a_holiday(app: InProcess) -> None:
    biz = await vienna(app.client)
    second = await app.client.post("/api/v1/staff", json={"name": "Zweite"}, headers=biz.auth)
    assert second.status_code == 201, second.text
    week = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    hours = await app.client.put(
        f"/api/v1/staff/{second.json()['id']}/hours",
        json={"location_id": biz.location_id, "weekly": week},
        headers=biz.auth,
    )
    assert hours.status_code == 200, hours.text
    offered = await app.client.patch(
        f"/api/v1/services/{biz.service_id}", json={"staff_ids": [biz.staff_id, second.json()["id"]]},
        headers=biz.auth,
    )  # fmt: skip
    assert offered.status_code == 200, offered.text
    assert await slot_count(app.client, biz, epiphany()) == 0
    assert await slot_count(app.client, biz, plain_wednesday()) == 24 * 4 - 1


@pytest.mark.parametrize(("region", "slots"), [("BY", 0), ("BE", 24 * 4 - 1)])
async def test_the_region_decides(app: InProcess, region: str, slots: int) -> None:
    """Epiphany is a holiday in Bavaria, not in Berlin."""
    biz = await sign_up(app.client, timezone="Europe/Berlin", horizon_days=730)
    chosen = await place(app.client, biz, holiday_country="DE", holiday_region=region)
    assert chosen.status_code == 200, chosen.text
    assert await slot_count(app.client, biz, epiphany()) == slots


async def test_a_new_country_without_a_region_takes_none(app: InProcess) -> None:
    biz = await vienna(app.client)
    moved = await place(app.client, biz, holiday_country="DE")
    assert (moved.json()["holiday_country"], moved.json()["holiday_region"]) == ("DE", "")
    same = await place(app.client, biz, holiday_region="BY")
    assert (same.json()["holiday_country"], same.json()["holiday_region"]) == ("DE", "BY")
    kept = await place(app.client, biz, holiday_country="DE")
    assert kept.json()["holiday_region"] == "BY"
    none = await place(app.client, biz, holiday_country="")
    assert (none.json()["holiday_country"], none.json()["holiday_region"]) == ("", "")
    assert await slot_count(app.client, biz, epiphany()) > 0


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        pytest.param({"holiday_country": "XX"}, "invalid_country", "holiday_country", id="unknown-country"),
        pytest.param({"holiday_country": "AT", "holiday_region": "BY"}, "invalid_region", "holiday_region",
                     id="region-of-another-country"),
        pytest.param({"holiday_region": "9"}, "invalid_region", "holiday_region",
                     id="region-without-country"),
        pytest.param({"holiday_country": 5}, "invalid_setting", "holiday_country", id="not-a-text"),
    ],
)  # fmt: skip
async def test_an_unknown_place_is_refused(
    app: InProcess, body: dict[str, Any], code: str, field: str
) -> None:
    biz = await sign_up(app.client)
    refused = await place(app.client, biz, **body)
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert (error["code"], error.get("field")) == (code, field)
    assert error["message"]
    settings = (await app.client.get("/api/v1/settings", headers=biz.auth)).json()
    assert (settings["holiday_country"], settings["holiday_region"]) == ("", "")


async def test_only_a_holiday_can_be_opened(app: InProcess) -> None:
    biz = await vienna(app.client)
    assert (await opening(app.client, biz, plain_wednesday(), True)).status_code == 404
    bad = await app.client.put("/api/v1/holidays/06.01.2027", json={"open": True}, headers=biz.auth)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_date"
    wrong = await app.client.put(
        f"/api/v1/holidays/{epiphany().isoformat()}", json={"open": "yes"}, headers=biz.auth
    )
    assert wrong.status_code == 400


async def test_the_places_name_countries_and_regions(app: InProcess) -> None:
    biz = await sign_up(app.client)
    german = (await app.client.get("/api/v1/holidays/places", headers=biz.auth)).json()["countries"]
    assert [(c["code"], c["name"]) for c in german] == [
        ("AT", "Österreich"), ("DE", "Deutschland"), ("CH", "Schweiz"), ("LI", "Liechtenstein"),
    ]  # fmt: skip
    assert {"code": "9", "name": "Wien"} in german[0]["regions"]
    english = await app.client.get("/api/v1/holidays/places", headers=biz.auth | {"Accept-Language": "en"})
    assert [c["name"] for c in english.json()["countries"]][:3] == ["Austria", "Germany", "Switzerland"]


async def test_booking_pages_and_calendars_hear_of_changes(app: InProcess, heard: Heard) -> None:
    biz = await vienna(app.client)
    assert {"availability.changed", "holidays.changed"} <= set(heard.names())
    heard.events.clear()
    await opening(app.client, biz, epiphany(), True)
    assert heard.names() == ["availability.changed", "holidays.changed"]
    heard.events.clear()
    await place(app.client, biz, holiday_region="3")
    assert {"availability.changed", "holidays.changed", "settings.changed"} == set(heard.names())
    heard.events.clear()
    await place(app.client, biz, slot_step_minutes=30)
    assert "holidays.changed" not in heard.names()


async def test_opening_a_holiday_twice_at_once_opens_it_once(app: InProcess) -> None:
    biz = await vienna(app.client)
    both = await asyncio.gather(*(opening(app.client, biz, epiphany(), True) for _ in range(2)))
    assert [r.status_code for r in both] == [200, 200]
    day = epiphany().isoformat()
    listed = await holidays(app.client, biz, **{"from": day, "to": day})
    assert listed["holidays"] == [{"date": day, "name": "Heilige Drei Könige", "open": True}]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        pytest.param({"from": "2027-02-01", "to": "2027-01-01"}, "invalid_range", id="backwards"),
        pytest.param({"from": "2027-01-01", "to": "2031-01-01"}, "invalid_range", id="too-long"),
        pytest.param({"from": "06.01.2027"}, "invalid_date", id="not-a-date"),
    ],
)
async def test_a_bad_range_is_refused(app: InProcess, params: dict[str, str], code: str) -> None:
    biz = await vienna(app.client)
    refused = await app.client.get("/api/v1/holidays", params=params, headers=biz.auth)
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["code"] == code
