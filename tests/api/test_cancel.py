"""The desk changes appointments: cancel, move (drag and drop), and answer booking requests."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from store.schema import outbox
from testkit.app import InProcess
from testkit.flows import Business, code_for, customer, mails_to, sign_up
from testkit.stand_ins import Heard

VIENNA = ZoneInfo("Europe/Vienna")


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIENNA)


async def book(
    client: httpx.AsyncClient, biz: Business, start: datetime, email: str = "", **extra: Any
) -> dict[str, Any]:
    body = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.isoformat(),
        "new_customer": {"first_name": "Eva", "last_name": "Berger", "email": email},
    } | extra
    response = await client.post("/api/v1/appointments", json=body, headers=biz.auth)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def post(client: httpx.AsyncClient, biz: Business, path: str, **body: Any) -> httpx.Response:
    return await client.post(f"/api/v1/appointments/{path}", json=body, headers=biz.auth)


async def patch(client: httpx.AsyncClient, biz: Business, appointment_id: str, **body: Any) -> httpx.Response:
    return await client.patch(f"/api/v1/appointments/{appointment_id}", json=body, headers=biz.auth)


async def slot_starts(client: httpx.AsyncClient, biz: Business, day: date) -> set[datetime]:
    response = await client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "from": day.isoformat(),
            "to": day.isoformat(),
        },
    )
    assert response.status_code == 200, response.text
    return {datetime.fromisoformat(s["start"]) for s in response.json()["slots"]}


async def outbox_kinds(app: InProcess, tenant_id: str) -> list[str]:
    async with app.deps.store.read() as conn:
        rows = await conn.execute(
            select(outbox.c.kind).where(outbox.c.tenant_id == tenant_id).order_by(outbox.c.created_at)
        )
        return list(rows.scalars().all())


def slot_event(view: dict[str, Any], state: str) -> tuple[str, dict[str, Any]]:
    keys = ("location_id", "staff_id", "start", "end")
    return ("slots.changed", {key: view[key] for key in keys} | {"state": state})


async def test_cancelling_frees_the_slot_and_tells_the_customer(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    start = at(2, 10)
    made = await book(app.client, biz, start, email="eva-cancel@example.com")
    assert start not in await slot_starts(app.client, biz, start.date())
    heard.events.clear()

    response = await post(app.client, biz, f"{made['id']}/cancel", message="Die Praxis ist zu.")
    assert response.status_code == 200, response.text
    cancelled = response.json()
    assert cancelled == made | {"status": "cancelled"}
    assert heard.events == [("appointment.cancelled", cancelled), slot_event(made, "free")]
    letter, confirmation = await mails_to(app.client, "eva-cancel@example.com")  # newest first
    assert confirmation["subject"].startswith("Termin bestätigt: Behandlung am ")
    assert letter["subject"].startswith("Termin abgesagt: Behandlung am ")
    assert "Die Praxis ist zu." in letter["body"] and letter["body"].startswith("Hallo Eva,")
    assert start in await slot_starts(app.client, biz, start.date())

    again = await post(app.client, biz, f"{made['id']}/cancel")
    assert again.status_code == 200 and again.json()["status"] == "cancelled"
    assert len(await mails_to(app.client, "eva-cancel@example.com")) == 2

    silent = await book(app.client, biz, at(2, 12))
    assert (await post(app.client, biz, f"{silent['id']}/cancel")).status_code == 200
    assert await outbox_kinds(app, biz.tenant_id) == [
        "owner_verification",  # of the sign-up
        "booking_confirmed",
        "appointment_cancelled",
    ]


async def test_cancelling_a_pending_hold_releases_it(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    start = at(3, 9)
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert held.status_code == 201, held.text
    response = await post(app.client, biz, f"{held.json()['id']}/cancel")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "released"
    assert [name for name, _ in heard.events][-2:] == ["hold.released", "slots.changed"]
    assert start in await slot_starts(app.client, biz, start.date())
    confirm = await app.client.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm",
        json={"code": await code_for(app.client, email)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert confirm.status_code == 410
    gone = await post(app.client, biz, f"{held.json()['id']}/cancel")
    assert gone.status_code == 410 and gone.json()["error"]["code"] == "hold_released"


async def test_moving_rechecks_the_target_and_mails_the_message(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    made = await book(app.client, biz, at(2, 10), email="eva-move@example.com", note="Knie")
    other = await book(app.client, biz, at(2, 14))
    heard.events.clear()

    later = at(2, 16, 15)
    response = await patch(app.client, biz, made["id"], start=later.isoformat(), message="Bis später!")
    assert response.status_code == 200, response.text
    moved = response.json()
    assert (moved["start"], moved["end"]) == (later.isoformat(), (later + timedelta(minutes=30)).isoformat())
    assert moved["note"] == "Knie" and moved["status"] == "booked"
    assert heard.events == [
        ("appointment.updated", moved),
        slot_event(made, "free"),
        slot_event(moved, "booked"),
    ]
    [letter] = [m for m in await mails_to(app.client, "eva-move@example.com") if "verschoben" in m["subject"]]
    assert letter["subject"] == f"Termin verschoben: Behandlung am {later.strftime('%d.%m.%Y um %H:%M Uhr')}"
    assert "Bisher:   " + at(2, 10).strftime("%d.%m.%Y um %H:%M Uhr") in letter["body"]
    assert "Bis später!" in letter["body"]
    starts = await slot_starts(app.client, biz, later.date())
    assert at(2, 10) in starts and later not in starts

    quiet = await patch(app.client, biz, made["id"], start=at(2, 17).isoformat(), notify=False)
    assert quiet.status_code == 200, quiet.text
    moves = [m for m in await mails_to(app.client, "eva-move@example.com") if "verschoben" in m["subject"]]
    assert len(moves) == 1  # told not to, the desk mails nothing

    taken = await patch(app.client, biz, made["id"], start=at(2, 13, 45).isoformat())
    assert taken.status_code == 409, taken.text
    assert taken.json()["error"]["code"] == "slot_taken"
    assert taken.json()["error"]["conflicts"] == [
        {"type": "appointment", "id": other["id"], "start": other["start"], "end": other["end"],
         "status": "booked"},
    ]  # fmt: skip
    past = await patch(
        app.client, biz, made["id"], start=(datetime.now(UTC) - timedelta(hours=1)).isoformat()
    )
    assert past.status_code == 400 and past.json()["error"]["code"] == "in_past"

    heard.events.clear()
    noted = await patch(app.client, biz, made["id"], note="Knie rechts")
    assert noted.status_code == 200 and noted.json()["note"] == "Knie rechts"
    assert noted.json()["start"] == at(2, 17).isoformat()
    assert [name for name, _ in heard.events] == ["appointment.updated"]


async def test_moving_to_another_calendar_outside_opening_hours(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    weekdays = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    await app.client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": weekdays}, headers=biz.auth
    )
    second = (await app.client.post("/api/v1/staff", json={"name": "Lena"}, headers=biz.auth)).json()["id"]
    both = {"staff_ids": [biz.staff_id, second]}
    await app.client.patch(f"/api/v1/services/{biz.service_id}", json=both, headers=biz.auth)
    made = await book(app.client, biz, at(3, 10))
    blocker = await book(app.client, biz, at(3, 20), staff_id=second)
    heard.events.clear()

    evening = at(3, 21)
    response = await patch(app.client, biz, made["id"], start=evening.isoformat(), staff_id=second)
    assert response.status_code == 200, response.text
    moved = response.json()
    assert (moved["staff_id"], moved["start"]) == (second, evening.isoformat())
    assert heard.events[1:] == [slot_event(made, "free"), slot_event(moved, "booked")]

    onto = await patch(app.client, biz, made["id"], start=blocker["start"])
    assert onto.status_code == 409 and onto.json()["error"]["conflicts"][0]["id"] == blocker["id"]
    back = await patch(app.client, biz, made["id"], staff_id=biz.staff_id)
    assert back.status_code == 200 and back.json()["staff_id"] == biz.staff_id


async def test_moving_into_a_closure_is_refused(app: InProcess) -> None:
    biz = await sign_up(app.client)
    made = await book(app.client, biz, at(2, 9))
    pause = await app.client.post(
        "/api/v1/closures",
        json={"kind": "pause", "start": at(2, 12).isoformat(), "end": at(2, 13).isoformat()},
        headers=biz.auth,
    )
    assert pause.status_code == 201, pause.text
    refused = await patch(app.client, biz, made["id"], start=at(2, 12, 15).isoformat())
    assert refused.status_code == 409
    assert refused.json()["error"]["conflicts"] == [
        {"type": "closure", "id": pause.json()["id"], "start": at(2, 12).isoformat(),
         "end": at(2, 13).isoformat(), "kind": "pause", "staff_id": None},
    ]  # fmt: skip


async def test_two_moves_onto_one_time_without_locks_meet_the_database_guard(app: InProcess) -> None:
    biz = await sign_up(app.client)
    first, second = await book(app.client, biz, at(4, 9)), await book(app.client, biz, at(4, 11))
    target = at(4, 15).isoformat()
    responses = await asyncio.gather(
        patch(app.client, biz, first["id"], start=target),
        patch(app.client, biz, second["id"], start=target),
    )
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"slot_taken"}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param({"start": "tomorrow"}, 400, "invalid_time", id="start"),
        pytest.param({"staff_id": 5}, 400, "invalid_field", id="staff-type"),
        pytest.param({"staff_id": "0" * 32}, 404, "not_found", id="unknown-calendar"),
        pytest.param({"note": ["x"]}, 400, "invalid_field", id="note-type"),
        pytest.param({"message": 1}, 400, "invalid_field", id="message-type"),
    ],
)
async def test_move_input_is_checked(app: InProcess, body: dict[str, Any], status: int, code: str) -> None:
    biz = await sign_up(app.client)
    made = await book(app.client, biz, at(2, 9))
    response = await patch(app.client, biz, made["id"], **body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


async def test_another_business_appointment_is_not_found(app: InProcess) -> None:
    mine, theirs = await sign_up(app.client), await sign_up(app.client)
    made = await book(app.client, theirs, at(2, 9))
    for appointment_id in (made["id"], "0" * 32):
        for verb in ("cancel", "accept", "decline"):
            response = await post(app.client, mine, f"{appointment_id}/{verb}")
            assert response.status_code == 404, (verb, response.text)
            assert response.json()["error"]["code"] == "not_found"
        response = await patch(app.client, mine, appointment_id, start=at(3, 9).isoformat())
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    moved_into_mine = await patch(app.client, theirs, made["id"], staff_id=mine.staff_id)
    assert moved_into_mine.status_code == 404
    listed = await app.client.get(
        "/api/v1/appointments",
        params={"from": at(2, 0).date().isoformat(), "to": at(2, 0).date().isoformat()},
        headers=theirs.auth,
    )
    assert [(a["id"], a["status"]) for a in listed.json()["appointments"]] == [(made["id"], "booked")]


async def requested(app: InProcess, biz: Business, start: datetime) -> tuple[str, str]:
    """A customer's online booking in request mode; returns (appointment id, customer e-mail)."""
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers=auth,
    )
    assert held.status_code == 201, held.text
    done = await app.client.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm",
        json={"code": await code_for(app.client, email)},
        headers=auth,
    )
    assert done.json()["status"] == "requested", done.text
    return held.json()["id"], email


