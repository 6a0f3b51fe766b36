"""Data rights: a customer's download of everything kept about them, deleting the account, the
business's export of its own data, and the owner's verification before the booking page is live."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, code_for, customer, sign_up
from testkit.stand_ins import Clock

PASSWORD = "a good password"
_today = datetime.now(UTC).date()
WEEK = {"from": (_today - timedelta(days=1)).isoformat(), "to": (_today + timedelta(days=8)).isoformat()}


async def book(app: InProcess, biz: Business, email: str, token: str, index: int = 0) -> str:
    bearer = {"Authorization": f"Bearer {token}"}
    slots = await app.client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={"service_id": biz.service_id, "location_id": biz.location_id},
    )
    start = slots.json()["slots"][index]["start"]
    body = {"service_id": biz.service_id, "location_id": biz.location_id, "start": start}
    held = await app.client.post(f"/api/v1/public/{biz.slug}/holds", json=body, headers=bearer)
    assert held.status_code == 201, held.text
    codes = len([m for m in await app.outbox_to(email) if m["kind"] == "hold_code"])
    code = await code_for(app.client, email, codes)
    done = await app.client.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm", json={"code": code}, headers=bearer
    )
    assert done.status_code == 200, done.text
    return str(done.json()["appointment_id"])


async def test_the_download_holds_the_account_and_each_business_record_with_appointments(
    app: InProcess,
) -> None:
    first, second, other = await sign_up(app.client), await sign_up(app.client), await sign_up(app.client)
    email, token = await customer(app.client, "Dana")
    bearer = {"Authorization": f"Bearer {token}"}
    await book(app, first, email, token)
    await book(app, second, email, token)
    assert (
        await app.client.post(f"/api/v1/public/{first.slug}/newsletter", headers=bearer)
    ).status_code == 202
    # Another customer at a third business is nowhere in it.
    stranger, stranger_token = await customer(app.client, "Zora")
    await book(app, other, stranger, stranger_token)

    response = await app.client.get("/api/v1/customer/me/data", headers=bearer)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    data = json.loads(response.text)
    assert data["account"]["email"] == email and data["account"]["first_name"] == "Dana"
    assert "password_hash" not in response.text and "Zora" not in response.text
    assert sorted(b["business"] for b in data["businesses"]) == sorted(
        [f"Praxis {first.slug}", f"Praxis {second.slug}"]
    )
    for shown in data["businesses"]:
        assert shown["record"]["email"] == email
        assert [(a["status"], a["service"]) for a in shown["appointments"]] == [("booked", "Behandlung")]
    consents = {b["business"]: b["newsletter_consent"] for b in data["businesses"]}
    assert consents[f"Praxis {first.slug}"]["source"] == "booking_page"
    assert consents[f"Praxis {second.slug}"] is None
    assert (await app.client.get("/api/v1/customer/me/data")).status_code == 401


async def test_deleting_the_account_keeps_only_what_the_business_needs(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Olga")
    bearer = {"Authorization": f"Bearer {token}"}
    appointment = await book(app, biz, email, token)
    found = (await app.client.get("/api/v1/customers", params={"q": "Olga"}, headers=biz.auth)).json()
    (olga,) = found["customers"]

    wrong = await app.client.post(
        "/api/v1/customer/me/delete", json={"password": "not it at all"}, headers=bearer
    )
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "wrong_password"
    ahead = await app.client.post("/api/v1/customer/me/delete", json={"password": PASSWORD}, headers=bearer)
    assert ahead.status_code == 409 and ahead.json()["error"]["code"] == "has_upcoming"

    cancelled = await app.client.post(f"/api/v1/appointments/{appointment}/cancel", json={}, headers=biz.auth)
    assert cancelled.status_code == 200, cancelled.text
    gone = await app.client.post("/api/v1/customer/me/delete", json={"password": PASSWORD}, headers=bearer)
    assert gone.status_code == 204, gone.text

    # The account is gone: no log-in, no token, and the address may register anew.
    assert (await app.client.get("/api/v1/customer/me", headers=bearer)).status_code == 401
    login = await app.client.post("/api/v1/customer/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 401
    # A record without appointments that took place is erased; the calendar keeps its times.
    assert (await app.client.get(f"/api/v1/customers/{olga['id']}", headers=biz.auth)).status_code == 404
    listed = await app.client.get("/api/v1/appointments", params=WEEK, headers=biz.auth)
    (kept,) = [a for a in listed.json()["appointments"] if a["id"] == appointment]
    assert kept["status"] == "cancelled" and "Olga" not in json.dumps(kept)


@pytest.fixture
async def timed(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url), clock=clock) as running:
        yield running


async def test_a_record_with_appointments_that_took_place_keeps_the_name_and_loses_the_rest(
    timed: InProcess, clock: Clock
) -> None:
    app = timed
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Vera")
    bearer = {"Authorization": f"Bearer {token}"}
    booked = await book(app, biz, email, token)
    (vera,) = (await app.client.get("/api/v1/customers", params={"q": "Vera"}, headers=biz.auth)).json()[
        "customers"
    ]
    clock.offset = timedelta(days=10)  # the appointment took place

    gone = await app.client.post("/api/v1/customer/me/delete", json={"password": PASSWORD}, headers=bearer)
    assert gone.status_code == 204, gone.text
    view = (await app.client.get(f"/api/v1/customers/{vera['id']}", headers=biz.auth)).json()
    kept = view["customer"]
    assert (kept["first_name"], kept["last_name"]) == ("Vera", "Kundin")
    assert (kept["email"], kept["phone"], kept["account_linked"], kept["newsletter"]) == (
        "",
        "",
        False,
        False,
    )
    assert booked in json.dumps(view)


async def test_a_business_exports_its_own_tables_without_secrets_or_other_businesses(app: InProcess) -> None:
    biz, other = await sign_up(app.client), await sign_up(app.client)
    mine = f"mine-{secrets.token_hex(3)}@example.at"
    theirs = f"theirs-{secrets.token_hex(3)}@example.at"
    for owner, address, name in ((biz, mine, "Meine"), (other, theirs, "Fremde")):
        body = {"first_name": name, "last_name": "Kundin", "email": address}
        assert (await app.client.post("/api/v1/customers", json=body, headers=owner.auth)).status_code == 201
    response = await app.client.get("/api/v1/export", headers=biz.auth)
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    data = response.json()
    assert data["business"]["slug"] == biz.slug
    tables = data["tables"]
    assert {
        "customers",
        "appointments",
        "services",
        "calendars",
        "calendar_hours",
        "locations",
        "closures",
        "history",
    } <= set(tables)
    assert [c["email"] for c in tables["customers"]] == [mine]
    assert [s["id"] for s in tables["services"]] == [biz.service_id]
    assert all(
        row.get("tenant_id", biz.tenant_id) == biz.tenant_id for rows in tables.values() for row in rows
    )
    assert theirs not in response.text and other.slug not in response.text
    for secret in ("password_hash", "totp_secret", "recovery_codes", "code_hash", "token_hash", "nonce"):
        assert secret not in response.text
    assert "outbox" not in tables and "staff_sessions" not in tables
    assert (await app.client.get("/api/v1/export")).status_code == 401


async def test_an_unverified_owner_has_no_live_booking_page_until_the_link_is_opened(app: InProcess) -> None:
    slug = f"neu-{secrets.token_hex(4)}"
    owner_email = f"{slug}@owner.example"
    made = await app.client.post(
        "/api/v1/signup",
        json={
            "business_name": "Neu",
            "slug": slug,
            "email": owner_email,
            "password": "correct horse battery",
        },
    )
    assert made.status_code == 201, made.text
    auth = {"Authorization": f"Bearer {made.json()['token']}"}
    service = await app.client.post(
        "/api/v1/services", json={"name": "Schnitt", "duration_minutes": 30}, headers=auth
    )
    email, token = await customer(app.client, "Ida")

    page = await app.client.get(f"/book/{slug}", headers={"cookie": ""})
    assert page.status_code == 403 and "noch nicht freigeschaltet" in page.text
    body = {
        "service_id": service.json()["id"],
        "location_id": made.json()["location_id"],
        "start": "2030-01-07T09:00:00+01:00",
    }
    refused = await app.client.post(
        f"/api/v1/public/{slug}/holds", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "business_unverified"

    again = await app.client.post("/api/v1/owner/verification", headers=auth)
    assert again.status_code == 202
    mails = [m for m in await app.outbox_to(owner_email) if m["kind"] == "owner_verification"]
    assert len(mails) == 2
    link = re.search(r"http://testserver(/verify-business/[A-Za-z0-9_.\-]+)", mails[0]["body"])
    assert link
    ask = await app.client.get(link.group(1))
    assert 'data-state="ask"' in ask.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', ask.text)
    assert csrf
    done = await app.client.post(link.group(1), data={"csrf_token": csrf.group(1)})
    assert 'data-state="done"' in done.text

    assert (await app.client.get(f"/book/{slug}")).status_code == 200
    later = await app.client.post("/api/v1/owner/verification", headers=auth)
    assert later.status_code == 400 and later.json()["error"]["code"] == "already_verified"
    assert (await app.client.get("/api/v1/settings", headers=auth)).json().get("owner_verified", True) is True
    del email


async def test_registration_shows_the_business_privacy_notice_and_imprint(app: InProcess) -> None:
    biz = await sign_up(app.client)
    notice = "Wir speichern Ihre Daten nur für Ihre Termine.\nVerantwortlich: Praxis Muster"
    company = {"privacy_text": notice, "address": "Hauptstraße 1, 1010 Wien", "imprint_url": ""}
    saved = await app.client.patch("/api/v1/company", json=company, headers=biz.auth)
    assert saved.status_code == 200 and saved.json()["privacy_text"] == notice
    privacy = await app.client.get(f"/book/{biz.slug}/datenschutz")
    assert privacy.status_code == 200 and "Verantwortlich: Praxis Muster" in privacy.text
    imprint = await app.client.get(f"/book/{biz.slug}/impressum")
    assert imprint.status_code == 200 and "Hauptstraße 1, 1010 Wien" in imprint.text
    page = await app.client.get(f"/book/{biz.slug}")
    assert (
        f'href="/book/{biz.slug}/datenschutz"' in page.text
        and f'href="/book/{biz.slug}/impressum"' in page.text
    )
    too_long = await app.client.patch(
        "/api/v1/company", json={"privacy_text": "x" * 20_001}, headers=biz.auth
    )
    assert too_long.status_code == 400
    assert (await app.client.get("/book/no-such-business/datenschutz")).status_code == 404
