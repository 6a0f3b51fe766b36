"""What the practice is told: mails about online bookings, requests and cancellations to those who
chose them and see the appointment in full, and each person's daily agenda, mailed once at their
hour in the business's time zone; on SQLite and PostgreSQL, with a clock the tests move."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions import staff_notifications
from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, code_for, customer, join_team, mails_to, sign_up
from testkit.stand_ins import Clock

VIENNA = ZoneInfo("Europe/Vienna")
CHOSEN = {"online_bookings": True, "requests": True, "cancellations": True, "agenda_hour": None}
NOTHING = {"online_bookings": False, "requests": False, "cancellations": False, "agenda_hour": None}
STAFF_KINDS = ("staff_online_booking", "staff_request", "staff_cancellation", "staff_agenda")


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIENNA)


def owner_email(biz: Business) -> str:
    return f"{biz.slug}@owner.example"


async def choose(app: InProcess, auth: dict[str, str], choice: dict[str, Any], language: str = "de") -> None:
    response = await app.client.put(
        "/api/v1/me/notifications", json=choice, headers={**auth, "Accept-Language": language}
    )
    assert response.status_code == 200, response.text
    assert response.json() == choice


async def staff_mails(app: InProcess, email: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [
        row
        for row in await app.outbox_to(email)
        if row["kind"] in STAFF_KINDS and (kind is None or row["kind"] == kind)
    ]


async def booked_online(
    app: InProcess, biz: Business, start: datetime, staff_id: str | None = None
) -> tuple[str, str]:
    """A customer's online booking (binding or a request, as the business works); returns the
    customer's address and the appointment's id."""
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    body: dict[str, Any] = {
        "service_id": biz.service_id,
        "location_id": biz.location_id,
        "start": start.isoformat(),
    }
    if staff_id:
        body["staff_id"] = staff_id
    held = await app.client.post(f"/api/v1/public/{biz.slug}/holds", json=body, headers=auth)
    assert held.status_code == 201, held.text
    code = await code_for(app.client, email)
    confirmed = await app.client.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm", json={"code": code}, headers=auth
    )
    assert confirmed.status_code == 200, confirmed.text
    return email, str(held.json()["id"])


async def test_each_person_reads_and_saves_their_own_choice(app: InProcess) -> None:
    biz = await sign_up(app.client)
    member = await join_team(app.client, biz, preset="reception")
    owner = await app.client.get("/api/v1/me/notifications", headers=biz.auth)
    assert owner.status_code == 200 and owner.json() == CHOSEN
    theirs = await app.client.get("/api/v1/me/notifications", headers=member.auth)
    assert theirs.json() == NOTHING

    await choose(
        app,
        member.auth,
        {"online_bookings": True, "requests": False, "cancellations": True, "agenda_hour": 6},
    )
    assert (await app.client.get("/api/v1/me/notifications", headers=member.auth)).json() == {
        "online_bookings": True,
        "requests": False,
        "cancellations": True,
        "agenda_hour": 6,
    }
    assert (await app.client.get("/api/v1/me/notifications", headers=biz.auth)).json() == CHOSEN

    for wrong in (24, -1, "6", 6.5):
        refused = await app.client.put(
            "/api/v1/me/notifications", json={**NOTHING, "agenda_hour": wrong}, headers=member.auth
        )
        assert refused.status_code == 400, (wrong, refused.text)
    refused = await app.client.put(
        "/api/v1/me/notifications", json={"online_bookings": True}, headers=member.auth
    )
    assert refused.status_code == 400
    assert (await app.client.get("/api/v1/me/notifications")).status_code == 401


async def test_booking_mails_go_to_those_who_chose_them_and_see_the_calendar(app: InProcess) -> None:
    biz = await sign_up(app.client)
    reception = await join_team(app.client, biz, name="Rita Empfang", preset="reception")
    provider = await join_team(app.client, biz, name="Paula Physio", preset="provider", calendar="new")
    quiet = await join_team(app.client, biz, name="Quentin Still", preset="reception")
    assert provider.staff_id is not None
    offered = await app.client.patch(
        f"/api/v1/services/{biz.service_id}",
        json={"staff_ids": [biz.staff_id, provider.staff_id]},
        headers=biz.auth,
    )
    assert offered.status_code == 200, offered.text
    await choose(app, reception.auth, {**NOTHING, "online_bookings": True})
    await choose(app, provider.auth, {**NOTHING, "online_bookings": True}, "en")

    start = at(3, 10)
    _, appointment_id = await booked_online(app, biz, start, biz.staff_id)
    (mail,) = await staff_mails(app, reception.email)
    assert mail["kind"] == "staff_online_booking"
    assert mail["subject"] == (
        f"Neue Online-Buchung: Clara Kundin, Behandlung am {start:%d.%m.%Y} um 10:00 Uhr"
    )
    assert "Hallo Rita Empfang," in mail["body"] and "Clara Kundin" in mail["body"]
    assert (
        f"http://testserver/calendar?date={start.date().isoformat()}&appointment={appointment_id}"
        in (mail["body"])
    )
    assert len(await staff_mails(app, owner_email(biz), "staff_online_booking")) == 1  # the default
    assert await staff_mails(app, provider.email) == []  # a colleague's calendar
    assert await staff_mails(app, quiet.email) == []  # did not choose it

    own_start = at(3, 11)
    _, own_id = await booked_online(app, biz, own_start, provider.staff_id)
    (own,) = await staff_mails(app, provider.email)
    assert own["subject"].startswith("New online booking: Clara Kundin, Behandlung")
    assert f"appointment={own_id}" in own["body"]
    assert not re.search(r"\b(Sie|Termin|Leistung)\b", own["body"]), own["body"]
    assert len(await staff_mails(app, reception.email)) == 2
    assert await staff_mails(app, quiet.email) == []


async def test_a_request_mail_links_to_the_request_in_the_calendar(app: InProcess) -> None:
    biz = await sign_up(app.client, booking_mode="request")
    reception = await join_team(app.client, biz, preset="reception")
    await choose(app, reception.auth, {**NOTHING, "online_bookings": True})
    start = at(4, 9, 30)
    _, appointment_id = await booked_online(app, biz, start)
    (mail,) = await staff_mails(app, owner_email(biz))
    assert mail["kind"] == "staff_request"
    assert mail["subject"].startswith("Neue Terminanfrage: Clara Kundin, Behandlung am")
    link = f"http://testserver/calendar?date={start.date().isoformat()}&appointment={appointment_id}"
    assert link in mail["body"] and "annehmen oder ablehnen" in mail["body"]
    assert await staff_mails(app, reception.email) == []  # bookings chosen, requests not


async def test_a_customer_cancelling_by_the_link_is_told_desk_cancellations_not(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await choose(app, biz.auth, {**NOTHING, "cancellations": True})
    start = at(5, 14)
    email, appointment_id = await booked_online(app, biz, start)
    assert await staff_mails(app, owner_email(biz)) == []
    confirmation = next(m for m in await mails_to(app.client, email) if "bestätigt" in m["subject"])
    match = re.search(r"http://testserver(/cancel/[A-Za-z0-9_\-.]+)", confirmation["body"])
    assert match
    page = await app.client.get(match.group(1))
    csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    done = await app.client.post(match.group(1), data={"csrf_token": csrf})
    assert done.status_code == 200, done.text
    (mail,) = await staff_mails(app, owner_email(biz))
    assert mail["kind"] == "staff_cancellation"
    assert mail["subject"] == f"Abgesagt: Clara Kundin, Behandlung am {start:%d.%m.%Y} um 14:00 Uhr"
    assert f"appointment={appointment_id}" in mail["body"]

    _, other = await booked_online(app, biz, at(5, 15))
    cancelled = await app.client.post(f"/api/v1/appointments/{other}/cancel", json={}, headers=biz.auth)
    assert cancelled.status_code == 200, cancelled.text
    assert len(await staff_mails(app, owner_email(biz))) == 1


# The daily agenda


@pytest.fixture
async def timed(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url), clock=clock) as running:
        yield running


def set_clock(clock: Clock, instant: datetime) -> None:
    clock.offset = instant - datetime.now(UTC)


async def book(app: InProcess, biz: Business, start: datetime, last_name: str) -> str:
    body = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.isoformat(),
        "new_customer": {"first_name": "Eva", "last_name": last_name},
    }
    response = await app.client.post("/api/v1/appointments", json=body, headers=biz.auth)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_the_agenda_is_mailed_once_at_the_chosen_hour_of_the_business(
    database_url: str, clock: Clock
) -> None:
    settings = settings_for(database_url)
    async with in_process(settings, clock=clock) as one, in_process(settings, clock=clock) as other:
        # New York is six hours behind Vienna: the hour is the business's, not the server's.
        biz = await sign_up(one.client, timezone="America/New_York")
        zone = ZoneInfo("America/New_York")
        day = datetime.now(UTC).astimezone(zone).date() + timedelta(days=3)

        def local(days: int, hour: int) -> datetime:
            return datetime(day.year, day.month, day.day, hour, tzinfo=zone) + timedelta(days=days)

        await choose(one, biz.auth, {**NOTHING, "agenda_hour": 7})
        await book(one, biz, local(1, 14), "Zweite")
        await book(one, biz, local(1, 8), "Erste")
        await book(one, biz, local(0, 15), "Heute")
        await book(one, biz, local(2, 9), "Übermorgen")
        cancelled = await book(one, biz, local(1, 11), "Abgesagt")
        assert (
            await one.client.post(f"/api/v1/appointments/{cancelled}/cancel", json={}, headers=biz.auth)
        ).status_code == 200

        set_clock(clock, local(0, 6) + timedelta(minutes=59))
        await staff_notifications.send_agendas(one.deps)
        assert await staff_mails(one, owner_email(biz)) == []

        set_clock(clock, local(0, 7))
        for _ in range(3):
            await asyncio.gather(*(staff_notifications.send_agendas(app.deps) for app in (one, other)))
        set_clock(clock, local(0, 21))
        await staff_notifications.send_agendas(other.deps)
        (agenda,) = await staff_mails(other, owner_email(biz))
        assert agenda["kind"] == "staff_agenda"
        tomorrow = local(1, 0)
        assert (
            agenda["subject"].startswith("Ihre Termine am ") and f"{tomorrow:%d.%m.%Y}" in agenda["subject"]
        )
        lines = [line for line in agenda["body"].splitlines() if re.match(r"\d\d:\d\d–", line)]
        assert lines == ["08:00–08:30  Behandlung, Eva Erste", "14:00–14:30  Behandlung, Eva Zweite"]
        assert f"http://testserver/calendar?date={tomorrow.date().isoformat()}" in agenda["body"]

        # The next day at the hour: the day after's one appointment.
        set_clock(clock, local(1, 7) + timedelta(minutes=5))
        await staff_notifications.send_agendas(one.deps)
        agendas = await staff_mails(one, owner_email(biz))
        assert len(agendas) == 2
        assert "09:00–09:30  Behandlung, Eva Übermorgen" in agendas[-1]["body"]


async def test_no_agenda_for_a_day_without_appointments_or_calendars(timed: InProcess, clock: Clock) -> None:
    biz = await sign_up(timed.client)
    reception = await join_team(timed.client, biz, preset="reception")
    bare = await join_team(timed.client, biz, preset="provider", rights=[])
    await choose(timed, reception.auth, {**NOTHING, "agenda_hour": 6}, "en")
    await choose(timed, bare.auth, {**NOTHING, "agenda_hour": 6})
    await choose(timed, biz.auth, {**NOTHING, "agenda_hour": 6})
    set_clock(clock, at(2, 6, 30))
    await staff_notifications.send_agendas(timed.deps)
    assert await staff_mails(timed, owner_email(biz)) == []
    assert await staff_mails(timed, reception.email) == []

    await book(timed, biz, at(4, 10), "Huber")
    set_clock(clock, at(3, 6, 30))
    await staff_notifications.send_agendas(timed.deps)
    (mine,) = await staff_mails(timed, reception.email)  # no calendar: every calendar
    assert mine["subject"].startswith("Your appointments on ")
    assert "10:00–10:30  Behandlung, Eva Huber" in mine["body"]
    assert len(await staff_mails(timed, owner_email(biz))) == 1
    assert await staff_mails(timed, bare.email) == []  # no calendar, no right to see others
