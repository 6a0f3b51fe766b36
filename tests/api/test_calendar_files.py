"""The calendar entry of a booking: one generator (the `icalendar` package) for the mail's
attachment and the booking page's download, so both carry the same UID, times and names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from mail.ics import event
from testkit.app import InProcess
from testkit.flows import customer, sign_up
from tests.api.test_customer_self_service import bearer, booked_online, hold, in_days


def entry(text: str) -> dict[str, object]:
    """The one VEVENT of a calendar file, parsed the way a calendar program reads it."""
    calendar = Calendar.from_ical(text)
    assert str(calendar["METHOD"]) == "PUBLISH" and str(calendar["VERSION"]) == "2.0"
    (found,) = calendar.walk("VEVENT")
    return {
        "uid": str(found["UID"]),
        "start": found.decoded("DTSTART"),
        "end": found.decoded("DTEND"),
        "summary": str(found["SUMMARY"]),
        "location": str(found["LOCATION"]),
    }


async def test_the_mail_and_the_booking_page_give_the_same_entry(app: InProcess) -> None:
    biz = await sign_up(app.client)
    start = in_days(3, 9)
    email, token, appointment_id = await booked_online(app, biz, start)
    (confirmed,) = [row for row in await app.outbox_to(email) if row["kind"] == "booking_confirmed"]
    (attachment,) = confirmed["attachments"]
    assert attachment["filename"] == "termin.ics" and attachment["content_type"] == "text/calendar"

    download = await app.client.get(
        f"/api/v1/customer/appointments/{appointment_id}/calendar.ics", headers=bearer(token)
    )
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/calendar")
    assert 'filename="termin.ics"' in download.headers["content-disposition"]

    location = (await app.client.get("/api/v1/locations", headers=biz.auth)).json()["locations"][0]["name"]
    expected = {
        "uid": f"{appointment_id}@testserver",
        "start": start,
        "end": start + timedelta(minutes=30),
        "summary": f"Behandlung – Praxis {biz.slug}",
        "location": location,
    }
    assert entry(attachment["content"]) == expected
    assert entry(download.text) == expected
    codes = [row for row in await app.outbox_to(email) if row["kind"] == "hold_code"]
    assert codes[0]["attachments"] is None


async def test_only_the_customer_gets_their_entry_and_only_of_a_binding_booking(app: InProcess) -> None:
    biz = await sign_up(app.client)
    _, token, appointment_id = await booked_online(app, biz, in_days(3, 11))
    path = f"/api/v1/customer/appointments/{appointment_id}/calendar.ics"
    assert (await app.client.get(path)).status_code == 401
    _, stranger = await customer(app.client, "Fremd")
    assert (await app.client.get(path, headers=bearer(stranger))).status_code == 404
    pending = await hold(app, biz, stranger, in_days(3, 13))  # held, no code entered yet
    pending_path = f"/api/v1/customer/appointments/{pending['id']}/calendar.ics"
    assert (await app.client.get(pending_path, headers=bearer(stranger))).status_code == 404
    unknown = "/api/v1/customer/appointments/not-an-id!/calendar.ics"
    assert (await app.client.get(unknown, headers=bearer(token))).status_code == 404


def test_calendar_text_is_escaped_and_folded() -> None:
    start = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    text = event(
        uid="abc@host",
        start=start,
        end=start + timedelta(hours=1),
        summary="Massage; 60 Min, mit Öl " + "ä" * 60,
        location="Praxis\nWien",
        stamp=start,
    )
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Massage\\; 60 Min\\, mit Öl " + "ä" * 60 in unfolded
    assert "LOCATION:Praxis\\nWien" in unfolded
    assert "DTSTART:20270328T003000Z" in unfolded
    assert entry(text)["location"] == "Praxis\nWien"
