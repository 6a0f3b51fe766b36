"""Customer mails arrive over SMTP in the customer's language: English for accounts that chose it,
German otherwise; an accepted request carries the calendar entry and the cancel link."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TypedDict

import httpx
import pytest

from mail.messages import render
from testkit.app import ServerProcess, link_token, security_code
from testkit.flows import Business, sign_up
from testkit.mailbox import SmtpServer, plain_text
from testkit.sockets import desk_booking, hold, tomorrow_at

PASSWORD = "a good password"
TEMPLATES = Path(__file__).resolve().parents[2] / "mail" / "templates"


def subject(message: EmailMessage) -> str:
    """The subject as a mail client shows it: a long one is folded onto the line after `Subject:`."""
    return str(message["Subject"]).strip()


def calendar_entries(message: EmailMessage) -> list[str]:
    return [
        str(part.get_content()) for part in message.iter_attachments() if part.get_filename() == "termin.ics"
    ]


def english_date(start: datetime) -> str:
    """How an English mail writes a start: "Monday, 29 March 2027 at 09:00" (C locale names)."""
    return f"{start:%A}, {start.day} {start:%B} {start.year} at {start:%H:%M}"


def german_date(start: datetime) -> str:
    return start.strftime("%d.%m.%Y um %H:%M Uhr")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
async def client(mailing: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the module's server that sends its mail to the module's SMTP server."""
    async with httpx.AsyncClient(base_url=mailing.url, timeout=30) as running:
        yield running


class Customer:
    """A customer account of the server, reading its mail at the SMTP server."""

    def __init__(self, client: httpx.AsyncClient, smtp: SmtpServer, email: str) -> None:
        self.client, self.smtp, self.email = client, smtp, email
        self.token = ""

    async def mail(self, number: int) -> EmailMessage:
        """The `number`th mail this customer received (1 is the first), once it is there."""
        return (await self.smtp.inbox.wait_for(self.email, count=number))[number - 1]

    async def book(self, biz: Business, start: datetime, mails_before: int) -> str:
        """Holds `start` and confirms it with the mailed code; returns the appointment id."""
        held = await hold(self.client, biz, self.token, start)
        assert held.status_code == 201, held.text
        code = security_code((await self.mail(mails_before + 1))["Subject"])
        confirmed = await self.client.post(
            f"/api/v1/public/holds/{held.json()['id']}/confirm",
            json={"code": code},
            headers=bearer(self.token),
        )
        assert confirmed.status_code == 200, confirmed.text
        return str(confirmed.json()["appointment_id"])


