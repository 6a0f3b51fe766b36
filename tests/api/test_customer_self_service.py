"""Customers help themselves: a new security code, a forgotten password, their profile, a calendar
entry with the confirmation, and cancelling through the mailed link."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest

from mail.sender import build_email
from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, code_for, customer, mails_to, sign_up, wait_for_mail
from testkit.stand_ins import Clock, Heard
from web.security import directives


@pytest.fixture
async def timed_app(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url), clock=clock) as running:
        yield running


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def in_days(days: int, hour: int = 10) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


async def hold(app: InProcess, biz: Business, token: str, start: datetime) -> dict[str, Any]:
    body = {"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()}
    response = await app.client.post(f"/api/v1/public/{biz.slug}/holds", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    return dict(response.json())


async def booked_online(app: InProcess, biz: Business, start: datetime) -> tuple[str, str, str]:
    """A binding online booking; returns (customer e-mail, customer token, appointment id)."""
    email, token = await customer(app.client)
    held = await hold(app, biz, token, start)
    code = await code_for(app.client, email)
    response = await app.client.post(
        f"/api/v1/public/holds/{held['id']}/confirm", json={"code": code}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    return email, token, held["id"]


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def form_csrf(html: str) -> str:
    """The session's CSRF token, as every page carries it in its meta tag."""
    return html.split('name="csrf-token" content="')[1].split('"')[0]


# 1. A new security code


