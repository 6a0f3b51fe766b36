"""Reminders before appointments: set per business and service, each mailed once at its time, in
the customer's language, with the cancel link while the cut-off allows; on SQLite and PostgreSQL,
read at a real SMTP server, with a clock the tests move."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions import reminders
from testkit.app import InProcess, in_process, link_token, security_code, settings_for
from testkit.flows import Business, sign_up
from testkit.mailbox import SmtpServer, plain_text
from testkit.stand_ins import Clock

VIENNA = ZoneInfo("Europe/Vienna")


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIENNA)


def german(start: datetime) -> str:
    return start.astimezone(VIENNA).strftime("%d.%m.%Y um %H:%M Uhr")


@pytest.fixture
async def timed(database_url: str, clock: Clock, smtp: SmtpServer) -> AsyncIterator[InProcess]:
    """The app on the test's clock, sending its mail to the module's SMTP server."""
    async with in_process(settings_for(database_url, smtp_url=smtp.url), clock=clock) as running:
        yield running


def set_clock(clock: Clock, instant: datetime) -> None:
    clock.offset = instant - datetime.now(UTC)


async def book(app: InProcess, biz: Business, start: datetime, email: str) -> str:
    body = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.isoformat(),
        "new_customer": {"first_name": "Eva", "last_name": "Berger", "email": email},
    }
    response = await app.client.post("/api/v1/appointments", json=body, headers=biz.auth)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def address() -> str:
    return f"eva-{secrets.token_hex(5)}@customer.example"


async def reminded(app: InProcess, email: str) -> list[dict[str, Any]]:
    """Runs the reminder job once, and returns the reminders queued for `email`, oldest first."""
    await reminders.send_due(app.deps)
    return [
        {key: row[key] for key in ("id", "subject", "body")}
        for row in await app.outbox_to(email)
        if row["kind"] == "reminder"
    ]


async def received(smtp: SmtpServer, email: str, count: int) -> list[EmailMessage]:
    """The reminders `email` received at the SMTP server, once there are `count`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while True:
        found = [
            m
            for m in smtp.inbox.to(email)
            if "Erinnerung" in str(m["Subject"]) or "Reminder" in str(m["Subject"])
        ]
        if len(found) >= count:
            return found
        assert loop.time() < deadline, f"{len(found)} reminders for {email}"
        await asyncio.sleep(0.05)


async def test_settings_take_up_to_two_distinct_lead_times(app: InProcess) -> None:
    biz = await sign_up(app.client)
    shown = await app.client.get("/api/v1/settings", headers=biz.auth)
    assert shown.status_code == 200 and shown.json()["reminders"] == []

    saved = await app.client.patch("/api/v1/settings", json={"reminders": [2, 24]}, headers=biz.auth)
    assert saved.status_code == 200, saved.text
    assert saved.json()["reminders"] == [24, 2]
    assert (await app.client.get("/api/v1/settings", headers=biz.auth)).json()["reminders"] == [24, 2]

    for wrong in ([0], [337], [24, 24], [48, 24, 2], ["24"], [1.5], None, 24):
        refused = await app.client.patch("/api/v1/settings", json={"reminders": wrong}, headers=biz.auth)
        assert refused.status_code == 400, (wrong, refused.text)
        assert refused.json()["error"]["code"] == "invalid_setting", (wrong, refused.text)
    off = await app.client.patch("/api/v1/settings", json={"reminders": []}, headers=biz.auth)
    assert off.status_code == 200 and off.json()["reminders"] == []


