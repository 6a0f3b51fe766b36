"""Signing up never tells whether an address has an account: it gets one more, in the new business."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from testkit.app import InProcess
from testkit.flows import sign_up

SHAPE = {"tenant_id", "slug", "user_id", "staff_id", "location_id", "token"}


async def business_with(
    client: httpx.AsyncClient, email: str, password: str, language: str = "de"
) -> httpx.Response:
    slug = f"biz-{secrets.token_hex(5)}"
    return await client.post(
        "/api/v1/signup",
        json={"business_name": f"Studio {slug}", "slug": slug, "email": email, "password": password},
        headers={"Accept-Language": language},
    )


async def slug_after_log_in(client: httpx.AsyncClient, email: str, password: str) -> Any:
    """The booking link of the business a log-in lands in, or the log-in's error code."""
    response = await client.post("/api/v1/login", json={"email": email, "password": password})
    if response.status_code != 200:
        return response.json()["error"]["code"]
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.json()['token']}"})
    return me.json()["business"]["slug"]


async def told(app: InProcess, email: str) -> list[dict[str, Any]]:
    """Mails to the address other than the verification every new business's owner gets."""
    return [m for m in await app.outbox_to(email) if m["kind"] != "owner_verification"]


async def test_an_address_in_use_signs_up_like_any_other_and_its_owner_hears_of_it(app: InProcess) -> None:
    first = await sign_up(app.client)
    email = f"{first.slug}@owner.example"

    second = await business_with(app.client, email.upper(), "another good password")

    assert second.status_code == 201, second.text
    assert set(second.json()) == SHAPE
    assert second.json()["tenant_id"] != first.tenant_id
    assert (await app.client.get("/api/v1/me", headers=first.auth)).json()["business"]["slug"] == first.slug
    assert await slug_after_log_in(app.client, email, "correct horse battery") == first.slug
    assert await slug_after_log_in(app.client, email, "another good password") == second.json()["slug"]
    assert await slug_after_log_in(app.client, email, "neither of them") == "bad_credentials"
    [mail] = await told(app, email)
    assert mail["kind"] == "business_registered"
    assert mail["subject"] == "Ein neuer Betrieb mit Ihrer E-Mail-Adresse"
    assert f"http://testserver/book/{second.json()['slug']}" in mail["body"]
    assert mail["tenant_id"] == second.json()["tenant_id"]


async def test_a_new_address_gets_no_such_mail_and_english_asks_in_english(app: InProcess) -> None:
    email = f"new-{secrets.token_hex(4)}@owner.example"
    assert (await business_with(app.client, email, "a good password")).status_code == 201
    assert await told(app, email) == []

    assert (await business_with(app.client, email, "a good password", "en")).status_code == 201
    [mail] = await told(app, email)
    assert mail["subject"] == "A new business with your email address"


async def test_the_same_password_in_two_businesses_logs_in_to_the_newer(app: InProcess) -> None:
    email = f"twice-{secrets.token_hex(4)}@owner.example"
    older = await business_with(app.client, email, "one password for both")
    newer = await business_with(app.client, email, "one password for both")

    assert older.status_code == newer.status_code == 201
    assert await slug_after_log_in(app.client, email, "one password for both") == newer.json()["slug"]


async def test_the_sign_up_page_takes_an_address_in_use_too(app: InProcess) -> None:
    first = await sign_up(app.client)
    form = await app.client.get("/signup")
    csrf = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    slug = f"form-{secrets.token_hex(4)}"

    response = await app.client.post(
        "/signup",
        data={
            "business_name": "Zweites Studio",
            "slug": slug,
            "email": f"{first.slug}@owner.example",
            "password": "another good password",
            "timezone": "Europe/Vienna",
            "csrf_token": csrf,
        },
    )

    assert response.status_code == 303 and response.headers["location"] == "/setup"
    assert f"/book/{slug}" in (await app.client.get("/calendar")).text


async def test_a_booking_link_in_use_is_still_refused(app: InProcess) -> None:
    first = await sign_up(app.client)
    body = {"business_name": "X", "slug": first.slug, "email": "o@owner.example", "password": "long enough"}
    response = await app.client.post("/api/v1/signup", json=body)
    assert response.status_code == 409 and response.json()["error"]["code"] == "slug_taken"