async def test_a_new_code_replaces_the_old_one_three_sends_at_most(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    held = await hold(app, biz, token, in_days(2))
    first = await code_for(app.client, email)
    confirm = f"/api/v1/public/holds/{held['id']}/confirm"
    resend = f"/api/v1/public/holds/{held['id']}/resend"

    wrong = await app.client.post(confirm, json={"code": other_than(first)}, headers=bearer(token))
    assert wrong.json()["error"]["attempts_left"] == 4
    assert (await app.client.post(resend, headers=bearer(token))).status_code == 202
    second = await code_for(app.client, email, count=2)
    if second != first:
        old = await app.client.post(confirm, json={"code": first}, headers=bearer(token))
        assert old.status_code == 422
        assert old.json()["error"]["attempts_left"] == 3  # the wrong tries are not reset

    assert (await app.client.post(resend, headers=bearer(token))).status_code == 202
    newest = await code_for(app.client, email, count=3)
    too_many = await app.client.post(resend, headers=bearer(token))
    assert too_many.status_code == 429
    assert int(too_many.headers["Retry-After"]) > 0
    assert too_many.json()["error"]["code"] == "too_many_requests"
    assert "Versuche" in too_many.json()["error"]["message"]
    assert len([m for m in await mails_to(app.client, email) if "Sicherheitscode" in m["subject"]]) == 3

    done = await app.client.post(confirm, json={"code": newest}, headers=bearer(token))
    assert done.status_code == 200 and done.json()["status"] == "booked"
    after = await app.client.post(resend, headers=bearer(token))
    assert after.status_code == 409 and after.json()["error"]["code"] == "already_confirmed"


async def test_no_new_code_for_a_released_or_foreign_hold(app: InProcess) -> None:
    biz = await sign_up(app.client)
    _, token = await customer(app.client)
    held = await hold(app, biz, token, in_days(2, 11))
    resend = f"/api/v1/public/holds/{held['id']}/resend"
    _, stranger = await customer(app.client, "Otto")
    assert (await app.client.post(resend, headers=bearer(stranger))).status_code == 404
    assert (await app.client.post(resend)).status_code == 401

    assert (
        await app.client.delete(f"/api/v1/public/holds/{held['id']}", headers=bearer(token))
    ).status_code == 204
    gone = await app.client.post(resend, headers=bearer(token))
    assert gone.status_code == 410 and gone.json()["error"]["code"] == "hold_released"


# 2. A forgotten password


def reset_token(body: str) -> str:
    match = re.search(r"http://testserver/account/reset/([A-Za-z0-9_\-]+)", body)
    assert match, body
    return match.group(1)


async def test_reset_by_the_mailed_link_and_its_page(app: InProcess) -> None:
    email, before = await customer(app.client)
    nobody = "nobody-" + datetime.now(UTC).strftime("%H%M%S%f") + "@customer.example"
    unknown = await app.client.post("/api/v1/customer/password-reset", json={"email": nobody})
    known = await app.client.post("/api/v1/customer/password-reset", json={"email": email.upper()})
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert await mails_to(app.client, nobody) == []
    mail = (await wait_for_mail(app.client, email, count=2))[0]
    token = reset_token(mail["body"])

    page = await app.client.get(f"/account/reset/{token}")
    assert page.status_code == 200 and 'name="password_repeat"' in page.text
    csrf = form_csrf(page.text)
    differ = await app.client.post(
        f"/account/reset/{token}",
        data={"csrf_token": csrf, "password": "brand new secret", "password_repeat": "another one"},
    )
    assert differ.status_code == 400 and "stimmen nicht überein" in differ.text
    no_csrf = await app.client.post(
        f"/account/reset/{token}",
        data={"password": "brand new secret", "password_repeat": "brand new secret"},
    )
    assert no_csrf.status_code == 403
    done = await app.client.post(
        f"/account/reset/{token}",
        data={"csrf_token": csrf, "password": "brand new secret", "password_repeat": "brand new secret"},
    )
    assert done.status_code == 200 and 'data-state="done"' in done.text
    # Whoever was logged in with the old password (perhaps someone who guessed it) is logged out.
    assert (await app.client.get("/api/v1/customer/me", headers=bearer(before))).status_code == 401

    login = {"email": email, "password": "brand new secret"}
    assert (await app.client.post("/api/v1/customer/login", json=login)).status_code == 200
    old = {"email": email, "password": "a good password"}
    assert (await app.client.post("/api/v1/customer/login", json=old)).status_code == 401
    again = await app.client.post(
        "/api/v1/customer/password-reset/confirm", json={"token": token, "password": "third password"}
    )
    assert again.status_code == 410 and again.json()["error"]["code"] == "token_used"
    used_page = await app.client.get(f"/account/reset/{token}")
    assert used_page.status_code == 200 and 'data-state="used"' in used_page.text
    forged = await app.client.get("/account/reset/forged-token")
    assert forged.status_code == 404 and "<html" in forged.text


async def test_reset_through_the_api_also_verifies_the_address(app: InProcess) -> None:
    email = "unverified-" + datetime.now(UTC).strftime("%H%M%S%f") + "@customer.example"
    body = {"email": email, "password": "first password", "first_name": "Ida", "last_name": "Ott"}
    assert (await app.client.post("/api/v1/customer/register", json=body)).status_code == 202
    await app.client.post("/api/v1/customer/password-reset", json={"email": email})
    mail = next(m for m in await wait_for_mail(app.client, email, count=2) if "/account/reset/" in m["body"])
    token = reset_token(mail["body"])
    weak = await app.client.post(
        "/api/v1/customer/password-reset/confirm", json={"token": token, "password": "x"}
    )
    assert weak.status_code == 400 and weak.json()["error"]["code"] == "weak_password"
    done = await app.client.post(
        "/api/v1/customer/password-reset/confirm", json={"token": token, "password": "second password"}
    )
    assert done.status_code == 200
    login = await app.client.post(
        "/api/v1/customer/login", json={"email": email, "password": "second password"}
    )
    assert login.status_code == 200
    verify_token = re.search(r"/verify/([A-Za-z0-9_\-]+)", (await mails_to(app.client, email))[-1]["body"])
    assert verify_token  # the verification link is no reset link, and no reset link verifies
    mixed = await app.client.post(
        "/api/v1/customer/password-reset/confirm",
        json={"token": verify_token.group(1), "password": "second password"},
    )
    assert mixed.status_code == 404


async def test_reset_links_expire_after_an_hour(timed_app: InProcess, clock: Clock) -> None:
    email, _ = await customer(timed_app.client)
    await timed_app.client.post("/api/v1/customer/password-reset", json={"email": email})
    token = reset_token((await wait_for_mail(timed_app.client, email, count=2))[0]["body"])
    clock.offset = timedelta(minutes=61)
    late = await timed_app.client.post(
        "/api/v1/customer/password-reset/confirm", json={"token": token, "password": "too late now"}
    )
    assert late.status_code == 410 and late.json()["error"]["code"] == "token_expired"
    page = await timed_app.client.get(f"/account/reset/{token}")
    assert 'data-state="expired"' in page.text


# 3. The customer's profile


async def test_customers_read_and_change_their_profile(app: InProcess) -> None:
    email, token = await customer(app.client, "Paula")
    me = await app.client.get("/api/v1/customer/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json() == {
        "email": email,
        "first_name": "Paula",
        "last_name": "Kundin",
        "phone": "",
        "language": "de",
    }
    changed = await app.client.patch(
        "/api/v1/customer/me",
        json={"last_name": " Huber ", "phone": "+43 1 234", "language": "en"},
        headers=bearer(token),
    )
    assert changed.status_code == 200
    assert changed.json() == me.json() | {"last_name": "Huber", "phone": "+43 1 234", "language": "en"}
    assert (await app.client.get("/api/v1/customer/me", headers=bearer(token))).json() == changed.json()
    assert (await app.client.get("/api/v1/customer/me")).status_code == 401


async def test_customers_change_their_password_with_the_current_one(app: InProcess) -> None:
    email, token = await customer(app.client, "Petra")
    change = "/api/v1/customer/password"

    wrong = await app.client.post(
        change,
        json={"current_password": "not my password", "new_password": "brand new secret"},
        headers=bearer(token),
    )
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "wrong_password"
    assert wrong.json()["error"]["field"] == "current_password"
    assert wrong.json()["error"]["message"] == "Das bisherige Passwort stimmt nicht."
    weak = await app.client.post(
        change, json={"current_password": "a good password", "new_password": "short"}, headers=bearer(token)
    )
    assert weak.status_code == 400
    assert (weak.json()["error"]["code"], weak.json()["error"]["field"]) == ("weak_password", "new_password")
    missing = await app.client.post(
        change, json={"current_password": "a good password"}, headers=bearer(token)
    )
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "missing_field"
    anonymous = {"current_password": "a good password", "new_password": "brand new secret"}
    assert (await app.client.post(change, json=anonymous)).status_code == 401
    login = "/api/v1/customer/login"
    elsewhere = await app.client.post(login, json={"email": email, "password": "a good password"})
    assert elsewhere.status_code == 200

    done = await app.client.post(
        change,
        json={"current_password": "a good password", "new_password": "brand new secret"},
        headers=bearer(token),
    )
    assert done.status_code == 200 and done.json()["status"] == "password_changed"
    # Log-ins made with the old password end; the page that changed it carries on with a new token.
    for old in (token, elsewhere.json()["token"]):
        assert (await app.client.get("/api/v1/customer/me", headers=bearer(old))).status_code == 401
    fresh = await app.client.get("/api/v1/customer/me", headers=bearer(done.json()["token"]))
    assert fresh.status_code == 200 and fresh.json()["email"] == email
    assert (
        await app.client.post(login, json={"email": email, "password": "a good password"})
    ).status_code == 401
    assert (
        await app.client.post(login, json={"email": email, "password": "brand new secret"})
    ).status_code == 200


async def test_the_customers_own_routes_are_described_with_their_bearer_token(app: InProcess) -> None:
    paths = (await app.client.get("/api/v1/openapi.json")).json()["paths"]
    for path, method in [("/customer/me", "get"), ("/customer/me", "patch"), ("/customer/password", "post")]:
        assert paths[path][method]["security"] == [{"bearer": []}], (path, method)


async def test_the_account_page_leads_back_to_the_booking_page_it_came_from(app: InProcess) -> None:
    biz = await sign_up(app.client)
    origins = {"embed_origins": ["https://praxis-example.at"]}
    assert (await app.client.patch("/api/v1/settings", json=origins, headers=biz.auth)).status_code == 200

    page = await app.client.get("/account", params={"book": biz.slug})
    assert page.status_code == 200 and "Ihr Kundenkonto" in page.text
    assert (
        f'href="/book/{biz.slug}"' in page.text and f"Zurück zur Buchung bei Praxis {biz.slug}" in page.text
    )
    # Inside the business's iframe the booking page links here, so the same sites may frame it.
    policy = directives(page.headers["content-security-policy"])
    assert policy["frame-ancestors"] == "'self' https://praxis-example.at"

    for params in ({}, {"book": "no-such-business"}, {"book": "x" * 500}):
        plain = await app.client.get("/account", params=params)
        assert plain.status_code == 200 and 'id="back-link"' not in plain.text
        assert "praxis-example.at" not in plain.headers.get("content-security-policy", "")
    english = await app.client.get("/account", params={"lang": "en"})
    assert "Your customer account" in english.text


@pytest.mark.parametrize(
    ("body", "code"),
    [
        pytest.param({"language": "fr"}, "invalid_language", id="language"),
        pytest.param({"first_name": "  "}, "invalid_name", id="empty-name"),
        pytest.param({"phone": "1" * 51}, "invalid_phone", id="long-phone"),
        pytest.param({"email": "new@example.com"}, "unknown_field", id="email"),
        pytest.param({"phone": 5}, "invalid_phone", id="phone-number-type"),
    ],
)
async def test_profile_changes_are_checked(app: InProcess, body: dict[str, Any], code: str) -> None:
    _, token = await customer(app.client)
    response = await app.client.patch("/api/v1/customer/me", json=body, headers=bearer(token))
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_the_sender_attaches_what_the_outbox_holds() -> None:
    row = {
        "id": "m1",
        "to_addr": "clara@example.com",
        "subject": "Termin bestätigt",
        "body": "Hallo",
        "attachments": [
            {"filename": "termin.ics", "content_type": "text/calendar", "content": "BEGIN:VCALENDAR\r\n"}
        ],
    }
    message: EmailMessage = build_email(row, "termine@example.com")
    parts = list(message.iter_attachments())
    assert len(parts) == 1
    assert parts[0].get_content_type() == "text/calendar"
    assert parts[0].get_param("method") == "PUBLISH"
    assert parts[0].get_filename() == "termin.ics"
    assert "BEGIN:VCALENDAR" in parts[0].get_content()
    plain = build_email(row | {"attachments": None}, "termine@example.com")
    assert not plain.is_multipart()


# 5. Cancelling through the mailed link


def cancel_link(body: str) -> str:
    match = re.search(r"http://testserver(/cancel/[A-Za-z0-9_\-.]+)", body)
    assert match, body
    return match.group(1)


async def test_the_customer_cancels_through_the_link(app: InProcess) -> None:
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    biz = await sign_up(app.client)
    start = in_days(3, 14)
    email, _, appointment_id = await booked_online(app, biz, start)
    mail = next(m for m in await mails_to(app.client, email) if m["subject"].startswith("Termin bestätigt"))
    path = cancel_link(mail["body"])

    page = await app.client.get(path)
    assert page.status_code == 200
    assert "Termin absagen" in page.text and "Behandlung" in page.text and 'data-state="ask"' in page.text
    refused = await app.client.post(path, data={"csrf_token": "forged"})
    assert refused.status_code == 403
    heard.events.clear()
    done = await app.client.post(path, data={"csrf_token": form_csrf(page.text)})
    assert done.status_code == 200 and 'data-state="done"' in done.text

    listed = await app.client.get(
        "/api/v1/appointments",
        params={"from": start.isoformat(), "to": (start + timedelta(hours=1)).isoformat()},
        headers=biz.auth,
    )
    assert [(a["id"], a["status"]) for a in listed.json()["appointments"]] == [(appointment_id, "cancelled")]
    names = [name for name, _ in heard.events]
    assert "appointment.cancelled" in names and "slots.changed" in names
    cancelled = [m for m in await mails_to(app.client, email) if m["subject"].startswith("Termin abgesagt")]
    assert len(cancelled) == 1

    again = await app.client.get(path)
    assert again.status_code == 200 and 'data-state="cancelled"' in again.text
    assert 'action="/cancel/' not in again.text
    twice = await app.client.post(path, data={"csrf_token": form_csrf(page.text)})
    assert twice.status_code == 410 and 'data-state="cancelled"' in twice.text


async def test_too_late_or_tampered_links_get_a_readable_page(app: InProcess) -> None:
    biz = await sign_up(app.client)
    assert (await app.client.get("/api/v1/settings", headers=biz.auth)).json()["cancel_cutoff_hours"] == 24
    start = in_days(2, 15)
    email, _, appointment_id = await booked_online(app, biz, start)
    mail = next(m for m in await mails_to(app.client, email) if m["subject"].startswith("Termin bestätigt"))
    path = cancel_link(mail["body"])
    changed = await app.client.patch("/api/v1/settings", json={"cancel_cutoff_hours": 96}, headers=biz.auth)
    assert changed.status_code == 200 and changed.json()["cancel_cutoff_hours"] == 96

    page = await app.client.get(path)
    assert page.status_code == 200 and 'data-state="too_late"' in page.text
    assert 'action="/cancel/' not in page.text
    assert "96 Stunden" in page.text and "rufen Sie" in page.text
    late = await app.client.post(path, data={"csrf_token": form_csrf(page.text)})
    assert late.status_code == 409 and 'data-state="too_late"' in late.text
    listed = await app.client.get(
        "/api/v1/appointments",
        params={"from": start.isoformat(), "to": (start + timedelta(hours=1)).isoformat()},
        headers=biz.auth,
    )
    assert [(a["id"], a["status"]) for a in listed.json()["appointments"]] == [(appointment_id, "booked")]

    for bad in (
        path[:-3] + "xyz",
        "/cancel/not-a-token",
        path.replace(path[9], "A" if path[9] != "A" else "B"),
    ):
        shown = await app.client.get(bad)
        assert shown.status_code == 404 and "<html" in shown.text, bad
        posted = await app.client.post(bad, data={"csrf_token": form_csrf(page.text)})
        assert posted.status_code == 404 and "<html" in posted.text, bad


@pytest.mark.parametrize("value", [-1, 721, "24", True, 1.5])
async def test_the_cutoff_setting_is_checked(app: InProcess, value: Any) -> None:
    biz = await sign_up(app.client)
    response = await app.client.patch(
        "/api/v1/settings", json={"cancel_cutoff_hours": value}, headers=biz.auth
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_setting"


async def test_with_no_cutoff_a_booking_can_be_cancelled_until_it_begins(
    timed_app: InProcess, clock: Clock
) -> None:
    app = timed_app
    biz = await sign_up(app.client, cancel_cutoff_hours=0)
    start = in_days(1, 8)
    email, _, _ = await booked_online(app, biz, start)
    mail = next(m for m in await mails_to(app.client, email) if m["subject"].startswith("Termin bestätigt"))
    path = cancel_link(mail["body"])
    clock.offset = start - datetime.now(UTC) - timedelta(minutes=5)
    assert 'data-state="ask"' in (await app.client.get(path)).text
    clock.offset = start - datetime.now(UTC) + timedelta(minutes=1)
    assert 'data-state="past"' in (await app.client.get(path)).text