async def registered(
    client: httpx.AsyncClient, smtp: SmtpServer, language: str
) -> tuple[Customer, EmailMessage]:
    """A verified, logged-in customer who registered in `language`, and their verification mail."""
    email = f"{language}-{secrets.token_hex(5)}@customer.example"
    body = {
        "email": email,
        "password": PASSWORD,
        "first_name": "Robin",
        "last_name": "Post",
        "language": language,
    }
    assert (await client.post("/api/v1/customer/register", json=body)).status_code == 202
    who = Customer(client, smtp, email)
    verification = await who.mail(1)
    token = link_token(plain_text(verification))
    verified = await client.post("/api/v1/customer/verify", json={"token": token})
    assert verified.status_code == 200, verified.text
    login = await client.post("/api/v1/customer/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    who.token = login.json()["token"]
    return who, verification


class HoldCodeWords(TypedDict):
    """What the hold_code mail's template says besides its words from the catalog."""

    first_name: str
    business: str
    code: str
    service: str
    when: str
    until: str


def test_one_template_per_mail_speaks_the_recipients_language() -> None:
    """One template tree: the catalog words each mail; a language without a catalog reads German."""
    assert not (TEMPLATES / "en").exists()
    values: HoldCodeWords = {
        "first_name": "Ida",
        "business": "Praxis",
        "code": "123456",
        "service": "Massage",
        "when": "Mo 7.12. 10:00",
        "until": "10:15",
    }
    subjects = {
        lang: render("hold_code", "ida@example.com", language=lang, **values).subject
        for lang in ("de", "en", "fr")
    }
    assert subjects == {
        "de": "Ihr Sicherheitscode: 123456",
        "en": "Your security code: 123456",
        "fr": "Ihr Sicherheitscode: 123456",
    }
    english = render("hold_code", "ida@example.com", language="en", **values).body
    assert english.startswith("Hello Ida,\n\nyour security code for the appointment with Praxis is:")


async def test_an_english_customer_reads_every_step_in_english(
    client: httpx.AsyncClient, smtp: SmtpServer
) -> None:
    biz = await sign_up(client, inbox=smtp.inbox)
    who, verification = await registered(client, smtp, "en")
    assert subject(verification) == "Please confirm your email address"
    assert "Hello Robin," in plain_text(verification)

    start = tomorrow_at(16)
    appointment_id = await who.book(biz, start, mails_before=1)
    code_mail = await who.mail(2)
    assert subject(code_mail).startswith("Your security code: ")
    assert f"Behandlung on {english_date(start)}" in plain_text(code_mail)
    confirmation = await who.mail(3)
    assert subject(confirmation) == f"Appointment confirmed: Behandlung on {english_date(start)}"
    assert "/cancel/" in plain_text(confirmation) and "Can't make it?" in plain_text(confirmation)
    assert len(calendar_entries(confirmation)) == 1

    later = tomorrow_at(17, 30)
    moved = await client.patch(
        f"/api/v1/appointments/{appointment_id}",
        json={"start": later.isoformat(), "message": "Bitte etwas später."},
        headers=biz.auth,
    )
    assert moved.status_code == 200, moved.text
    move_mail = await who.mail(4)
    assert subject(move_mail) == f"Appointment moved: Behandlung on {english_date(later)}"
    assert f"Before:   {english_date(start)}" in plain_text(move_mail)
    assert "Bitte etwas später." in plain_text(move_mail)  # the business's own words stay as written

    cancelled = await client.post(f"/api/v1/appointments/{appointment_id}/cancel", json={}, headers=biz.auth)
    assert cancelled.status_code == 200, cancelled.text
    cancel_mail = await who.mail(5)
    assert subject(cancel_mail) == f"Appointment cancelled: Behandlung on {english_date(later)}"

    reset = await client.post("/api/v1/customer/password-reset", json={"email": who.email})
    assert reset.status_code == 202
    reset_mail = await who.mail(6)
    assert subject(reset_mail) == "Choose a new password" and "/account/reset/" in plain_text(reset_mail)
    assert re.search(r"/account/reset/\S+\?lang=en\s", plain_text(reset_mail))


async def test_requests_are_answered_in_the_customers_language(
    client: httpx.AsyncClient, smtp: SmtpServer
) -> None:
    biz = await sign_up(client, inbox=smtp.inbox, booking_mode="request")
    english, _ = await registered(client, smtp, "en")
    first, second = tomorrow_at(9, days=2), tomorrow_at(11, days=2)  # beyond the cut-off
    accepted_id = await english.book(biz, first, mails_before=1)
    received = await english.mail(3)
    assert subject(received) == f"Booking request received: Behandlung on {english_date(first)}"
    assert calendar_entries(received) == []
    declined_id = await english.book(biz, second, mails_before=3)

    answer = {"message": "See you soon."}
    accept = await client.post(f"/api/v1/appointments/{accepted_id}/accept", json=answer, headers=biz.auth)
    assert accept.status_code == 200, accept.text
    accepted = await english.mail(6)
    assert subject(accepted) == f"Appointment confirmed: Behandlung on {english_date(first)}"
    body = plain_text(accepted)
    assert "has accepted your booking request" in body and "See you soon." in body
    [entry] = calendar_entries(accepted)
    assert f"DTSTART:{first.astimezone(UTC):%Y%m%dT%H%M%SZ}" in entry
    assert "SUMMARY:Behandlung" in entry and f"UID:{accepted_id}@127.0.0.1" in entry
    link = re.search(r"http://127\.0\.0\.1:\d+(/cancel/\S+)", body)
    assert link, body
    assert link.group(1).endswith("?lang=en")  # the page opens in the mail's language
    page = await client.get(link.group(1))
    assert page.status_code == 200 and 'data-state="ask"' in page.text
    assert "<h1>Cancel appointment</h1>" in page.text

    decline = await client.post(f"/api/v1/appointments/{declined_id}/decline", json={}, headers=biz.auth)
    assert decline.status_code == 200, decline.text
    declined = await english.mail(7)
    assert subject(declined) == f"Booking request declined: Behandlung on {english_date(second)}"
    assert "choose another time online" in plain_text(declined)


async def test_german_stays_the_default_and_follows_a_profile_change(
    client: httpx.AsyncClient, smtp: SmtpServer
) -> None:
    biz = await sign_up(client, inbox=smtp.inbox, booking_mode="request")
    german, verification = await registered(client, smtp, "de")
    assert subject(verification) == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    start = tomorrow_at(10)
    appointment_id = await german.book(biz, start, mails_before=1)
    assert subject(await german.mail(3)) == f"Terminanfrage erhalten: Behandlung am {german_date(start)}"
    accept = await client.post(f"/api/v1/appointments/{appointment_id}/accept", json={}, headers=biz.auth)
    assert accept.status_code == 200, accept.text
    accepted = await german.mail(4)
    assert subject(accepted) == f"Termin bestätigt: Behandlung am {german_date(start)}"
    assert "/cancel/" in plain_text(accepted) and "absagen" in plain_text(accepted)
    assert "?lang=" not in plain_text(accepted)
    assert len(calendar_entries(accepted)) == 1

    switched = await client.patch(
        "/api/v1/customer/me", json={"language": "en"}, headers=bearer(german.token)
    )
    assert switched.status_code == 200, switched.text
    cancelled = await client.post(f"/api/v1/appointments/{appointment_id}/cancel", json={}, headers=biz.auth)
    assert cancelled.status_code == 200, cancelled.text
    assert subject(await german.mail(5)) == f"Appointment cancelled: Behandlung on {english_date(start)}"

    # A customer the desk books without any account is written to in German.
    address = f"desk-{secrets.token_hex(5)}@customer.example"
    desk_start = tomorrow_at(14)
    caller = {"first_name": "Dora", "last_name": "Desk", "email": address}
    booked = await desk_booking(client, biz, desk_start, new_customer=caller)
    assert booked.status_code == 201, booked.text
    gone = await client.post(f"/api/v1/appointments/{booked.json()['id']}/cancel", json={}, headers=biz.auth)
    assert gone.status_code == 200, gone.text
    confirmed, desk_mail = await smtp.inbox.wait_for(address, count=2)
    assert subject(confirmed) == f"Termin bestätigt: Behandlung am {german_date(desk_start)}"
    assert subject(desk_mail) == f"Termin abgesagt: Behandlung am {german_date(desk_start)}"
    assert plain_text(desk_mail).startswith("Hallo Dora,")
