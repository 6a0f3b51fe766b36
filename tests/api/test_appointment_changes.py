"""The desk changes an appointment's service, length, customer and calendar with the checks of a
move: the calendar must offer the service, nothing may lie in the way, the customer hears of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from icalendar import Calendar

from testkit.app import InProcess
from testkit.flows import Business, join_team, sign_up
from testkit.stand_ins import Heard

VIENNA = ZoneInfo("Europe/Vienna")


def ahead(days: int, hour: int, minute: int = 0) -> datetime:
    """A time some days on, the same whatever the hour the tests run at."""
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIENNA)


async def service(client: httpx.AsyncClient, biz: Business, name: str, minutes: int, **more: Any) -> str:
    body = {"name": name, "duration_minutes": minutes, **more}
    made = await client.post("/api/v1/services", json=body, headers=biz.auth)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def customer_id(client: httpx.AsyncClient, biz: Business, first: str, email: str | None = None) -> str:
    body: dict[str, Any] = {"first_name": first, "last_name": "Muster"}
    if email:
        body["email"] = email
    made = await client.post("/api/v1/customers", json=body, headers=biz.auth)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def book(
    client: httpx.AsyncClient, biz: Business, start: datetime, who: str, **more: Any
) -> httpx.Response:
    body = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.isoformat(),
        "customer_id": who,
        **more,
    }
    return await client.post("/api/v1/appointments", json=body, headers=biz.auth)


async def booked(client: httpx.AsyncClient, biz: Business, start: datetime, who: str, **more: Any) -> str:
    answer = await book(client, biz, start, who, **more)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def minutes(a: dict[str, Any]) -> float:
    return (datetime.fromisoformat(a["end"]) - datetime.fromisoformat(a["start"])).total_seconds() / 60


def sequence(mail: dict[str, Any]) -> int:
    (attachment,) = mail["attachments"]
    (found,) = Calendar.from_ical(attachment["content"]).walk("VEVENT")
    return int(str(found["SEQUENCE"]))


async def history(client: httpx.AsyncClient, biz: Business, appointment_id: str) -> list[dict[str, Any]]:
    got = await client.get(f"/api/v1/appointments/{appointment_id}/history", headers=biz.auth)
    assert got.status_code == 200, got.text
    return list(got.json()["entries"])


async def test_another_service_brings_its_length_and_the_customer_an_updated_entry(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    massage = await service(app.client, biz, "Massage", 60, color="#aa3366")
    address = f"eva-{biz.slug}@example.com"
    eva = await customer_id(app.client, biz, "Eva", address)
    appointment_id = await booked(app.client, biz, ahead(3, 9), eva)

    changed = await app.client.patch(
        f"/api/v1/appointments/{appointment_id}", json={"service_id": massage}, headers=biz.auth
    )
    assert changed.status_code == 200, changed.text
    after = changed.json()
    assert after["service_id"] == massage and minutes(after) == 60
    assert (after["service_name"], after["service_color"]) == ("Massage", "#aa3366")
    assert ("appointment.updated", after) in heard.events

    mails = await app.outbox_to(address)
    assert [m["kind"] for m in mails] == ["booking_confirmed", "appointment_changed"]
    assert "geändert" in mails[1]["subject"] and "Massage" in mails[1]["subject"]
    assert sequence(mails[1]) > sequence(mails[0])
    (line,) = [e for e in await history(app.client, biz, appointment_id) if e["action"] == "changed"]
    assert line["fields"] == ["duration", "service"]


async def test_a_length_of_its_own_a_multiple_of_five_within_bounds(app: InProcess) -> None:
    biz = await sign_up(app.client)
    massage = await service(app.client, biz, "Massage", 60)
    appointment_id = await booked(app.client, biz, ahead(3, 9), await customer_id(app.client, biz, "Eva"))
    path = f"/api/v1/appointments/{appointment_id}"

    both = await app.client.patch(
        path, json={"service_id": massage, "duration_minutes": 45}, headers=biz.auth
    )
    assert both.status_code == 200, both.text
    assert minutes(both.json()) == 45
    longer = await app.client.patch(path, json={"duration_minutes": 90}, headers=biz.auth)
    assert longer.status_code == 200 and minutes(longer.json()) == 90
    assert longer.json()["start"] == both.json()["start"]
    for wrong in (7, 0, 24 * 60 + 5, "30"):
        refused = await app.client.patch(path, json={"duration_minutes": wrong}, headers=biz.auth)
        assert refused.status_code == 400, wrong
        assert refused.json()["error"]["code"] == "invalid_length"


async def test_a_service_the_calendar_does_not_offer_or_a_deleted_one_is_refused(app: InProcess) -> None:
    biz = await sign_up(app.client)
    elsewhere = await service(app.client, biz, "Elsewhere", 30, staff_ids=[])
    gone = await service(app.client, biz, "Gone", 30)
    assert (await app.client.delete(f"/api/v1/services/{gone}", headers=biz.auth)).status_code == 204
    appointment_id = await booked(app.client, biz, ahead(3, 9), await customer_id(app.client, biz, "Eva"))
    path = f"/api/v1/appointments/{appointment_id}"

    refused = await app.client.patch(path, json={"service_id": elsewhere}, headers=biz.auth)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "service_not_offered"
    assert refused.json()["error"]["field"] == "service_id"
    unknown = await app.client.patch(path, json={"service_id": gone}, headers=biz.auth)
    assert unknown.status_code == 404
    other = await sign_up(app.client)
    foreign = await app.client.patch(path, json={"service_id": other.service_id}, headers=biz.auth)
    assert foreign.status_code == 404


async def test_a_longer_appointment_may_not_reach_into_the_next(app: InProcess) -> None:
    biz = await sign_up(app.client)
    eva = await customer_id(app.client, biz, "Eva")
    first = await booked(app.client, biz, ahead(3, 9), eva)
    second = await booked(app.client, biz, ahead(3, 9, 30), eva)

    taken = await app.client.patch(
        f"/api/v1/appointments/{first}", json={"duration_minutes": 45}, headers=biz.auth
    )
    assert taken.status_code == 409
    error = taken.json()["error"]
    assert error["code"] == "slot_taken"
    assert [c["id"] for c in error["conflicts"]] == [second]


async def test_another_customer_hears_of_it_and_the_one_before_is_told_it_is_off(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    anna = await join_team(app.client, biz, name="Anna Berger", preset="reception")
    old_address, new_address = f"eva-{biz.slug}@example.com", f"ida-{biz.slug}@example.com"
    eva = await customer_id(app.client, biz, "Eva", old_address)
    ida = await customer_id(app.client, biz, "Ida", new_address)
    appointment_id = await booked(app.client, biz, ahead(3, 9), eva)

    changed = await app.client.patch(
        f"/api/v1/appointments/{appointment_id}", json={"customer_id": ida}, headers=anna.auth
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["customer_id"] == ida
    assert changed.json()["customer_name"] == "Ida Muster"
    assert [m["kind"] for m in await app.outbox_to(old_address)] == [
        "booking_confirmed",
        "appointment_cancelled",
    ]
    assert [m["kind"] for m in await app.outbox_to(new_address)] == ["booking_confirmed"]
    (line,) = [e for e in await history(app.client, biz, appointment_id) if e["action"] == "changed"]
    assert line["fields"] == ["customer"] and line["actor_name"] == "Anna Berger"
    seen = {name for name, _ in heard.events}
    assert {"appointment.updated", "customer.changed"} <= seen
    records = [
        (await app.client.get(f"/api/v1/customers/{who}", headers=biz.auth)).json() for who in (eva, ida)
    ]
    assert [len(r["upcoming"]) for r in records] == [0, 1]

    unknown = await app.client.patch(
        f"/api/v1/appointments/{appointment_id}", json={"customer_id": "0" * 32}, headers=biz.auth
    )
    assert unknown.status_code == 404


async def test_changing_takes_the_right_to_work_in_that_calendar(app: InProcess) -> None:
    biz = await sign_up(app.client)
    massage = await service(app.client, biz, "Massage", 60)
    tom = await join_team(app.client, biz, name="Tom Huber", preset="provider")
    appointment_id = await booked(app.client, biz, ahead(3, 9), await customer_id(app.client, biz, "Eva"))
    refused = await app.client.patch(
        f"/api/v1/appointments/{appointment_id}", json={"service_id": massage}, headers=tom.auth
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "needs_book_others"


async def test_a_cancelled_appointment_keeps_its_service(app: InProcess) -> None:
    biz = await sign_up(app.client)
    massage = await service(app.client, biz, "Massage", 60)
    appointment_id = await booked(app.client, biz, ahead(3, 9), await customer_id(app.client, biz, "Eva"))
    path = f"/api/v1/appointments/{appointment_id}"
    assert (await app.client.post(f"{path}/cancel", json={}, headers=biz.auth)).status_code == 200
    refused = await app.client.patch(path, json={"service_id": massage}, headers=biz.auth)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "not_movable"


async def test_a_deleted_service_keeps_its_name_and_colour_in_the_calendar_and_the_record(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    old = await service(app.client, biz, "Fango", 30, color="#336699")
    eva = await customer_id(app.client, biz, "Eva")
    start = ahead(3, 9)
    await booked(app.client, biz, start, eva, service_id=old)
    assert (await app.client.delete(f"/api/v1/services/{old}", headers=biz.auth)).status_code == 204

    listed = await app.client.get(
        "/api/v1/appointments", params={"from": start.date().isoformat()}, headers=biz.auth
    )
    (shown,) = listed.json()["appointments"]
    assert (shown["service_id"], shown["service_name"], shown["service_color"]) == (old, "Fango", "#336699")
    record = (await app.client.get(f"/api/v1/customers/{eva}", headers=biz.auth)).json()
    assert record["upcoming"][0]["service_name"] == "Fango"


async def test_another_calendar_with_a_service_only_it_offers(app: InProcess) -> None:
    biz = await sign_up(app.client)
    lena = (await app.client.post("/api/v1/staff", json={"name": "Lena"}, headers=biz.auth)).json()["id"]
    hers = await service(app.client, biz, "Shiatsu", 50, staff_ids=[lena])
    appointment_id = await booked(app.client, biz, ahead(3, 9), await customer_id(app.client, biz, "Eva"))
    path = f"/api/v1/appointments/{appointment_id}"

    alone = await app.client.patch(path, json={"service_id": hers}, headers=biz.auth)
    assert alone.status_code == 400 and alone.json()["error"]["code"] == "service_not_offered"
    both = await app.client.patch(path, json={"service_id": hers, "staff_id": lena}, headers=biz.auth)
    assert both.status_code == 200, both.text
    assert (both.json()["staff_id"], both.json()["service_id"], minutes(both.json())) == (lena, hers, 50)
    (line,) = [e for e in await history(app.client, biz, appointment_id) if e["action"] == "moved"]
    assert line["before"]["staff_id"] == biz.staff_id and line["after"]["staff_id"] == lena
    assert line["fields"] == ["duration", "service"]
