"""Closures through the API: the preview, the confirmed cancellation with its mails, and a closure
shutting online booking, desk bookings and holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from store import SlotTaken
from store.schema import appointments, outbox
from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, customer, mails_to, sign_up
from testkit.stand_ins import Clock, Heard
from web.api import public, staff

VIENNA = ZoneInfo("Europe/Vienna")


def days_ahead(n: int) -> date:
    return datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=n)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIENNA)


async def book(
    client: httpx.AsyncClient,
    biz: Business,
    start: datetime,
    *,
    staff_id: str | None = None,
    email: str = "",
    customer_id: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "staff_id": staff_id or biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.isoformat(),
    }
    if customer_id:
        body["customer_id"] = customer_id
    else:
        body["new_customer"] = {"first_name": "Maria", "last_name": "Huber", "email": email}
    response = await client.post("/api/v1/appointments", json=body, headers=biz.auth)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def close(client: httpx.AsyncClient, biz: Business, **body: Any) -> httpx.Response:
    return await client.post("/api/v1/closures", json=body, headers=biz.auth)


async def listed(client: httpx.AsyncClient, biz: Business, first: date, last: date) -> dict[str, str]:
    response = await client.get(
        "/api/v1/appointments",
        params={"from": first.isoformat(), "to": last.isoformat()},
        headers=biz.auth,
    )
    assert response.status_code == 200, response.text
    return {a["id"]: a["status"] for a in response.json()["appointments"]}


async def slot_starts(
    client: httpx.AsyncClient, biz: Business, day: date, service_id: str | None = None
) -> dict[datetime, list[str]]:
    response = await client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={
            "service_id": service_id or biz.service_id,
            "location_id": biz.location_id,
            "from": day.isoformat(),
            "to": day.isoformat(),
        },
    )
    assert response.status_code == 200, response.text
    return {datetime.fromisoformat(s["start"]): s["staff_ids"] for s in response.json()["slots"]}


async def hold(client: httpx.AsyncClient, biz: Business, token: str, start: datetime) -> httpx.Response:
    return await client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )


async def cancellation_mails(app: InProcess, tenant_id: str) -> list[dict[str, Any]]:
    async with app.deps.store.read() as conn:
        rows = await conn.execute(
            select(outbox).where(outbox.c.tenant_id == tenant_id, outbox.c.kind == "appointment_cancelled")
        )
        return [dict(r._mapping) for r in rows]


async def test_preview_lists_what_is_in_the_way_and_confirming_cancels_it(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    day = days_ahead(3)
    mailed = await book(app.client, biz, at(day, 10), email="maria-closure@example.com")
    silent = await book(app.client, biz, at(day, 14))
    next_day = await book(app.client, biz, at(day + timedelta(days=1), 10))
    clara, token = await customer(app.client)
    held = await hold(app.client, biz, token, at(day, 12))
    assert held.status_code == 201, held.text
    sick = {"kind": "sick", "staff_id": biz.staff_id, "start": day.isoformat(), "end": day.isoformat()}

    preview = await close(app.client, biz, **sick, confirm=False)
    assert preview.status_code == 409, preview.text
    error = preview.json()["error"]
    assert error["code"] == "conflicts"
    assert [(a["id"], a["status"]) for a in error["appointments"]] == [
        (mailed["id"], "booked"),
        (held.json()["id"], "held"),
        (silent["id"], "booked"),
    ]
    assert error["appointments"][0]["customer_name"] == "Maria Huber"
    week = (day, day + timedelta(days=1))
    assert await listed(app.client, biz, *week) == {
        mailed["id"]: "booked",
        held.json()["id"]: "held",
        silent["id"]: "booked",
        next_day["id"]: "booked",
    }
    none = await app.client.get(
        "/api/v1/closures", params={"from": day.isoformat(), "to": day.isoformat()}, headers=biz.auth
    )
    assert none.json() == {"closures": []}

    heard.events.clear()
    confirmed = await close(app.client, biz, **sick, confirm=True, message="Leider krank.\nBis bald!")
    assert confirmed.status_code == 201, confirmed.text
    closure = confirmed.json()
    start, end = at(day, 0), at(day + timedelta(days=1), 0)
    assert closure == {
        "id": closure["id"],
        "staff_id": biz.staff_id,
        "kind": "sick",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "all_day": True,
        "note": "",
    }
    assert await listed(app.client, biz, *week) == {
        mailed["id"]: "cancelled",
        silent["id"]: "cancelled",
        next_day["id"]: "booked",
    }
    [letter] = [
        m for m in await mails_to(app.client, "maria-closure@example.com") if "abgesagt" in m["subject"]
    ]
    assert letter["subject"].startswith("Termin abgesagt: Behandlung am ")
    assert "Leider krank.\nBis bald!" in letter["body"] and "10:00" in letter["body"]
    to_clara = [m for m in await mails_to(app.client, clara) if "abgesagt" in m["subject"]]
    assert len(to_clara) == 1 and "Leider krank." in to_clara[0]["body"]
    # The customer without an address got nothing: two mails in all.
    assert len(await cancellation_mails(app, biz.tenant_id)) == 2

    assert heard.names().count("closure.created") == 1
    assert heard.events[0] == ("closure.created", closure)
    cancelled = {p["id"] for name, p in heard.events if name == "appointment.cancelled"}
    assert cancelled == {mailed["id"], silent["id"]}
    released = [p for name, p in heard.events if name == "hold.released"]
    assert [(p["id"], p["status"]) for p in released] == [(held.json()["id"], "released")]
    assert ("availability.changed", {}) in heard.events
    assert "slots.changed" not in heard.names()

    assert await slot_starts(app.client, biz, day) == {}
    assert await slot_starts(app.client, biz, day + timedelta(days=1))


async def test_a_business_closure_mails_each_customer_once(app: InProcess) -> None:
    biz = await sign_up(app.client)
    second = await add_calendar(app.client, biz)
    made = await app.client.post(
        "/api/v1/customers",
        json={"first_name": "Otto", "last_name": "Weber", "email": "otto-closure@example.com"},
        headers=biz.auth,
    )
    otto = made.json()["id"]
    first = days_ahead(5)
    ids = {
        (await book(app.client, biz, at(first, 9), customer_id=otto))["id"],
        (await book(app.client, biz, at(first + timedelta(days=1), 9), customer_id=otto))["id"],
        (await book(app.client, biz, at(first, 9), staff_id=second, email="ina@example.com"))["id"],
    }
    vacation = {
        "kind": "vacation",
        "start": first.isoformat(),
        "end": (first + timedelta(days=1)).isoformat(),
    }

    preview = await close(app.client, biz, **vacation)
    assert preview.status_code == 409
    assert {a["id"] for a in preview.json()["error"]["appointments"]} == ids

    response = await close(app.client, biz, **vacation, confirm=True, message="Betriebsurlaub.")
    assert response.status_code == 201, response.text
    assert response.json()["staff_id"] is None
    [letter] = [
        m for m in await mails_to(app.client, "otto-closure@example.com") if "abgesagt" in m["subject"]
    ]
    assert letter["subject"] == "2 Termine abgesagt"
    assert letter["body"].startswith("Hallo Otto,") and letter["body"].count("Behandlung am") == 2
    assert len([m for m in await mails_to(app.client, "ina@example.com") if "abgesagt" in m["subject"]]) == 1
    statuses = await listed(app.client, biz, first, first + timedelta(days=1))
    assert set(statuses.values()) == {"cancelled"}


async def add_calendar(client: httpx.AsyncClient, biz: Business, *, service_id: str | None = None) -> str:
    """A second calendar that offers the business's service (or the one named), bookable all day,
    every day."""
    made = await client.post("/api/v1/staff", json={"name": "Lena"}, headers=biz.auth)
    assert made.status_code == 201, made.text
    staff_id = str(made.json()["id"])
    every_day = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    response = await client.put(
        f"/api/v1/staff/{staff_id}/hours",
        json={"location_id": biz.location_id, "weekly": every_day},
        headers=biz.auth,
    )
    assert response.status_code == 200, response.text
    offered = {"staff_ids": [biz.staff_id, staff_id]} if service_id is None else {"staff_ids": [staff_id]}
    changed = await client.patch(
        f"/api/v1/services/{service_id or biz.service_id}", json=offered, headers=biz.auth
    )
    assert changed.status_code == 200, changed.text
    return staff_id


async def test_without_anything_in_the_way_the_closure_is_written_and_can_be_removed(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    day = days_ahead(4)
    pause = {
        "kind": "pause",
        "staff_id": biz.staff_id,
        "start": at(day, 12).isoformat(),
        "end": at(day, 13, 30).isoformat(),
        "note": "Mittag",
    }
    heard.events.clear()
    response = await close(app.client, biz, **pause, confirm=False)
    assert response.status_code == 201, response.text
    closure = response.json()
    assert (closure["kind"], closure["all_day"], closure["note"]) == ("pause", False, "Mittag")
    assert datetime.fromisoformat(closure["start"]) == at(day, 12)
    assert closure["start"] == at(day, 12).isoformat()  # written in the business's offset
    found = await app.client.get(
        "/api/v1/closures", params={"from": day.isoformat(), "to": day.isoformat()}, headers=biz.auth
    )
    assert found.json() == {"closures": [closure]}
    elsewhere = await app.client.get(
        "/api/v1/closures",
        params={"from": (day + timedelta(days=1)).isoformat(), "to": (day + timedelta(days=2)).isoformat()},
        headers=biz.auth,
    )
    assert elsewhere.json() == {"closures": []}
    assert heard.names() == ["closure.created", "availability.changed"]

    assert (await app.client.delete(f"/api/v1/closures/{closure['id']}", headers=biz.auth)).status_code == 204
    assert heard.events[-2:] == [("closure.deleted", closure), ("availability.changed", {})]
    found = await app.client.get(
        "/api/v1/closures", params={"from": day.isoformat(), "to": day.isoformat()}, headers=biz.auth
    )
    assert found.json() == {"closures": []}
    again = await app.client.delete(f"/api/v1/closures/{closure['id']}", headers=biz.auth)
    assert again.status_code == 404


async def test_closures_shut_online_slots_for_their_calendar_or_the_whole_business(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    second = await add_calendar(app.client, biz)
    service = await app.client.post(
        "/api/v1/services",
        json={"name": "Massage", "duration_minutes": 30, "staff_ids": [biz.staff_id, second]},
        headers=biz.auth,
    )
    service_id = service.json()["id"]
    day = days_ahead(6)
    before = await slot_starts(app.client, biz, day, service_id)
    assert before[at(day, 9)] == [biz.staff_id, second]

    sick = await close(
        app.client, biz, kind="sick", staff_id=biz.staff_id, start=day.isoformat(), end=day.isoformat()
    )
    assert sick.status_code == 201, sick.text
    one_closed = await slot_starts(app.client, biz, day, service_id)
    assert set(one_closed) == set(before)
    assert {tuple(staff_ids) for staff_ids in one_closed.values()} == {(second,)}

    pause = await close(
        app.client, biz, kind="pause", start=at(day, 10).isoformat(), end=at(day, 12).isoformat()
    )
    assert pause.status_code == 201, pause.text
    both_closed = await slot_starts(app.client, biz, day, service_id)
    assert at(day, 9, 30) in both_closed and at(day, 12) in both_closed
    assert not [s for s in both_closed if at(day, 9, 45) <= s < at(day, 12)]

    await app.client.delete(f"/api/v1/closures/{sick.json()['id']}", headers=biz.auth)
    reopened = await slot_starts(app.client, biz, day, service_id)
    assert reopened[at(day, 9)] == [biz.staff_id, second]
    assert at(day, 10) not in reopened


async def test_desk_bookings_and_holds_cannot_go_into_a_closure(app: InProcess) -> None:
    biz = await sign_up(app.client)
    made = await app.client.post(
        "/api/v1/services", json={"name": "Lymphdrainage", "duration_minutes": 30}, headers=biz.auth
    )
    assert made.status_code == 201, made.text
    own_service = str(made.json()["id"])
    second = await add_calendar(app.client, biz, service_id=own_service)
    day = days_ahead(2)
    early = await book(app.client, biz, at(day, 9, 30))
    pause = await close(
        app.client,
        biz,
        kind="pause",
        staff_id=biz.staff_id,
        start=at(day, 10).isoformat(),
        end=at(day, 11).isoformat(),
    )
    assert pause.status_code == 201, pause.text
    body = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": at(day, 9, 45).isoformat(),
        "new_customer": {"first_name": "Max", "last_name": "Muster"},
    }
    refused = await app.client.post("/api/v1/appointments", json=body, headers=biz.auth)
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["code"] == "slot_taken"
    assert error["conflicts"] == [
        {
            "type": "appointment",
            "id": early["id"],
            "start": at(day, 9, 30).isoformat(),
            "end": at(day, 10).isoformat(),
            "status": "booked",
        },
        {
            "type": "closure",
            "id": pause.json()["id"],
            "start": at(day, 10).isoformat(),
            "end": at(day, 11).isoformat(),
            "kind": "pause",
            "staff_id": biz.staff_id,
        },
    ]
    inside = body | {"start": at(day, 10, 30).isoformat()}
    refused = await app.client.post("/api/v1/appointments", json=inside, headers=biz.auth)
    assert [c["type"] for c in refused.json()["error"]["conflicts"]] == ["closure"]
    other_calendar = await app.client.post(
        "/api/v1/appointments",
        json=inside | {"staff_id": second, "service_id": own_service},
        headers=biz.auth,
    )
    assert other_calendar.status_code == 201, other_calendar.text

    _, token = await customer(app.client)
    held = await hold(app.client, biz, token, at(day, 10, 15))
    assert held.status_code == 400, held.text
    assert (held.json()["error"]["code"], held.json()["error"]["reason"]) == ("not_bookable", "closed")

    whole = await close(
        app.client, biz, kind="sick", start=(day + timedelta(days=1)).isoformat(),
        end=(day + timedelta(days=1)).isoformat(),
    )  # fmt: skip
    assert whole.status_code == 201, whole.text
    next_day = inside | {
        "staff_id": second,
        "service_id": own_service,
        "start": at(day + timedelta(days=1), 10).isoformat(),
    }
    refused = await app.client.post("/api/v1/appointments", json=next_day, headers=biz.auth)
    assert refused.status_code == 409
    assert refused.json()["error"]["conflicts"][0]["staff_id"] is None


async def test_the_database_refuses_an_appointment_inside_a_closure(app: InProcess) -> None:
    biz = await sign_up(app.client)
    day = days_ahead(2)
    made = await book(app.client, biz, at(day, 8))
    response = await close(
        app.client, biz, kind="vacation", start=(day + timedelta(days=1)).isoformat(),
        end=(day + timedelta(days=2)).isoformat(),
    )  # fmt: skip
    assert response.status_code == 201, response.text
    now = datetime.now(UTC)
    row = {
        "tenant_id": biz.tenant_id,
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "status": "booked",
        "source": "desk",
        "created_at": now,
        "updated_at": now,
    }
    inside = at(day + timedelta(days=2), 23, 30)
    with pytest.raises(SlotTaken):
        async with app.deps.store.write() as conn:
            await conn.execute(
                insert(appointments).values(
                    id="x" * 32, start_at=inside, end_at=inside + timedelta(minutes=30), **row
                )
            )
    with pytest.raises(SlotTaken):  # nor may one be moved into it behind the API's back
        async with app.deps.store.write() as conn:
            await conn.execute(
                appointments.update()
                .where(appointments.c.id == made["id"])
                .values(start_at=inside, end_at=inside + timedelta(minutes=30))
            )
    with pytest.raises(IntegrityError):  # and none lasts longer than a day, which range reads rely on
        async with app.deps.store.write() as conn:
            later = at(day + timedelta(days=20), 8)
            await conn.execute(
                insert(appointments).values(
                    id="z" * 32, start_at=later, end_at=later + timedelta(hours=25), **row
                )
            )
    async with app.deps.store.write() as conn:  # a cancelled one is history and may lie there
        await conn.execute(
            insert(appointments).values(
                id="y" * 32,
                start_at=inside,
                end_at=inside + timedelta(minutes=30),
                **(row | {"status": "cancelled"}),
            )
        )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param({"kind": "holiday"}, 400, "invalid_kind", id="kind"),
        pytest.param({"kind": None}, 400, "missing_field", id="no-kind"),
        pytest.param({"end": -1}, 400, "invalid_range", id="end-before-start"),
        pytest.param({"end": 366}, 400, "invalid_range", id="longer-than-366-days"),
        pytest.param({"start": "2030-01-01T00:00:00+01:00"}, 400, "invalid_date", id="time-for-sick"),
        pytest.param({"start": None}, 400, "missing_field", id="no-start"),
        pytest.param({"kind": "pause"}, 400, "invalid_time", id="dates-for-pause"),
        pytest.param({"kind": "pause", "end": "same"}, 400, "invalid_range", id="pause-not-after"),
        pytest.param({"kind": "pause", "end": "naive"}, 400, "invalid_time", id="pause-no-offset"),
        pytest.param({"staff_id": "0" * 32}, 404, "not_found", id="unknown-calendar"),
        pytest.param({"staff_id": "theirs"}, 404, "not_found", id="another-business-calendar"),
        pytest.param({"confirm": "yes"}, 400, "invalid_field", id="confirm-not-bool"),
        pytest.param({"message": 5}, 400, "invalid_field", id="message-not-text"),
    ],
)
async def test_closure_input_is_checked(app: InProcess, body: dict[str, Any], status: int, code: str) -> None:
    biz, theirs = await sign_up(app.client), await sign_up(app.client)
    day = days_ahead(10)
    request: dict[str, Any] = {"kind": "sick", "start": day.isoformat(), "end": day.isoformat()}
    request.update(body)
    if isinstance(request["end"], int):
        request["end"] = (day + timedelta(days=request["end"])).isoformat()
    if request["kind"] == "pause" and "end" in body:
        request["start"] = at(day, 10).isoformat()
        request["end"] = {"same": at(day, 10).isoformat(), "naive": "2030-01-01T11:00:00"}[body["end"]]
    if request.get("staff_id") == "theirs":
        request["staff_id"] = theirs.staff_id
    request = {k: v for k, v in request.items() if v is not None}
    response = await close(app.client, biz, **request)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    listed_closures = await app.client.get(
        "/api/v1/closures", params={"from": day.isoformat(), "to": day.isoformat()}, headers=biz.auth
    )
    assert listed_closures.json() == {"closures": []}


async def test_a_closure_of_exactly_366_days_is_allowed_and_ids_stay_within_the_business(
    app: InProcess,
) -> None:
    biz, theirs = await sign_up(app.client), await sign_up(app.client)
    day = days_ahead(20)
    long = await close(
        app.client, biz, kind="vacation", start=day.isoformat(), end=(day + timedelta(days=365)).isoformat()
    )
    assert long.status_code == 201, long.text
    closure_id = long.json()["id"]
    assert (await app.client.delete(f"/api/v1/closures/{closure_id}", headers=theirs.auth)).status_code == 404
    seen = await app.client.get(
        "/api/v1/closures", params={"from": day.isoformat(), "to": day.isoformat()}, headers=theirs.auth
    )
    assert seen.json() == {"closures": []}
    mine = await app.client.get(
        "/api/v1/closures",
        params={"from": day.isoformat(), "to": day.isoformat(), "staff_id": biz.staff_id},
        headers=biz.auth,
    )
    assert [c["id"] for c in mine.json()["closures"]] == [closure_id]


async def test_every_staff_and_public_route_is_in_the_openapi_description(app: InProcess) -> None:
    spec = (await app.client.get("/api/v1/openapi.json")).json()
    for route in [*staff.api.routes(), *public.api.routes()]:
        assert route.path in spec["paths"], route.path
        assert route.methods is not None, route.path
        for method in route.methods - {"HEAD"}:
            assert method.lower() in spec["paths"][route.path], (method, route.path)


async def test_a_sick_day_entered_at_noon_leaves_the_morning_as_it_was(database_url: str) -> None:
    clock = Clock()
    async with in_process(settings_for(database_url), clock=clock) as app:
        biz = await sign_up(app.client)
        day = days_ahead(1)
        morning = await book(app.client, biz, at(day, 9))
        running = await book(app.client, biz, at(day, 11, 45))
        afternoon = await book(app.client, biz, at(day, 15))
        clock.offset = at(day, 12) - datetime.now(UTC)

        sick = {"kind": "sick", "start": day.isoformat(), "end": day.isoformat()}
        preview = await close(app.client, biz, **sick)
        assert preview.status_code == 409
        assert [a["id"] for a in preview.json()["error"]["appointments"]] == [running["id"], afternoon["id"]]
        confirmed = await close(app.client, biz, **sick, confirm=True)
        assert confirmed.status_code == 201, confirmed.text
        assert confirmed.json()["start"] == at(day, 0).isoformat()  # the closure keeps its whole day
        assert await listed(app.client, biz, day, day) == {
            morning["id"]: "booked",
            running["id"]: "cancelled",
            afternoon["id"]: "cancelled",
        }