async def test_a_service_can_be_left_out_of_reminders(app: InProcess) -> None:
    biz = await sign_up(app.client)
    listed = await app.client.get("/api/v1/services", headers=biz.auth)
    assert [s["reminders"] for s in listed.json()["services"]] == [True]
    made = await app.client.post(
        "/api/v1/services",
        json={"name": "Beratung", "duration_minutes": 20, "reminders": False},
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text
    changed = await app.client.patch(
        f"/api/v1/services/{biz.service_id}", json={"reminders": False}, headers=biz.auth
    )
    assert changed.status_code == 200 and changed.json()["reminders"] is False
    listed = await app.client.get("/api/v1/services", headers=biz.auth)
    assert [s["reminders"] for s in listed.json()["services"]] == [False, False]
    wrong = await app.client.patch(
        f"/api/v1/services/{biz.service_id}", json={"reminders": "no"}, headers=biz.auth
    )
    assert wrong.status_code == 400


async def test_each_reminder_is_mailed_once_at_its_time(
    timed: InProcess, clock: Clock, smtp: SmtpServer
) -> None:
    biz = await sign_up(timed.client, inbox=smtp.inbox, reminders=[24, 2], cancel_cutoff_hours=12)
    email = address()
    start = at(4, 10)
    appointment_id = await book(timed, biz, start, email)

    set_clock(clock, start - timedelta(hours=25))
    assert await reminded(timed, email) == []
    set_clock(clock, start - timedelta(hours=23))
    (first,) = await reminded(timed, email)
    assert first["subject"] == f"Erinnerung: Behandlung am {german(start)}"
    assert await reminded(timed, email) == [first]

    set_clock(clock, start - timedelta(hours=1, minutes=30))
    first_again, second = await reminded(timed, email)
    assert first_again == first
    assert await reminded(timed, email) == [first, second]

    day_before, two_hours = await received(smtp, email, 2)
    text = plain_text(day_before).replace("\r\n", "\n")
    assert text.startswith("Hallo Eva,\n\nwir erinnern Sie an Ihren Termin bei Praxis ")
    assert f"Wann:     {german(start)}" in text and "Leistung: Behandlung" in text
    link = re.search(r"http://testserver/cancel/\S+", text)
    assert link, text
    assert f"Bis {german(start - timedelta(hours=12))} können Sie" in text
    page = await timed.client.get(link.group(0).removeprefix("http://testserver"))
    assert page.status_code == 200 and appointment_id

    # Two hours before, the twelve-hour cut-off has passed: no link, but how to let the business know.
    late = plain_text(two_hours).replace("\r\n", "\n")
    assert "/cancel/" not in late
    assert "Sie können nicht kommen? Dann sagen Sie uns bitte Bescheid." in late


async def test_none_for_a_cancelled_appointment_or_a_service_left_out(
    timed: InProcess, clock: Clock, smtp: SmtpServer
) -> None:
    biz = await sign_up(timed.client, inbox=smtp.inbox, reminders=[24])
    cancelled, left_out, kept = address(), address(), address()
    start = at(4, 10)
    cancelled_id = await book(timed, biz, start, cancelled)
    response = await timed.client.post(
        f"/api/v1/appointments/{cancelled_id}/cancel", json={}, headers=biz.auth
    )
    assert response.status_code == 200, response.text
    await book(timed, biz, start, kept)
    quiet = await timed.client.post(
        "/api/v1/services",
        json={"name": "Stille", "duration_minutes": 30, "reminders": False},
        headers=biz.auth,
    )
    assert quiet.status_code == 201, quiet.text
    made = await timed.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": quiet.json()["id"],
            "start": (start + timedelta(hours=1)).isoformat(),
            "new_customer": {"first_name": "Ida", "last_name": "Still", "email": left_out},
        },
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text

    set_clock(clock, start - timedelta(hours=20))
    assert len(await reminded(timed, kept)) == 1
    assert await reminded(timed, cancelled) == []
    assert await reminded(timed, left_out) == []


async def test_a_moved_appointment_is_reminded_at_its_new_time_once(
    timed: InProcess, clock: Clock, smtp: SmtpServer
) -> None:
    biz = await sign_up(timed.client, inbox=smtp.inbox, reminders=[24])
    email = address()
    start = at(4, 10)
    appointment_id = await book(timed, biz, start, email)
    set_clock(clock, start - timedelta(hours=23))
    (first,) = await reminded(timed, email)

    later = start + timedelta(days=2)
    moved = await timed.client.patch(
        f"/api/v1/appointments/{appointment_id}", json={"start": later.isoformat()}, headers=biz.auth
    )
    assert moved.status_code == 200, moved.text
    assert await reminded(timed, email) == [first]
    set_clock(clock, later - timedelta(hours=22))
    first_again, second = await reminded(timed, email)
    assert first_again == first
    assert second["subject"] == f"Erinnerung: Behandlung am {german(later)}"
    set_clock(clock, later - timedelta(hours=1))
    assert len(await reminded(timed, email)) == 2


async def test_a_booking_made_after_its_reminder_time_gets_only_the_nearer_one(
    timed: InProcess, clock: Clock, smtp: SmtpServer
) -> None:
    """Booked ten hours ahead: the day-before reminder's time had passed, the two-hour one comes."""
    biz = await sign_up(timed.client, inbox=smtp.inbox, reminders=[24, 2])
    email = address()
    start = at(4, 10)
    set_clock(clock, start - timedelta(hours=10))
    await book(timed, biz, start, email)
    assert await reminded(timed, email) == []
    set_clock(clock, start - timedelta(hours=6))
    assert await reminded(timed, email) == []
    set_clock(clock, start - timedelta(hours=2))
    assert len(await reminded(timed, email)) == 1
    set_clock(clock, start + timedelta(minutes=1))
    assert len(await reminded(timed, email)) == 1


