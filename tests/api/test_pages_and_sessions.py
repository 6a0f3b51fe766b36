"""The pages and browser sessions: forms with CSRF, the cookie that the calendar's API calls use."""

from __future__ import annotations

import re
import secrets

import httpx

from testkit.app import InProcess
from testkit.flows import Business, sign_up


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert match, html[:500]
    return match.group(1)


async def test_signup_form_logs_in_and_shows_the_calendar(app: InProcess) -> None:
    form = await app.client.get("/signup")
    assert form.status_code == 200
    slug = f"form-{secrets.token_hex(4)}"
    response = await app.client.post(
        "/signup",
        data={
            "business_name": "Salon Form",
            "slug": slug,
            "email": f"{slug}@owner.example",
            "password": "long enough pw",
            "timezone": "Europe/Vienna",
            "csrf_token": csrf_of(form.text),
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/setup"
    calendar = await app.client.get("/calendar")
    assert calendar.status_code == 200 and "Salon Form" in calendar.text
    assert f"/book/{slug}" in calendar.text

    # The calendar's own API calls ride on the session cookie and need the CSRF header to write.
    assert (await app.client.get("/api/v1/appointments")).status_code == 200
    without = await app.client.post("/api/v1/customers", json={"first_name": "A", "last_name": "B"})
    assert without.status_code == 403 and without.json()["error"]["code"] == "csrf_failed"
    with_header = await app.client.post(
        "/api/v1/customers",
        json={"first_name": "A", "last_name": "B"},
        headers={"X-CSRF-Token": csrf_of(calendar.text)},
    )
    assert with_header.status_code == 201

    logout = await app.client.post("/logout", data={"csrf_token": csrf_of(calendar.text)})
    assert logout.status_code == 303
    assert (await app.client.get("/calendar")).status_code == 303
    assert (await app.client.get("/api/v1/appointments")).status_code == 401


async def sign_in_by_form(client: httpx.AsyncClient, biz: Business) -> str:
    """Logs the owner in through the log-in page; returns the CSRF token of the calendar page."""
    form = await client.get("/login")
    response = await client.post(
        "/login",
        data={
            "email": f"{biz.slug}@owner.example",
            "password": "correct horse battery",
            "csrf_token": csrf_of(form.text),
        },
    )
    assert response.status_code == 303, response.text
    return csrf_of((await client.get("/calendar")).text)


async def test_a_copy_of_the_cookie_signs_nobody_in_after_log_out(app: InProcess) -> None:
    biz = await sign_up(app.client)
    csrf = await sign_in_by_form(app.client, biz)
    copied = httpx.Cookies(app.client.cookies)

    assert (await app.client.post("/logout", data={"csrf_token": csrf})).status_code == 303

    async with app.other_client(copied) as replay:
        assert (await replay.get("/api/v1/appointments")).status_code == 401
        assert (await replay.get("/calendar")).headers["location"] == "/login"


async def test_a_new_password_keeps_the_page_signed_in_and_ends_every_copy(app: InProcess) -> None:
    biz = await sign_up(app.client)
    csrf = await sign_in_by_form(app.client, biz)
    copied = httpx.Cookies(app.client.cookies)

    changed = await app.client.post(
        "/api/v1/password",
        json={"current_password": "correct horse battery", "new_password": "a brand new secret"},
        headers={"X-CSRF-Token": csrf},
    )

    assert changed.status_code == 200, changed.text
    assert (await app.client.get("/api/v1/me")).status_code == 200
    assert (await app.client.get("/settings")).status_code == 200
    async with app.other_client(copied) as replay:
        assert (await replay.get("/api/v1/me")).status_code == 401
    assert (await app.client.get("/api/v1/me", headers=biz.auth)).status_code == 401


async def test_forms_refuse_a_missing_csrf_token(app: InProcess) -> None:
    await app.client.get("/login")
    response = await app.client.post(
        "/login", data={"email": "a@b.example", "password": "whatever"}
    )
    assert response.status_code == 403
    assert 'action="/login"' in response.text


async def test_a_wrong_password_shows_the_form_again(app: InProcess) -> None:
    form = await app.client.get("/login")
    response = await app.client.post(
        "/login",
        data={"email": "nobody@x.example", "password": "wrong", "csrf_token": csrf_of(form.text)},
    )
    assert response.status_code == 401
    assert "nobody@x.example" in response.text
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.text


async def test_signup_errors_name_the_field(app: InProcess) -> None:
    form = await app.client.get("/signup")
    response = await app.client.post(
        "/signup",
        data={
            "business_name": "X",
            "slug": "!!",
            "email": "x@y.example",
            "password": "long enough pw",
            "timezone": "Europe/Vienna",
            "csrf_token": csrf_of(form.text),
        },
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text


async def test_pages_that_do_not_exist_are_readable(app: InProcess) -> None:
    response = await app.client.get("/book/no-such-business")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert (await app.client.get("/verify/forged-token")).status_code == 404


async def test_only_the_booking_page_may_be_framed(app: InProcess) -> None:
    assert (await app.client.get("/login")).headers["x-frame-options"] == "DENY"
    assert "x-frame-options" not in (await app.client.get("/book/anything")).headers


async def test_openapi_describes_the_contract(app: InProcess) -> None:
    spec = (await app.client.get("/api/v1/openapi.json")).json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/signup",
        "/appointments",
        "/public/{slug}/slots",
        "/public/{slug}/holds",
        "/public/holds/{hold_id}/confirm",
        "/customer/register",
    ):
        assert path in spec["paths"], path
