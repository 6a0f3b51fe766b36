"""Names and subjects are one line: a line break or control character anywhere is a 400 naming the
field, because these values become mail subjects, calendar entries and CSV cells."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from testkit.app import InProcess
from testkit.flows import Business, sign_up

#: A line separator (U+2028), a carriage return, NEL (U+0085) and a bell: each ends or controls a line.
BREAKS = ["Massage\u2028Bcc: alle@example.com", "Mass\rage", "Mass\x85age", "Mass\x07age"]


def new_slug() -> str:
    return f"zeile-{secrets.token_hex(4)}"


#: (method, path, body with the bad value put in `{bad}`, the field the error must name)
CASES = [
    ("POST", "/api/v1/services", {"name": "{bad}", "duration_minutes": 30}, "name"),
    ("POST", "/api/v1/locations", {"name": "{bad}", "opening_hours": {}}, "name"),
    ("POST", "/api/v1/staff", {"name": "{bad}"}, "name"),
    ("POST", "/api/v1/customers", {"first_name": "{bad}", "last_name": "Berg"}, "first_name"),
    ("POST", "/api/v1/customers", {"first_name": "Anna", "last_name": "{bad}"}, "last_name"),
    ("POST", "/api/v1/customers", {"last_name": "Berg", "city": "{bad}"}, "city"),
    ("POST", "/api/v1/customer-groups", {"name": "{bad}"}, "name"),
    ("POST", "/api/v1/newsletters", {"subject": "{bad}", "body": "Text", "group_ids": []}, "subject"),
]


def filled(body: dict[str, Any], bad: str) -> dict[str, Any]:
    return {key: bad if value == "{bad}" else value for key, value in body.items()}


@pytest.mark.parametrize(("method", "path", "body", "field"), CASES, ids=[f"{c[1]}:{c[3]}" for c in CASES])
async def test_staff_side_single_line_fields_refuse_line_breaks(
    app: InProcess, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    biz = await sign_up(app.client)
    for bad in BREAKS:
        response = await app.client.request(method, path, json=filled(body, bad), headers=biz.auth)
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["error"]["field"] == field


async def test_renaming_a_service_or_location_refuses_line_breaks(app: InProcess) -> None:
    biz: Business = await sign_up(app.client)
    for bad in BREAKS:
        renamed = await app.client.patch(
            f"/api/v1/services/{biz.service_id}", json={"name": bad}, headers=biz.auth
        )
    assert renamed.status_code == 400 and renamed.json()["error"]["field"] == "name"
    moved = await app.client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"name": bad}, headers=biz.auth
    )
    assert moved.status_code == 400 and moved.json()["error"]["field"] == "name"


@pytest.mark.parametrize("bad", BREAKS)
async def test_signup_and_registration_refuse_line_breaks_in_names(app: InProcess, bad: str) -> None:
    slug = new_slug()
    signup = await app.client.post(
        "/api/v1/signup",
        json={
            "business_name": f"Praxis {bad}",
            "slug": slug,
            "email": f"{slug}@owner.example",
            "password": "long enough pw",
        },
    )
    assert signup.status_code == 400 and signup.json()["error"]["field"] == "business_name"
    register = await app.client.post(
        "/api/v1/customer/register",
        json={
            "email": f"{slug}@customer.example",
            "password": "long enough pw",
            "first_name": bad,
            "last_name": "X",
        },
    )
    assert register.status_code == 400 and register.json()["error"]["field"] == "first_name"


async def test_the_error_names_the_field_in_german_and_english(app: InProcess) -> None:
    biz = await sign_up(app.client)
    body = {"name": "Massage\u2028Bcc: x", "duration_minutes": 30}
    german = await app.client.post("/api/v1/services", json=body, headers=biz.auth)
    assert german.json()["error"] == {
        "code": "invalid_line",
        "message": "Name ist eine Zeile ohne Zeilenumbrüche und Steuerzeichen.",
        "detail": "name must be one line, without line breaks or control characters.",
        "field": "name",
    }
    english = await app.client.post(
        "/api/v1/services", json=body, headers={**biz.auth, "Accept-Language": "en"}
    )
    assert (
        english.json()["error"]["message"] == "Name is one line, without line breaks or control characters."
    )


async def test_notes_and_addresses_keep_their_lines(app: InProcess) -> None:
    biz = await sign_up(app.client)
    made = await app.client.post(
        "/api/v1/customers", json={"last_name": "Berg", "note": "Knie links\nseit März"}, headers=biz.auth
    )
    assert made.status_code == 201, made.text
    place = await app.client.post(
        "/api/v1/locations",
        json={"name": "Filiale", "address": "Hauptstraße 1\n1010 Wien", "opening_hours": {}},
        headers=biz.auth,
    )
    assert place.status_code == 201, place.text