async def test_a_reminder_late_by_more_than_half_its_lead_is_not_sent(
    timed: InProcess, clock: Clock, smtp: SmtpServer
) -> None:
    """The server was down a whole day before: the stale day-before reminder is left out."""
    biz = await sign_up(timed.client, inbox=smtp.inbox, reminders=[24])
    email = address()
    start = at(4, 10)
    await book(timed, biz, start, email)
    set_clock(clock, start - timedelta(hours=11))
    assert await reminded(timed, email) == []


async def registered_in_english(app: InProcess, smtp: SmtpServer) -> tuple[str, str]:
    """A verified, logged-in customer who chose English; (email, bearer token)."""
    email = f"en-{secrets.token_hex(5)}@customer.example"
    password = "a good password"
    body = {
        "email": email,
        "password": password,
        "first_name": "Robin",
        "last_name": "Post",
        "language": "en",
    }
    assert (await app.client.post("/api/v1/customer/register", json=body)).status_code == 202
    (verification,) = await smtp.inbox.wait_for(email)
    token = link_token(plain_text(verification))
    assert (await app.client.post("/api/v1/customer/verify", json={"token": token})).status_code == 200
    login = await app.client.post("/api/v1/customer/login", json={"email": email, "password": password})
    assert login.status_code == 200, login.text
    return email, str(login.json()["token"])


async def test_an_english_customer_is_reminded_in_english(
    timed: InProcess, clock: Clock, smtp: SmtpServer
) -> None:
    biz = await sign_up(timed.client, inbox=smtp.inbox, reminders=[48], cancel_cutoff_hours=24)
    email, token = await registered_in_english(timed, smtp)
    bearer = {"Authorization": f"Bearer {token}"}
    start = at(5, 9)
    held = await timed.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers=bearer,
    )
    assert held.status_code == 201, held.text
    code = security_code(str((await smtp.inbox.wait_for(email, count=2))[1]["Subject"]))
    confirmed = await timed.client.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm", json={"code": code}, headers=bearer
    )
    assert confirmed.status_code == 200, confirmed.text

    set_clock(clock, start - timedelta(hours=47))
    assert len(await reminded(timed, email)) == 1
    (mail,) = await received(smtp, email, 1)
    when = f"{start:%A}, {start.day} {start:%B} {start.year} at {start:%H:%M}"
    assert str(mail["Subject"]).strip() == f"Reminder: Behandlung on {when}"
    text = plain_text(mail).replace("\r\n", "\n")
    assert text.startswith("Hello Robin,\n\nthis is a reminder of your appointment with Praxis ")
    assert "/cancel/" in text and "?lang=en" in text
    assert not re.search(r"\b(Sie|Ihr|Ihren|Termin|Wann)\b", text), text


async def test_two_instances_racing_mail_each_reminder_once(
    database_url: str, clock: Clock, smtp: SmtpServer
) -> None:
    """Two app instances on one database run the job at the same moments: one mail per reminder."""
    settings = settings_for(database_url, smtp_url=smtp.url)
    async with in_process(settings, clock=clock) as one, in_process(settings, clock=clock) as other:
        biz = await sign_up(one.client, inbox=smtp.inbox, reminders=[24])
        emails = [address() for _ in range(6)]
        start = at(4, 8)
        for number, email in enumerate(emails):
            await book(one, biz, start + timedelta(minutes=30 * number), email)
        set_clock(clock, start - timedelta(hours=20))
        for _ in range(5):
            await asyncio.gather(*(reminders.send_due(app.deps) for app in (one, other, one, other)))
        for email in emails:
            rows = [row for row in await other.outbox_to(email) if row["kind"] == "reminder"]
            assert len(rows) == 1, email
            assert len(await received(smtp, email, 1)) == 1


async def test_turning_reminders_on_mails_those_due_at_once(
    timed: InProcess, clock: Clock, smtp: SmtpServer
) -> None:
    biz = await sign_up(timed.client, inbox=smtp.inbox)
    email = address()
    start = at(4, 11)
    await book(timed, biz, start, email)
    set_clock(clock, start - timedelta(hours=20))
    await reminders.send_due(timed.deps)
    assert smtp.inbox.to(email)[1:] == []  # the confirmation only
    turned_on = await timed.client.patch("/api/v1/settings", json={"reminders": [24]}, headers=biz.auth)
    assert turned_on.status_code == 200, turned_on.text
    # No pass of the job is run here: the change wakes it, long before its half-minute is up.
    (mail,) = await received(smtp, email, 1)
    assert str(mail["Subject"]).strip() == f"Erinnerung: Behandlung am {german(start)}"
