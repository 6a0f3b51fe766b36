"""Locations and calendars as the desk manages them: a location's phone, deactivating a location or
calendar only once nothing lies ahead there, renaming, colouring and ordering calendars, where the
owner's calendar is bookable when a second location opens, and the services a calendar offers
binding the desk as they bind the booking page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from testkit.app import InProcess
from testkit.flows import Business, sign_up

VIENNA = ZoneInfo("Europe/Vienna")
EVERY_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def soon(hour: int, days: int = 3) -> datetime:
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=VIENNA)


async def add_location(client: httpx.AsyncClient, biz: Business, name: str = "Filiale") -> str:
    made = await client.post(
        "/api/v1/locations",
        json={"name": name, "address": "Hauptplatz 1", "phone": "+43 1 234", "opening_hours": EVERY_DAY},
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def add_calendar(client: httpx.AsyncClient, biz: Business, name: str, *, offers: bool = True) -> str:
    made = await client.post("/api/v1/staff", json={"name": name}, headers=biz.auth)
    assert made.status_code == 201, made.text
    staff_id = str(made.json()["id"])
    if offers:
        offered = await client.patch(
            f"/api/v1/services/{biz.service_id}",
            json={"staff_ids": [biz.staff_id, staff_id]},
            headers=biz.auth,
        )
        assert offered.status_code == 200, offered.text
    return staff_id


async def book(client: httpx.AsyncClient, biz: Business, start: datetime, **extra: Any) -> httpx.Response:
    body = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.isoformat(),
        "new_customer": {"first_name": "Eva", "last_name": "Berger"},
    } | extra
    return await client.post("/api/v1/appointments", json=body, headers=biz.auth)


async def slot_calendars(client: httpx.AsyncClient, biz: Business, location_id: str, day: date) -> set[str]:
    answer = await client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={
            "service_id": biz.service_id,
            "location_id": location_id,
            "from": day.isoformat(),
            "to": day.isoformat(),
        },
    )
    assert answer.status_code == 200, answer.text
    return {staff_id for slot in answer.json()["slots"] for staff_id in slot["staff_ids"]}


async def test_a_location_keeps_its_phone_and_address(app: InProcess) -> None:
    biz = await sign_up(app.client)
    second = await add_location(app.client, biz)
    changed = await app.client.patch(
        f"/api/v1/locations/{second}", json={"phone": " 0664 123 ", "name": "Filiale Nord"}, headers=biz.auth
    )
    assert changed.status_code == 200, changed.text
    assert changed.json() | {"opening_hours": None} == {
        "id": second,
        "name": "Filiale Nord",
        "address": "Hauptplatz 1",
        "phone": "0664 123",
        "opening_hours": None,
        "active": True,
    }
    two_lines = await app.client.patch(
        f"/api/v1/locations/{second}", json={"phone": "1\n2"}, headers=biz.auth
    )
    assert two_lines.status_code == 400 and two_lines.json()["error"]["field"] == "phone"


async def test_a_location_with_appointments_ahead_is_not_deactivated_until_they_are_cancelled(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    second = await add_location(app.client, biz)
    booked = await book(app.client, biz, soon(10), location_id=second)
    assert booked.status_code == 201, booked.text

    refused = await app.client.post(f"/api/v1/locations/{second}/deactivate", headers=biz.auth)
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["code"] == "has_appointments"
    assert [a["id"] for a in error["appointments"]] == [booked.json()["id"]]
    assert error["message"].startswith("Hier liegen noch Termine")

    cancelled = await app.client.post(
        f"/api/v1/appointments/{booked.json()['id']}/cancel", json={}, headers=biz.auth
    )
    assert cancelled.status_code == 200, cancelled.text
    done = await app.client.post(f"/api/v1/locations/{second}/deactivate", headers=biz.auth)
    assert done.status_code == 200 and done.json()["active"] is False

    shown = (await app.client.get("/api/v1/locations", headers=biz.auth)).json()["locations"]
    assert [p["id"] for p in shown] == [biz.location_id]
    every = (await app.client.get("/api/v1/locations?inactive=true", headers=biz.auth)).json()["locations"]
    assert [(p["id"], p["active"]) for p in every] == [(biz.location_id, True), (second, False)]
    public = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert [p["id"] for p in public["locations"]] == [biz.location_id]
    slots = await app.client.get(
        f"/api/v1/public/{biz.slug}/slots", params={"service_id": biz.service_id, "location_id": second}
    )
    assert slots.status_code == 404
    desk = await book(app.client, biz, soon(11), location_id=second)
    assert desk.status_code == 404

    last = await app.client.post(f"/api/v1/locations/{biz.location_id}/deactivate", headers=biz.auth)
    assert last.status_code == 409 and last.json()["error"]["code"] == "last_location"
    back = await app.client.post(f"/api/v1/locations/{second}/activate", headers=biz.auth)
    assert back.status_code == 200 and back.json()["active"] is True


async def test_the_owners_calendar_is_bookable_at_a_second_location_only_with_hours_there(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    second = await add_location(app.client, biz)
    day = soon(0).date()
    assert await slot_calendars(app.client, biz, biz.location_id, day) == {biz.staff_id}
    assert await slot_calendars(app.client, biz, second, day) == set()

    hours = {"location_id": second, "weekly": {day.strftime("%a").lower()[:3]: [["09:00", "12:00"]]}}
    put = await app.client.put(f"/api/v1/staff/{biz.staff_id}/hours", json=hours, headers=biz.auth)
    assert put.status_code == 200, put.text
    assert await slot_calendars(app.client, biz, second, day) == {biz.staff_id}

    nowhere = {"location_id": biz.location_id, "weekly": {}}
    put = await app.client.put(f"/api/v1/staff/{biz.staff_id}/hours", json=nowhere, headers=biz.auth)
    assert put.status_code == 200, put.text
    assert await slot_calendars(app.client, biz, biz.location_id, day) == set()


async def test_calendars_are_renamed_coloured_and_ordered(app: InProcess) -> None:
    biz = await sign_up(app.client)
    lena = await add_calendar(app.client, biz, "Lena")
    tom = await add_calendar(app.client, biz, "Tom")

    renamed = await app.client.patch(
        f"/api/v1/staff/{lena}", json={"name": " Lena Maier ", "color": "#10b981"}, headers=biz.auth
    )
    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["name"], renamed.json()["color"]) == ("Lena Maier", "#10b981")
    bad = await app.client.patch(f"/api/v1/staff/{lena}", json={"color": "green"}, headers=biz.auth)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_color"
    empty = await app.client.patch(f"/api/v1/staff/{lena}", json={"name": "  "}, headers=biz.auth)
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "invalid_name"

    ordered = await app.client.put(
        "/api/v1/staff/order", json={"staff_ids": [tom, biz.staff_id, lena]}, headers=biz.auth
    )
    assert ordered.status_code == 200, ordered.text
    listed = (await app.client.get("/api/v1/staff", headers=biz.auth)).json()["staff"]
    assert [c["id"] for c in listed] == [tom, biz.staff_id, lena]
    partial = await app.client.put("/api/v1/staff/order", json={"staff_ids": [tom, lena]}, headers=biz.auth)
    assert partial.status_code == 400 and partial.json()["error"]["code"] == "invalid_order"
    twice = await app.client.put(
        "/api/v1/staff/order", json={"staff_ids": [tom, tom, biz.staff_id, lena]}, headers=biz.auth
    )
    assert twice.status_code == 400
    elsewhere = await sign_up(app.client)
    foreign = await app.client.patch(f"/api/v1/staff/{lena}", json={"name": "X"}, headers=elsewhere.auth)
    assert foreign.status_code == 404


async def test_a_calendar_with_appointments_ahead_is_deactivated_only_once_they_are_moved(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    lena = await add_calendar(app.client, biz, "Lena")
    booked = await book(app.client, biz, soon(10), staff_id=lena)
    assert booked.status_code == 201, booked.text

    refused = await app.client.post(f"/api/v1/staff/{lena}/deactivate", headers=biz.auth)
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "has_appointments"
    assert [a["id"] for a in refused.json()["error"]["appointments"]] == [booked.json()["id"]]

    moved = await app.client.patch(
        f"/api/v1/appointments/{booked.json()['id']}", json={"staff_id": biz.staff_id}, headers=biz.auth
    )
    assert moved.status_code == 200, moved.text
    done = await app.client.post(f"/api/v1/staff/{lena}/deactivate", headers=biz.auth)
    assert done.status_code == 200 and done.json()["active"] is False

    listed = (await app.client.get("/api/v1/staff", headers=biz.auth)).json()["staff"]
    assert [c["id"] for c in listed] == [biz.staff_id]
    every = (await app.client.get("/api/v1/staff?inactive=true", headers=biz.auth)).json()["staff"]
    assert [(c["id"], c["active"]) for c in every] == [(biz.staff_id, True), (lena, False)]
    assert await slot_calendars(app.client, biz, biz.location_id, soon(0).date()) == {biz.staff_id}
    into = await book(app.client, biz, soon(12), staff_id=lena)
    assert into.status_code == 404
    back_into = await app.client.patch(
        f"/api/v1/appointments/{booked.json()['id']}", json={"staff_id": lena}, headers=biz.auth
    )
    assert back_into.status_code == 404

    last = await app.client.post(f"/api/v1/staff/{biz.staff_id}/deactivate", headers=biz.auth)
    assert last.status_code == 409 and last.json()["error"]["code"] == "last_calendar"
    again = await app.client.post(f"/api/v1/staff/{lena}/activate", headers=biz.auth)
    assert again.status_code == 200 and again.json()["active"] is True


async def test_the_desk_books_and_moves_a_service_only_into_a_calendar_that_offers_it(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    tom = await add_calendar(app.client, biz, "Tom", offers=False)

    refused = await book(app.client, biz, soon(10), staff_id=tom)
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("service_not_offered", "service_id")
    assert error["message"].startswith("Dieser Kalender bietet diese Leistung nicht an")
    english = await app.client.post(
        "/api/v1/appointments?lang=en",
        json={
            "staff_id": tom,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": soon(10).isoformat(),
            "new_customer": {"first_name": "Eva", "last_name": "Berger"},
        },
        headers=biz.auth | {"Accept-Language": "en"},
    )
    assert english.status_code == 400 and "offer" in english.json()["error"]["message"]
    listed = (await app.client.get("/api/v1/appointments", headers=biz.auth)).json()["appointments"]
    assert listed == []

    booked = await book(app.client, biz, soon(10))
    assert booked.status_code == 201, booked.text
    move = await app.client.patch(
        f"/api/v1/appointments/{booked.json()['id']}", json={"staff_id": tom}, headers=biz.auth
    )
    assert move.status_code == 400 and move.json()["error"]["code"] == "service_not_offered"
    assert move.json()["error"]["field"] == "staff_id"
    note = await app.client.patch(
        f"/api/v1/appointments/{booked.json()['id']}",
        json={"staff_id": biz.staff_id, "note": "Knie"},
        headers=biz.auth,
    )
    assert note.status_code == 200, note.text
