"""A logged-in customer's own appointments: the listing, cancelling before the cut-off, and moving
one to another time with a hold that replaces it once the mailed code confirms it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from actions import holds
from store.schema import appointments
from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, code_for, customer, sign_up
from testkit.stand_ins import Clock, Heard


@pytest.fixture
async def timed_app(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url, hold_seconds=60), clock=clock) as running:
        yield running


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def in_days(days: int, hour: int = 10) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


async def hold(
    app: InProcess, biz: Business, token: str, start: datetime, replaces: str | None = None
) -> Any:
    body: dict[str, Any] = {
        "service_id": biz.service_id,
        "location_id": biz.location_id,
        "start": start.isoformat(),
    }
    if replaces is not None:
        body["replaces"] = replaces
    return await app.client.post(f"/api/v1/public/{biz.slug}/holds", json=body, headers=bearer(token))


async def confirm(app: InProcess, email: str, token: str, hold_id: str, count: int = 1) -> Any:
    code = await code_for(app.client, email, count)
    return await app.client.post(
        f"/api/v1/public/holds/{hold_id}/confirm", json={"code": code}, headers=bearer(token)
    )


async def book(app: InProcess, biz: Business, email: str, token: str, start: datetime, count: int = 1) -> str:
    held = await hold(app, biz, token, start)
    assert held.status_code == 201, held.text
    confirmed = await confirm(app, email, token, held.json()["id"], count)
    assert confirmed.status_code == 200, confirmed.text
    return str(held.json()["id"])


async def mine(app: InProcess, token: str, slug: str | None = None) -> dict[str, Any]:
    params = {"slug": slug} if slug else {}
    response = await app.client.get("/api/v1/customer/appointments", params=params, headers=bearer(token))
    assert response.status_code == 200, response.text
    return dict(response.json())


async def status_of(app: InProcess, appointment_id: str) -> str:
    async with app.deps.store.read() as conn:
        found = await conn.execute(select(appointments.c.status).where(appointments.c.id == appointment_id))
        return str(found.scalar_one())


async def test_customers_see_their_own_appointments_only(app: InProcess, clock: Clock) -> None:
    first, second = await sign_up(app.client), await sign_up(app.client)
    email, token = await customer(app.client, "Lena")
    other_email, other_token = await customer(app.client, "Otto")
    soon = await book(app, first, email, token, in_days(3))
    later = await book(app, second, email, token, in_days(5), count=2)
    gone = await book(app, first, email, token, in_days(7), count=3)
    await book(app, first, other_email, other_token, in_days(4))
    cancelled = await app.client.post(f"/api/v1/customer/appointments/{gone}/cancel", headers=bearer(token))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"

    everything = await mine(app, token)
    assert [a["id"] for a in everything["upcoming"]] == [soon, later]
    assert [a["id"] for a in everything["past"]] == [gone]
    shown = everything["upcoming"][0]
    assert shown["business"] == f"Praxis {first.slug}" and shown["slug"] == first.slug
    assert shown["service"] == "Behandlung" and shown["status"] == "booked"
    assert shown["cancellable"] and shown["reschedulable"]
    assert datetime.fromisoformat(shown["start"]) == in_days(3)
    assert not everything["past"][0]["cancellable"]

    one = await mine(app, token, first.slug)
    assert [a["id"] for a in one["upcoming"]] == [soon]


async def test_a_past_appointment_is_listed_as_past(timed_app: InProcess, clock: Clock) -> None:
    app = timed_app
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    booked = await book(app, biz, email, token, in_days(2))
    clock.offset = timedelta(days=3)
    listed = await mine(app, token)
    assert listed["upcoming"] == [] and [a["id"] for a in listed["past"]] == [booked]
    assert not listed["past"][0]["cancellable"] and not listed["past"][0]["reschedulable"]
    late = await app.client.post(f"/api/v1/customer/appointments/{booked}/cancel", headers=bearer(token))
    assert late.status_code == 410 and late.json()["error"]["code"] == "appointment_past"


async def test_cancelling_closes_at_the_cutoff(timed_app: InProcess, clock: Clock) -> None:
    app = timed_app
    biz = await sign_up(app.client, cancel_cutoff_hours=24)
    email, token = await customer(app.client)
    start = in_days(3)
    early, late = (
        await book(app, biz, email, token, start),
        await book(app, biz, email, token, start + timedelta(hours=2), count=2),
    )
    clock.offset = start - datetime.now(UTC) - timedelta(hours=23)  # 23 hours before the first
    listed = {a["id"]: a for a in (await mine(app, token))["upcoming"]}
    assert not listed[early]["cancellable"] and listed[late]["cancellable"]
    refused = await app.client.post(f"/api/v1/customer/appointments/{early}/cancel", headers=bearer(token))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "cancel_too_late"
    assert await status_of(app, early) == "booked"
    done = await app.client.post(f"/api/v1/customer/appointments/{late}/cancel", headers=bearer(token))
    assert done.status_code == 200 and await status_of(app, late) == "cancelled"
    kinds = [row["kind"] for row in await app.outbox_to(email)]
    assert kinds.count("appointment_cancelled") == 1  # mailed as the desk's cancel does


async def test_other_customers_appointments_are_unknown(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Lena")
    _, other_token = await customer(app.client, "Otto")
    booked = await book(app, biz, email, token, in_days(3))
    cancel = await app.client.post(
        f"/api/v1/customer/appointments/{booked}/cancel", headers=bearer(other_token)
    )
    assert cancel.status_code == 404
    replacing = await hold(app, biz, other_token, in_days(4), replaces=booked)
    assert replacing.status_code == 404
    assert await status_of(app, booked) == "booked"
    elsewhere = await sign_up(app.client)
    assert (await hold(app, elsewhere, token, in_days(4), replaces=booked)).status_code == 404
    unknown = await app.client.post("/api/v1/customer/appointments/nope/cancel", headers=bearer(token))
    assert unknown.status_code == 404


async def test_a_move_cancels_the_old_booking_when_the_new_one_is_confirmed(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    old = await book(app, biz, email, token, in_days(3))
    held = await hold(app, biz, token, in_days(4), replaces=old)
    assert held.status_code == 201, held.text
    new = held.json()["id"]
    assert await status_of(app, old) == "booked" and await status_of(app, new) == "held"

    confirmed = await confirm(app, email, token, new, count=2)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "booked"
    assert await status_of(app, old) == "cancelled" and await status_of(app, new) == "booked"
    listed = await mine(app, token)
    assert [a["id"] for a in listed["upcoming"]] == [new] and [a["id"] for a in listed["past"]] == [old]

    names = [(name, data.get("id")) for name, data in heard.events]
    assert ("appointment.cancelled", old) in names and ("hold.confirmed", new) in names
    assert any(name == "slots.changed" for name, _ in heard.events)
    mails = await app.outbox_to(email)
    assert [m["kind"] for m in mails].count("appointment_cancelled") == 0  # the confirmation says it
    assert "verschoben" in mails[-1]["body"] and mails[-1]["kind"] == "booking_confirmed"
    # Its calendar entries put the new time in and take the old one out, each by its own UID.
    entries = {}
    for attachment in mails[-1]["attachments"]:
        calendar = Calendar.from_ical(attachment["content"])
        (event,) = calendar.walk("VEVENT")
        entries[str(calendar["METHOD"])] = str(event["UID"])
    assert entries == {"REQUEST": f"{new}@testserver", "CANCEL": f"{old}@testserver"}


async def test_an_expired_move_leaves_the_old_booking(timed_app: InProcess, clock: Clock) -> None:
    app = timed_app
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    old = await book(app, biz, email, token, in_days(3))
    held = await hold(app, biz, token, in_days(4), replaces=old)
    assert held.status_code == 201
    clock.offset = timedelta(seconds=61)
    await holds.release_expired(app.deps)
    late = await confirm(app, email, token, held.json()["id"], count=2)
    assert late.status_code == 410
    assert await status_of(app, old) == "booked"
    given_up = await hold(app, biz, token, in_days(5), replaces=old)
    released = await app.client.delete(f"/api/v1/public/holds/{given_up.json()['id']}", headers=bearer(token))
    assert released.status_code == 204 and await status_of(app, old) == "booked"


async def test_a_move_after_the_cutoff_is_refused(timed_app: InProcess, clock: Clock) -> None:
    app = timed_app
    biz = await sign_up(app.client, cancel_cutoff_hours=48)
    email, token = await customer(app.client)
    start = in_days(3)
    old = await book(app, biz, email, token, start)
    clock.offset = start - datetime.now(UTC) - timedelta(hours=47)
    refused = await hold(app, biz, token, start + timedelta(days=2), replaces=old)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "cancel_too_late"
