"""The calendar entry of a booking: one generator (the `icalendar` package) for the mail's
attachment and the booking page's download, so both carry the same UID, times and names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from mail.ics import Entry, event
from testkit.app import InProcess
from testkit.flows import customer, sign_up
from tests.api.test_customer_self_service import bearer, booked_online, hold, in_days


def entry(text: str, method: str = "PUBLISH") -> dict[str, object]:
    """The one VEVENT of a calendar file, parsed the way a calendar program reads it."""
    calendar = Calendar.from_ical(text)
    assert str(calendar["METHOD"]) == method and str(calendar["VERSION"]) == "2.0"
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
    assert attachment["filename"] == "termin.ics"
    assert attachment["content_type"] == "text/calendar; method=REQUEST"

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
    assert entry(attachment["content"], "REQUEST") == expected
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
        Entry(
            uid="abc@host",
            start=start,
            end=start + timedelta(hours=1),
            summary="Massage; 60 Min, mit Öl " + "ä" * 60,
            location="Praxis\nWien",
        ),
        stamp=start,
    )
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Massage\\; 60 Min\\, mit Öl " + "ä" * 60 in unfolded
    assert "LOCATION:Praxis\\nWien" in unfolded
    assert "DTSTART:20270328T003000Z" in unfolded
    assert entry(text)["location"] == "Praxis\nWien"


async def test_every_change_mails_an_update_of_the_same_entry_with_a_rising_sequence(app: InProcess) -> None:
    """Booked at the desk, moved, moved again without a message, then cancelled: each mail carries
    the one entry (same UID) as an iTIP message a mail program applies in place."""
    biz = await sign_up(app.client)
    address = "paula-calendar@example.com"
    start = in_days(4, 9)
    booked = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": start.isoformat(),
            "new_customer": {"first_name": "Paula", "last_name": "Pohl", "email": address},
        },
        headers=biz.auth,
    )
    assert booked.status_code == 201, booked.text
    appointment_id = booked.json()["id"]
    path = f"/api/v1/appointments/{appointment_id}"
    moved = await app.client.patch(path, json={"start": in_days(5, 10).isoformat()}, headers=biz.auth)
    assert moved.status_code == 200
    quiet = await app.client.patch(
        path, json={"start": in_days(5, 11).isoformat(), "notify": False}, headers=biz.auth
    )
    assert quiet.status_code == 200
    noted = await app.client.patch(path, json={"note": "only the desk reads this"}, headers=biz.auth)
    assert noted.status_code == 200
    cancelled = await app.client.post(f"{path}/cancel", json={}, headers=biz.auth)
    assert cancelled.status_code == 200

    mails = await app.outbox_to(address)
    assert [m["kind"] for m in mails] == ["booking_confirmed", "appointment_changed", "appointment_cancelled"]
    entries = []
    for mail, method in zip(mails, ["REQUEST", "REQUEST", "CANCEL"], strict=True):
        (attachment,) = mail["attachments"]
        assert attachment["content_type"] == f"text/calendar; method={method}"
        calendar = Calendar.from_ical(attachment["content"])
        assert str(calendar["METHOD"]) == method
        (found,) = calendar.walk("VEVENT")
        assert str(found["ORGANIZER"]).startswith("mailto:") and str(found["ATTENDEE"]) == f"mailto:{address}"
        entries.append(
            (
                str(found["UID"]),
                int(found.decoded("SEQUENCE")),
                found.decoded("DTSTART"),
                str(found["STATUS"]),
            )
        )
    uids = {uid for uid, *_ in entries}
    assert uids == {f"{appointment_id}@testserver"}
    sequences = [sequence for _, sequence, *_ in entries]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    assert entries[0][2] == start and entries[1][2] == in_days(5, 10) and entries[2][2] == in_days(5, 11)
    assert [status for *_, status in entries] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]


async def test_the_desk_may_book_without_mailing_the_customer(app: InProcess) -> None:
    biz = await sign_up(app.client)
    address = "quiet-calendar@example.com"
    booked = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": in_days(4, 15).isoformat(),
            "new_customer": {"first_name": "Quirin", "last_name": "Still", "email": address},
            "notify": False,
        },
        headers=biz.auth,
    )
    assert booked.status_code == 201
    assert await app.outbox_to(address) == []
