"""One server with the in-process realtime layer: who may join which room, and what each room hears."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from testkit.app import ServerProcess
from testkit.flows import code_for, customer, sign_up
from testkit.sockets import Listener, Received, desk_booking, hold, listening, refusal, tomorrow_at

APPOINTMENT_KEYS = {
    "id", "staff_id", "location_id", "service_id", "customer_id", "customer_name", "start", "end",
    "status", "note",
}  # fmt: skip
SLOT_KEYS = {"location_id", "staff_id", "start", "end", "state"}


@pytest.fixture
async def client(single: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=single.url, timeout=30) as http:
        yield http


def calendar_events(staff: Listener) -> list[Received]:
    """What a staff room heard about appointments and holds (it also hears of customer records)."""
    return [e for e in staff.events if e.name.startswith(("appointment.", "hold."))]


def assert_no_personal_data(public: Listener, *secrets: str) -> None:
    """Every public payload has exactly the slot keys, and nothing of anyone's data, anywhere."""
    assert public.events, "the booking page heard nothing"
    for event in public.events:
        assert event.name == "slots.changed"
        assert set(event.payload) == SLOT_KEYS
        text = json.dumps(event.payload)
        for secret in secrets:
            assert secret not in text, (secret, event.payload)


async def test_staff_and_booking_page_follow_holds_and_bookings(
    single: ServerProcess, client: httpx.AsyncClient
) -> None:
    biz = await sign_up(client)
    email, token = await customer(client, "Clara")
    first, second, desk_start = tomorrow_at(9), tomorrow_at(11), tomorrow_at(14)
    async with (
        listening(single.url, {"token": biz.token}) as staff,
        listening(single.url, {"slug": biz.slug}) as public,
    ):
        held = await hold(client, biz, token, first)
        assert held.status_code == 201, held.text
        hold_id = held.json()["id"]
        created = (await staff.wait_for("hold.created", lambda a: a["id"] == hold_id)).payload
        assert APPOINTMENT_KEYS <= set(created)
        assert created["status"] == "held"
        assert (created["staff_id"], created["location_id"], created["service_id"]) == (
            biz.staff_id, biz.location_id, biz.service_id,
        )  # fmt: skip
        assert created["start"] == held.json()["start"] and created["end"] == held.json()["end"]
        assert created["customer_name"] == "Clara Kundin"
        await public.wait_for("slots.changed", lambda s: s["state"] == "held")

        code = await code_for(client, email)
        confirmed = await client.post(
            f"/api/v1/public/holds/{hold_id}/confirm",
            json={"code": code},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert confirmed.status_code == 200, confirmed.text
        booked = (await staff.wait_for("hold.confirmed", lambda a: a["id"] == hold_id)).payload
        assert booked["status"] == "booked"
        await public.wait_for(
            "slots.changed", lambda s: s["state"] == "booked" and s["start"] == created["start"]
        )

        again = await hold(client, biz, token, second)
        assert again.status_code == 201, again.text
        second_id = again.json()["id"]
        gone = await client.delete(
            f"/api/v1/public/holds/{second_id}", headers={"Authorization": f"Bearer {token}"}
        )
        assert gone.status_code == 204
        released = (await staff.wait_for("hold.released", lambda a: a["id"] == second_id)).payload
        assert released["status"] == "released"
        await public.wait_for(
            "slots.changed", lambda s: s["state"] == "free" and s["start"] == again.json()["start"]
        )

        note = "Knie links, privat"
        desk = await desk_booking(
            client,
            biz,
            desk_start,
            note=note,
            new_customer={"first_name": "Maria", "last_name": "Huber", "email": "maria@example.com"},
        )
        assert desk.status_code == 201, desk.text
        made = (await staff.wait_for("appointment.created", lambda a: a["id"] == desk.json()["id"])).payload
        assert made == desk.json()
        assert (made["status"], made["customer_name"], made["note"]) == ("booked", "Maria Huber", note)
        await public.wait_for(
            "slots.changed", lambda s: s["state"] == "booked" and s["start"] == made["start"]
        )

    assert [(e.name, e.payload["id"]) for e in calendar_events(staff)] == [
        ("hold.created", hold_id),
        ("hold.confirmed", hold_id),
        ("hold.created", second_id),
        ("hold.released", second_id),
        ("appointment.created", made["id"]),
    ]
    assert [e.payload["state"] for e in public.events] == ["held", "booked", "held", "free", "booked"]
    for event in public.events:
        assert (event.payload["staff_id"], event.payload["location_id"]) == (biz.staff_id, biz.location_id)
    assert_no_personal_data(
        public, email, "Clara", "Kundin", "Maria", "Huber", "maria@example.com", note,
        hold_id, second_id, made["id"], made["customer_id"], booked["customer_id"],
    )  # fmt: skip


async def test_a_calendar_that_applies_the_events_equals_a_reload(
    single: ServerProcess, client: httpx.AsyncClient
) -> None:
    """Convergence: an empty calendar plus every staff event equals the list the API gives."""
    biz = await sign_up(client)
    (email, token), (_, other) = await customer(client, "Ida"), await customer(client, "Olga")
    day = tomorrow_at(8)
    async with listening(single.url, {"token": biz.token}) as staff:
        first = (await hold(client, biz, token, day)).json()
        await hold(client, biz, other, day + timedelta(hours=1))
        code = await code_for(client, email)
        await client.post(
            f"/api/v1/public/holds/{first['id']}/confirm",
            json={"code": code},
            headers={"Authorization": f"Bearer {token}"},
        )
        # Holding another time lets this customer's pending hold go (one per business).
        await hold(client, biz, other, day + timedelta(hours=2))
        last = await desk_booking(client, biz, day + timedelta(hours=3))
        await staff.wait_for("appointment.created", lambda a: a["id"] == last.json()["id"])

    view: dict[str, dict[str, Any]] = {}
    for event in calendar_events(staff):
        if event.name == "hold.released":
            view.pop(event.payload["id"], None)
        else:
            view[event.payload["id"]] = event.payload
    listed = await client.get(
        "/api/v1/appointments",
        params={"from": day.date().isoformat(), "to": day.date().isoformat()},
        headers=biz.auth,
    )
    assert listed.status_code == 200, listed.text
    assert view == {a["id"]: a for a in listed.json()["appointments"]}
    assert [a["status"] for a in sorted(view.values(), key=lambda a: a["start"])] == [
        "booked", "held", "booked",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "auth",
    [
        pytest.param({"token": "not-a-token"}, id="bad-token"),
        pytest.param({"token": ""}, id="empty-token"),
        pytest.param({"slug": "no-such-business"}, id="unknown-slug"),
        pytest.param(None, id="no-auth"),
        pytest.param({}, id="empty-auth"),
    ],
)
async def test_a_connection_without_a_valid_token_or_slug_is_refused(
    single: ServerProcess, auth: Any
) -> None:
    assert await refusal(single.url, auth) is not None


async def test_a_customer_token_does_not_open_the_staff_room(
    single: ServerProcess, client: httpx.AsyncClient
) -> None:
    _, token = await customer(client, "Eva")
    assert await refusal(single.url, {"token": token}) is not None


async def test_one_business_never_hears_another(single: ServerProcess, client: httpx.AsyncClient) -> None:
    ours, theirs = await sign_up(client), await sign_up(client)
    _, token = await customer(client, "Nina")
    start = tomorrow_at(10)
    async with (
        listening(single.url, {"token": ours.token}) as our_staff,
        listening(single.url, {"slug": ours.slug}) as our_page,
        listening(single.url, {"token": theirs.token}) as their_staff,
        listening(single.url, {"slug": theirs.slug}) as their_page,
    ):
        held = await hold(client, theirs, token, start)
        assert held.status_code == 201, held.text
        assert (await desk_booking(client, theirs, start + timedelta(hours=1))).status_code == 201
        await their_staff.wait_for("appointment.created")
        await their_page.wait_for("slots.changed", lambda s: s["state"] == "booked")
        # Events of one process leave in order: once ours arrive, theirs would have arrived too.
        mine = await desk_booking(client, ours, start)
        assert mine.status_code == 201, mine.text
        await our_staff.wait_for("appointment.created")
        await our_page.wait_for("slots.changed")

    assert [e.name for e in calendar_events(their_staff)] == ["hold.created", "appointment.created"]
    assert [(e.name, e.payload["id"]) for e in calendar_events(our_staff)] == [
        ("appointment.created", mine.json()["id"])
    ]
    records = {e.payload["customer_id"] for e in our_staff.named("customer.changed")}
    assert records <= {mine.json()["customer_id"]}
    assert [e.payload["staff_id"] for e in our_page.events] == [ours.staff_id]
    assert {e.payload["staff_id"] for e in their_page.events} == {theirs.staff_id}
