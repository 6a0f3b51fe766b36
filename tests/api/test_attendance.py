"""Whether the customer came: marked attended or a no-show once the start has come, undone, counted
in the customer's record; a walk-in documented afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, join_team, sign_up
from testkit.stand_ins import Clock, Heard
from tests.api.test_appointment_changes import booked, customer_id, history


@pytest.fixture
async def timed_app(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url), clock=clock) as running:
        yield running


def soon(minutes: int) -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=minutes)


async def mark(client: httpx.AsyncClient, biz: Business, appointment_id: str, value: Any) -> httpx.Response:
    return await client.put(
        f"/api/v1/appointments/{appointment_id}/attendance", json={"attendance": value}, headers=biz.auth
    )


async def test_a_no_show_once_the_start_has_come_counted_in_the_record_and_undone(
    timed_app: InProcess, clock: Clock
) -> None:
    heard = Heard()
    timed_app.deps.realtime = heard  # type: ignore[assignment]
    client = timed_app.client
    biz = await sign_up(client)
    eva = await customer_id(client, biz, "Eva")
    appointment_id = await booked(client, biz, soon(60), eva)

    early = await mark(client, biz, appointment_id, "no_show")
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_started"

    clock.offset = timedelta(minutes=65)
    missed = await mark(client, biz, appointment_id, "no_show")
    assert missed.status_code == 200, missed.text
    assert missed.json()["attendance"] == "no_show"
    assert ("appointment.updated", missed.json()) in heard.events
    record = (await client.get(f"/api/v1/customers/{eva}", headers=biz.auth)).json()
    assert record["attendance"]["attended"] == 0 and record["attendance"]["no_show"] == 1
    assert [a["id"] for a in record["attendance"]["no_shows"]] == [appointment_id]
    listed = await client.get(
        "/api/v1/appointments", params={"from": soon(0).date().isoformat()}, headers=biz.auth
    )
    assert [a["attendance"] for a in listed.json()["appointments"]] == ["no_show"]

    came = await mark(client, biz, appointment_id, "attended")
    assert came.status_code == 200 and came.json()["attendance"] == "attended"
    undone = await mark(client, biz, appointment_id, None)
    assert undone.status_code == 200 and undone.json()["attendance"] is None
    again = await mark(client, biz, appointment_id, None)
    assert again.status_code == 200
    lines = [e["action"] for e in await history(client, biz, appointment_id)]
    assert lines == ["booked", "no_show", "attended", "unmarked"]
    record = (await client.get(f"/api/v1/customers/{eva}", headers=biz.auth)).json()
    assert record["attendance"] == {"attended": 0, "no_show": 0, "no_shows": []}


async def test_only_booked_appointments_and_known_values(app: InProcess) -> None:
    biz = await sign_up(app.client)
    eva = await customer_id(app.client, biz, "Eva")
    walk_in = await booked(app.client, biz, soon(-90), eva, walk_in=True)
    assert (
        await app.client.post(f"/api/v1/appointments/{walk_in}/cancel", json={}, headers=biz.auth)
    ).status_code == 200
    cancelled = await mark(app.client, biz, walk_in, "no_show")
    assert cancelled.status_code == 409
    assert cancelled.json()["error"]["code"] == "not_attendable"
    assert cancelled.json()["error"]["status"] == "cancelled"
    for wrong in ("maybe", 1):
        refused = await mark(app.client, biz, walk_in, wrong)
        assert refused.status_code == 400
    unknown = await mark(app.client, biz, "0" * 32, "attended")
    assert unknown.status_code == 404


async def test_marking_takes_the_right_to_work_in_that_calendar(app: InProcess) -> None:
    biz = await sign_up(app.client)
    tom = await join_team(app.client, biz, name="Tom Huber", preset="provider")
    walk_in = await booked(
        app.client, biz, soon(-90), await customer_id(app.client, biz, "Eva"), walk_in=True
    )
    refused = await app.client.put(
        f"/api/v1/appointments/{walk_in}/attendance", json={"attendance": "no_show"}, headers=tom.auth
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "needs_book_others"


async def test_a_walk_in_is_documented_attended_and_mailed_to_nobody(app: InProcess) -> None:
    biz = await sign_up(app.client)
    address = f"eva-{biz.slug}@example.com"
    eva = await customer_id(app.client, biz, "Eva", address)
    past = soon(-120)

    refused = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": past.isoformat(),
            "customer_id": eva,
        },
        headers=biz.auth,
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "in_past"
    walk_in = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": past.isoformat(),
            "customer_id": eva,
            "walk_in": True,
        },
        headers=biz.auth,
    )
    assert walk_in.status_code == 201, walk_in.text
    assert (walk_in.json()["status"], walk_in.json()["attendance"]) == ("booked", "attended")
    assert await app.outbox_to(address) == []
    record = (await app.client.get(f"/api/v1/customers/{eva}", headers=biz.auth)).json()
    assert record["attendance"]["attended"] == 1
    assert [a["id"] for a in record["past"]] == [walk_in.json()["id"]]

    overlapping = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": (past + timedelta(minutes=10)).isoformat(),
            "customer_id": eva,
            "walk_in": True,
        },
        headers=biz.auth,
    )
    assert overlapping.status_code == 409 and overlapping.json()["error"]["code"] == "slot_taken"
    ahead = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": soon(120).isoformat(),
            "customer_id": eva,
            "walk_in": True,
        },
        headers=biz.auth,
    )
    assert ahead.status_code == 400 and ahead.json()["error"]["code"] == "not_started"
