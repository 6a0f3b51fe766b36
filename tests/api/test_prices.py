"""Prices: a service may have one, in the business's currency; the booking page's data and the
confirmation mail show it, written the way the customer's language writes money."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from testkit.app import InProcess, in_process, link_token, security_code, settings_for
from testkit.flows import sign_up
from testkit.mailbox import SmtpServer, plain_text


@pytest.fixture
async def mailing(database_url: str, smtp: SmtpServer) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url, smtp_url=smtp.url)) as running:
        yield running


def tomorrow_at(hour: int) -> datetime:
    zone = ZoneInfo("Europe/Vienna")
    day = datetime.now(UTC).astimezone(zone).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


async def test_a_price_is_whole_cents_from_nothing_to_a_million(app: InProcess) -> None:
    biz = await sign_up(app.client)
    url = f"/api/v1/services/{biz.service_id}"
    listed = (await app.client.get("/api/v1/services", headers=biz.auth)).json()["services"]
    assert listed[0]["price_cents"] is None
    for price in (4500, 0, 100_000_000):
        changed = await app.client.patch(url, json={"price_cents": price}, headers=biz.auth)
        assert changed.status_code == 200 and changed.json()["price_cents"] == price
    for wrong in (-1, 45.5, "45,00", 100_000_001, True):
        refused = await app.client.patch(url, json={"price_cents": wrong}, headers=biz.auth)
        assert refused.status_code == 400, (wrong, refused.text)
        assert refused.json()["error"]["code"] == "invalid_price"
    kept = await app.client.patch(url, json={"name": "Massage"}, headers=biz.auth)
    assert kept.json()["price_cents"] == 100_000_000
    cleared = await app.client.patch(url, json={"price_cents": None}, headers=biz.auth)
    assert cleared.status_code == 200 and cleared.json()["price_cents"] is None
    made = await app.client.post(
        "/api/v1/services",
        json={"name": "Erstgespräch", "duration_minutes": 60, "price_cents": 8000},
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text
    listed = (await app.client.get("/api/v1/services", headers=biz.auth)).json()["services"]
    assert {s["name"]: s["price_cents"] for s in listed} == {"Massage": None, "Erstgespräch": 8000}


async def test_the_currency_is_euro_or_swiss_franc(app: InProcess) -> None:
    biz = await sign_up(app.client)
    assert (await app.client.get("/api/v1/settings", headers=biz.auth)).json()["currency"] == "EUR"
    changed = await app.client.patch("/api/v1/settings", json={"currency": "CHF"}, headers=biz.auth)
    assert changed.status_code == 200 and changed.json()["currency"] == "CHF"
    for wrong in ("USD", "chf", None):
        refused = await app.client.patch("/api/v1/settings", json={"currency": wrong}, headers=biz.auth)
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_setting"


async def test_the_booking_page_data_carries_price_and_currency(app: InProcess) -> None:
    biz = await sign_up(app.client, currency="CHF")
    await app.client.patch(f"/api/v1/services/{biz.service_id}", json={"price_cents": 4500}, headers=biz.auth)
    shown = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    (service,) = shown["services"]
    assert service == {
        "id": biz.service_id,
        "name": "Behandlung",
        "duration_minutes": 30,
        "color": service["color"],
        "price_cents": 4500,
        "currency": "CHF",
        "series_online": 0,
    }


async def customer_in(app: InProcess, smtp: SmtpServer, language: str) -> tuple[str, dict[str, str]]:
    email = f"price-{secrets.token_hex(5)}@customer.example"
    body = {"email": email, "password": "a good password", "first_name": "Robin", "last_name": "Post"}
    assert (
        await app.client.post("/api/v1/customer/register", json=body | {"language": language})
    ).status_code == 202
    (verification,) = await smtp.inbox.wait_for(email)
    token = link_token(plain_text(verification))
    assert (await app.client.post("/api/v1/customer/verify", json={"token": token})).status_code == 200
    login = await app.client.post(
        "/api/v1/customer/login", json={"email": email, "password": "a good password"}
    )
    return email, {"Authorization": f"Bearer {login.json()['token']}"}


@pytest.mark.parametrize(("language", "line"), [("de", "Preis:    45,00\xa0€"), ("en", "Price:    €45.00")])
async def test_the_confirmation_mail_names_the_price_and_the_chosen_person(
    mailing: InProcess, smtp: SmtpServer, language: str, line: str
) -> None:
    app = mailing
    biz = await sign_up(app.client, inbox=smtp.inbox, staff_choice="required")
    await app.client.patch(f"/api/v1/services/{biz.service_id}", json={"price_cents": 4500}, headers=biz.auth)
    await app.client.patch(f"/api/v1/staff/{biz.staff_id}", json={"name": "Lena Maier"}, headers=biz.auth)
    email, bearer = await customer_in(app, smtp, language)
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "start": tomorrow_at(10).isoformat(),
            "staff_id": biz.staff_id,
        },
        headers=bearer,
    )
    assert held.status_code == 201, held.text
    code = security_code(str((await smtp.inbox.wait_for(email, count=2))[1]["Subject"]))
    confirmed = await app.client.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm", json={"code": code}, headers=bearer
    )
    assert confirmed.status_code == 200, confirmed.text
    mail = (await smtp.inbox.wait_for(email, count=3))[2]
    text = plain_text(mail).replace("\r\n", "\n")
    assert line in text.splitlines(), text
    assert ("Bei:      Lena Maier" if language == "de" else "With:     Lena Maier") in text


async def test_the_request_mail_names_the_price_in_swiss_francs(mailing: InProcess, smtp: SmtpServer) -> None:
    app = mailing
    biz = await sign_up(app.client, inbox=smtp.inbox, booking_mode="request", currency="CHF")
    await app.client.patch(
        f"/api/v1/services/{biz.service_id}", json={"price_cents": 12050}, headers=biz.auth
    )
    email, bearer = await customer_in(app, smtp, "de")
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "start": tomorrow_at(11).isoformat(),
        },
        headers=bearer,
    )
    assert held.status_code == 201, held.text
    code = security_code(str((await smtp.inbox.wait_for(email, count=2))[1]["Subject"]))
    confirmed = await app.client.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm", json={"code": code}, headers=bearer
    )
    assert confirmed.json()["status"] == "requested"
    mail = (await smtp.inbox.wait_for(email, count=3))[2]
    text = plain_text(mail).replace("\r\n", "\n")
    assert "Preis:    120,50\xa0CHF" in text.splitlines(), text