async def test_accepting_and_declining_booking_requests(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client, booking_mode="request")
    first, first_email = await requested(app, biz, at(2, 9))
    second, second_email = await requested(app, biz, at(2, 11))
    heard.events.clear()

    accepted = await post(app.client, biz, f"{first}/accept", message="Bitte 5 Minuten früher kommen.")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "booked"
    assert heard.events == [("appointment.updated", accepted.json()), slot_event(accepted.json(), "booked")]
    letter = (await mails_to(app.client, first_email))[0]
    assert letter["subject"].startswith("Termin bestätigt: Behandlung am ")
    assert "Bitte 5 Minuten früher kommen." in letter["body"]

    heard.events.clear()
    declined = await post(app.client, biz, f"{second}/decline")
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "cancelled"
    assert heard.events == [("appointment.cancelled", declined.json()), slot_event(declined.json(), "free")]
    letter = (await mails_to(app.client, second_email))[0]
    assert letter["subject"].startswith("Terminanfrage abgelehnt: Behandlung am ")
    assert at(2, 11) in await slot_starts(app.client, biz, at(2, 11).date())

    for appointment_id, verb in ((first, "accept"), (first, "decline"), (second, "accept")):
        again = await post(app.client, biz, f"{appointment_id}/{verb}")
        assert again.status_code == 409, again.text
        assert again.json()["error"]["code"] == "not_requested"
    desk = await book(app.client, biz, at(2, 15))
    assert (await post(app.client, biz, f"{desk['id']}/accept")).status_code == 409
