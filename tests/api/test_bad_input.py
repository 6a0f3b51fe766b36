"""Bad input anywhere gets the contract's error body and the right status, never a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from testkit.app import InProcess
from testkit.flows import Business, code_for, customer, sign_up


def assert_error(response: object, status: int, code: str) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def booking(biz: Business, **changes: object) -> dict[str, object]:
    start = datetime.now(UTC) + timedelta(days=2)
    body: dict[str, object] = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": start.replace(minute=0, second=0, microsecond=0).isoformat(),
        "new_customer": {"first_name": "Max", "last_name": "Muster"},
    }
    body.update(changes)
    return body


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        pytest.param(b"{not json", "invalid_json", id="malformed"),
        pytest.param(b"[1, 2]", "invalid_json", id="array"),
        pytest.param(b'"text"', "invalid_json", id="string"),
        pytest.param('{"x": "\xff"}'.encode("latin-1"), "invalid_json", id="not-utf8"),
    ],
)
async def test_malformed_bodies_are_refused(app: InProcess, raw: bytes, code: str) -> None:
    biz = await sign_up(app.client)
    response = await app.client.post(
        "/api/v1/appointments", content=raw, headers=biz.auth | {"Content-Type": "application/json"}
    )
    assert_error(response, 400, code)


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        pytest.param({"service_id": "0" * 32}, 404, "not_found", id="unknown-service"),
        pytest.param({"staff_id": "nope"}, 404, "not_found", id="unknown-staff"),
        pytest.param({"location_id": 12}, 400, "invalid_field", id="location-not-text"),
        pytest.param({"start": "2020-01-01T09:00:00+01:00"}, 400, "in_past", id="past"),
        pytest.param({"start": "2030-01-01T09:00:00"}, 400, "invalid_time", id="no-offset"),
        pytest.param({"start": "tomorrow"}, 400, "invalid_time", id="not-a-time"),
        pytest.param({"start": None}, 400, "missing_field", id="no-start"),
        pytest.param({"new_customer": {"first_name": ""}}, 400, "invalid_customer", id="nameless"),
        pytest.param(
            {"new_customer": None, "customer_id": "0" * 32}, 404, "not_found", id="unknown-customer"
        ),
        pytest.param({"new_customer": "Max"}, 400, "invalid_customer", id="customer-not-object"),
        pytest.param({"note": 5}, 400, "invalid_field", id="note-not-text"),
    ],
)
async def test_desk_booking_input_is_checked(
    app: InProcess, changes: dict[str, object], status: int, code: str
) -> None:
    biz = await sign_up(app.client)
    body = {k: v for k, v in booking(biz, **changes).items() if v is not None or k == "start"}
    response = await app.client.post("/api/v1/appointments", json=body, headers=biz.auth)
    assert_error(response, status, code)


async def test_another_business_ids_look_like_unknown_ids(app: InProcess) -> None:
    mine, theirs = await sign_up(app.client), await sign_up(app.client)
    for field in ("staff_id", "location_id", "service_id"):
        response = await app.client.post(
            "/api/v1/appointments",
            json=booking(mine, **{field: getattr(theirs, field)}),
            headers=mine.auth,
        )
        assert_error(response, 404, "not_found")
    made = await app.client.post("/api/v1/appointments", json=booking(theirs), headers=theirs.auth)
    customer_id = made.json()["customer_id"]
    response = await app.client.post(
        "/api/v1/appointments",
        json=booking(mine, new_customer=None, customer_id=customer_id),
        headers=mine.auth,
    )
    assert_error(response, 404, "not_found")
    response = await app.client.delete(f"/api/v1/services/{theirs.service_id}", headers=mine.auth)
    assert_error(response, 404, "not_found")
    listed = await app.client.get(
        "/api/v1/appointments", params={"from": "2020-01-01", "to": "2020-03-01"}, headers=mine.auth
    )
    assert listed.json() == {"appointments": []}
    _, token = await customer(app.client)
    response = await app.client.post(
        f"/api/v1/public/{mine.slug}/holds",
        json={
            "service_id": theirs.service_id,
            "location_id": mine.location_id,
            "start": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="none"),
        pytest.param({"Authorization": "Bearer forged"}, id="forged"),
        pytest.param({"Authorization": "Basic abc"}, id="wrong-scheme"),
    ],
)
async def test_staff_endpoints_need_a_valid_token(app: InProcess, headers: dict[str, str]) -> None:
    assert_error(await app.client.get("/api/v1/appointments", headers=headers), 401, "unauthorised")


async def test_a_customer_token_is_no_staff_token(app: InProcess) -> None:
    _, token = await customer(app.client)
    response = await app.client.get("/api/v1/appointments", headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 401, "unauthorised")


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        pytest.param({"service_id": "x"}, 404, "not_found", id="unknown-service"),
        pytest.param({"from": "2027-02-30"}, 400, "invalid_date", id="no-such-day"),
        pytest.param({"from": "2027-03-10", "to": "2027-03-01"}, 400, "invalid_range", id="backwards"),
        pytest.param({"from": "2027-01-01", "to": "2027-12-31"}, 400, "invalid_range", id="too-long"),
        pytest.param({"location_id": "x"}, 404, "not_found", id="unknown-location"),
    ],
)
async def test_slot_queries_are_checked(
    app: InProcess, params: dict[str, str], status: int, code: str
) -> None:
    biz = await sign_up(app.client)
    query = {"service_id": biz.service_id, "location_id": biz.location_id} | params
    assert_error(await app.client.get(f"/api/v1/public/{biz.slug}/slots", params=query), status, code)


async def test_unknown_business_and_unknown_routes(app: InProcess) -> None:
    assert_error(await app.client.get("/api/v1/public/no-such-business"), 404, "not_found")
    assert_error(await app.client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(await app.client.put("/api/v1/signup"), 405, "method_not_allowed")


async def test_hold_that_is_no_free_slot(app: InProcess) -> None:
    biz = await sign_up(app.client)
    _, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    base = {"service_id": biz.service_id, "location_id": biz.location_id}
    day = (datetime.now(UTC) + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    cases = [
        (day.replace(minute=7), "off_step"),
        (datetime.now(UTC) - timedelta(hours=1), "past"),
        (datetime.now(UTC) + timedelta(days=400), "horizon"),
    ]
    for start, reason in cases:
        response = await app.client.post(
            f"/api/v1/public/{biz.slug}/holds",
            json=base | {"start": start.isoformat()},
            headers=auth,
        )
        assert_error(response, 400, "not_bookable")
        assert response.json()["error"]["reason"] in (reason, "notice") if reason == "past" else reason
    response = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=base | {"start": day.isoformat()}, headers={}
    )
    assert_error(response, 401, "unauthorised")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        pytest.param({"slug": "Not A Slug!"}, 400, "invalid_slug", id="slug"),
        pytest.param({"email": "nobody"}, 400, "invalid_email", id="email"),
        pytest.param({"password": "short"}, 400, "weak_password", id="password"),
        pytest.param({"timezone": "Mars/Olympus"}, 400, "invalid_timezone", id="zone"),
        pytest.param({"business_name": 7}, 400, "invalid_field", id="name-type"),
    ],
)
async def test_signup_is_checked(app: InProcess, body: dict[str, object], status: int, code: str) -> None:
    base = {
        "business_name": "Studio",
        "slug": "studio-x",
        "email": "a@b.example",
        "password": "long enough!",
    }
    assert_error(await app.client.post("/api/v1/signup", json=base | body), status, code)


async def test_settings_and_hours_are_checked_when_saved(app: InProcess) -> None:
    biz = await sign_up(app.client)
    bad_hours = [
        {"mon": [["10:00", "09:00"]]},
        {"mon": [["08:00", "12:00"], ["11:00", "13:00"]]},
        {"funday": [["08:00", "12:00"]]},
        {"mon": [["8 Uhr", "12:00"]]},
        "always",
    ]
    for hours in bad_hours:
        response = await app.client.patch(
            f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=biz.auth
        )
        assert_error(response, 400, "invalid_hours")
    for settings in (
        {"booking_mode": "maybe"},
        {"slot_step_minutes": 0},
        {"horizon_days": "ten"},
        {"colour": 1},
    ):
        response = await app.client.patch("/api/v1/settings", json=settings, headers=biz.auth)
        assert response.status_code == 400, settings
    response = await app.client.post(
        "/api/v1/services", json={"name": "Nichts", "duration_minutes": 0}, headers=biz.auth
    )
    assert_error(response, 400, "invalid_duration")


async def test_a_nul_character_anywhere_is_refused_before_the_database(app: InProcess) -> None:
    """PostgreSQL cannot store U+0000 in text; every way in answers 400 instead of failing there."""
    biz = await sign_up(app.client)
    _, token = await customer(app.client, "Nul")
    as_customer = {"Authorization": f"Bearer {token}"}
    profile = await app.client.patch(
        "/api/v1/customer/me", json={"first_name": "Ma\x00x"}, headers=as_customer
    )
    assert_error(profile, 400, "invalid_text")
    record = {"first_name": "Eva", "last_name": "Ost", "groups": [{"name": "VIP\x00"}]}
    assert_error(
        await app.client.post("/api/v1/customers", json=record, headers=biz.auth), 400, "invalid_text"
    )
    found = await app.client.get("/api/v1/customers", params={"q": "Ost\x00"}, headers=biz.auth)
    assert_error(found, 400, "invalid_text")
    csv = b"Vorname;Nachname\nEva;O\x00st\n"
    imported = await app.client.post(
        "/api/v1/customers/import",
        params={"dry_run": "1"},
        content=csv,
        headers=biz.auth | {"Content-Type": "text/csv"},
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["accepted"] == 0
    assert [(r["line"], r["field"]) for r in imported.json()["rejected"]] == [(2, "last_name")]
    listed = await app.client.get("/api/v1/customers", headers=biz.auth)
    assert listed.status_code == 200 and listed.json()["customers"] == []


async def test_a_nul_character_in_a_page_address_or_form_gets_a_readable_page(app: InProcess) -> None:
    page = await app.client.get("/book/de%00mo")
    assert page.status_code == 400 and "<html" in page.text and "NUL" in page.text
    login = await app.client.get("/login")
    token = login.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    posted = await app.client.post(
        "/login", data={"csrf_token": token, "email": "a\x00@b.example", "password": "x"}
    )
    assert posted.status_code == 400 and "<html" in posted.text and "NUL" in posted.text


def nested(depth: int) -> bytes:
    """A JSON object whose `note` holds lists `depth - 1` levels deep."""
    return b'{"note": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"[" * 60_000, id="unclosed"),
        pytest.param(nested(30_000), id="deeper-than-the-parser"),
        pytest.param(nested(500), id="deeper-than-any-form"),
        pytest.param(nested(33), id="one-too-deep"),
    ],
)
async def test_json_nested_too_deep_is_refused_without_logging_in(app: InProcess, raw: bytes) -> None:
    response = await app.client.post(
        "/api/v1/customer/register", content=raw, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "invalid_json")
    english = await app.client.post(
        "/api/v1/customer/register",
        content=raw,
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    assert english.json()["error"]["message"] == "The request is not a valid JSON object."
    assert english.json()["error"]["detail"] == "The request body is nested more than 32 levels deep."


async def test_json_nested_32_levels_is_read(app: InProcess) -> None:
    response = await app.client.post(
        "/api/v1/customer/register", content=nested(32), headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "invalid_email")  # read as JSON; then the missing address is found


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        pytest.param(b'{"first_name": "Ma\\ud800x", "last_name": "Muster"}', "first_name", id="value"),
        pytest.param(b'{"first_name": "Max", "last_name": "M", "\\udfff": 1}', None, id="key"),
        pytest.param(
            b'{"first_name": "Eva", "last_name": "Ost", "groups": [{"name": "\\udc00VIP"}]}',
            "groups",
            id="nested",
        ),
    ],
)
async def test_a_lone_surrogate_in_a_body_is_refused(app: InProcess, raw: bytes, field: str | None) -> None:
    """ "\\ud800" is valid JSON but no Unicode text: no database can store it and no person types it."""
    biz = await sign_up(app.client)
    json_headers = biz.auth | {"Content-Type": "application/json"}
    response = await app.client.post("/api/v1/customers", content=raw, headers=json_headers)
    assert_error(response, 400, "invalid_text")
    assert response.json()["error"].get("field") == field
    listed = await app.client.get("/api/v1/customers", headers=biz.auth)
    assert listed.json()["customers"] == []


async def test_a_lone_surrogate_is_refused_without_logging_in(app: InProcess) -> None:
    raw = b'{"email": "s@x.example", "password": "long password", "first_name": "\\ud800", "last_name": "L"}'
    response = await app.client.post(
        "/api/v1/customer/register",
        content=raw,
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    assert_error(response, 400, "invalid_text")
    assert "Unicode" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("/api/v1/customers?q=%ED%A0%80", id="surrogate-in-query"),
        pytest.param("/api/v1/customers?q=M%FCller", id="latin-1-in-query"),
        pytest.param("/api/v1/customers?%ED%B0%80=1", id="surrogate-in-query-name"),
        pytest.param("/api/v1/customers/%ED%A0%80", id="surrogate-in-path"),
    ],
)
async def test_an_address_that_is_no_utf8_text_is_refused(app: InProcess, address: str) -> None:
    biz = await sign_up(app.client)
    assert_error(await app.client.get(address, headers=biz.auth), 400, "invalid_text")
    assert_error(await app.client.get(address), 400, "invalid_text")


async def test_a_page_address_or_form_that_is_no_utf8_text_gets_a_readable_page(app: InProcess) -> None:
    page = await app.client.get("/book/de%ED%A0%80mo")
    assert page.status_code == 400 and "<html" in page.text and "Unicode" in page.text
    login = await app.client.get("/login")
    token = login.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    posted = await app.client.post(
        "/login",
        content=f"csrf_token={token}&email=a%ED%A0%80%40b.example&password=x".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert posted.status_code == 400 and "<html" in posted.text and "Unicode" in posted.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"from": "0001-01-01"}, "from", id="year-1"),
        pytest.param({"from": "1899-12-31"}, "from", id="before-1900"),
        pytest.param({"from": "9999-12-25"}, "from", id="year-9999"),
        pytest.param({"from": "2200-12-30", "to": "2201-01-01"}, "to", id="after-2200"),
    ],
)
async def test_slot_dates_outside_the_calendar_are_refused(
    app: InProcess, params: dict[str, str], field: str
) -> None:
    biz = await sign_up(app.client)
    query = {"service_id": biz.service_id, "location_id": biz.location_id} | params
    response = await app.client.get(f"/api/v1/public/{biz.slug}/slots", params=query)
    assert_error(response, 400, "invalid_date")
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"from": "1900-01-01"}, id="first-day"),
        pytest.param({"from": "2200-12-31"}, id="last-day"),
    ],
)
async def test_slot_dates_at_the_ends_of_the_calendar_are_answered(
    app: InProcess, params: dict[str, str]
) -> None:
    biz = await sign_up(app.client)
    query = {"service_id": biz.service_id, "location_id": biz.location_id} | params
    response = await app.client.get(f"/api/v1/public/{biz.slug}/slots", params=query)
    assert response.status_code == 200, response.text
    assert response.json()["slots"] == []  # long past, or far beyond the booking horizon


@pytest.mark.parametrize(
    ("params", "code"),
    [
        pytest.param({"from": "0001-01-01"}, "invalid_date", id="day-year-1"),
        pytest.param({"to": "9999-12-31"}, "invalid_date", id="day-year-9999"),
        pytest.param({"from": "0001-01-01T00:00:00+01:00"}, "invalid_time", id="instant-year-1"),
        pytest.param({"to": "9999-12-31T23:59:59-01:00"}, "invalid_time", id="instant-year-9999"),
    ],
)
async def test_listing_bounds_outside_the_calendar_are_refused(
    app: InProcess, params: dict[str, str], code: str
) -> None:
    biz = await sign_up(app.client)
    for path in ("/api/v1/appointments", "/api/v1/closures"):
        assert_error(await app.client.get(path, params=params, headers=biz.auth), 400, code)


@pytest.mark.parametrize(
    "start",
    [
        pytest.param("9999-12-31T23:00:00+00:00", id="year-9999"),
        pytest.param("0001-01-01T00:00:00+01:00", id="year-1"),
        pytest.param("2201-01-01T00:00:00+00:00", id="after-2200"),
    ],
)
async def test_times_outside_the_calendar_are_refused_everywhere(app: InProcess, start: str) -> None:
    biz = await sign_up(app.client)
    booked = await app.client.post("/api/v1/appointments", json=booking(biz, start=start), headers=biz.auth)
    assert_error(booked, 400, "invalid_time")
    made = await app.client.post("/api/v1/appointments", json=booking(biz), headers=biz.auth)
    moved = await app.client.patch(
        f"/api/v1/appointments/{made.json()['id']}", json={"start": start}, headers=biz.auth
    )
    assert_error(moved, 400, "invalid_time")
    pause = {"kind": "pause", "start": start, "end": start, "confirm": True}
    assert_error(await app.client.post("/api/v1/closures", json=pause, headers=biz.auth), 400, "invalid_time")
    vacation = {"kind": "vacation", "start": "2027-01-01", "end": start[:10], "confirm": True}
    closed = await app.client.post("/api/v1/closures", json=vacation, headers=biz.auth)
    assert_error(closed, 400, "invalid_date")
    _, token = await customer(app.client)
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert_error(held, 400, "invalid_time")


async def test_the_last_day_of_the_calendar_is_kept_alike_on_every_database(app: InProcess) -> None:
    biz = await sign_up(app.client)
    start = "2200-12-31T22:30:00+00:00"
    booked = await app.client.post("/api/v1/appointments", json=booking(biz, start=start), headers=biz.auth)
    assert booked.status_code == 201, booked.text
    listed = await app.client.get(
        "/api/v1/appointments", params={"from": "2200-12-31", "to": "2200-12-31"}, headers=biz.auth
    )
    assert [a["id"] for a in listed.json()["appointments"]] == [booked.json()["id"]]
    assert listed.json()["appointments"][0]["end"] == "2201-01-01T00:00:00+01:00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"page": "١٢"}, "page", id="arabic-indic-digits"),
        pytest.param({"per_page": "²"}, "per_page", id="superscript"),
        pytest.param({"per_page": "１０"}, "per_page", id="fullwidth"),
        pytest.param({"page": "1" * 5000}, "page", id="more-digits-than-int-reads"),
        pytest.param({"page": "+2"}, "page", id="sign"),
        pytest.param({"page": "0"}, "page", id="below-range"),
    ],
)
async def test_query_numbers_are_ascii_digits(app: InProcess, params: dict[str, str], field: str) -> None:
    biz = await sign_up(app.client)
    response = await app.client.get("/api/v1/customers", params=params, headers=biz.auth)
    assert_error(response, 400, "invalid_field")
    assert response.json()["error"]["field"] == field
    made = await app.client.post(
        "/api/v1/customers", json={"first_name": "Eva", "last_name": "Ost"}, headers=biz.auth
    )
    record = await app.client.get(
        f"/api/v1/customers/{made.json()['id']}", params={"past_limit": "٣"}, headers=biz.auth
    )
    assert_error(record, 400, "invalid_field")
    assert record.json()["error"]["field"] == "past_limit"
    plain = await app.client.get("/api/v1/customers", params={"page": "1"}, headers=biz.auth)
    assert plain.status_code == 200


@pytest.mark.parametrize(
    "born",
    [
        pytest.param("²³.01.1990", id="superscript-day"),
        pytest.param("١٢.٠١.١٩٩٠", id="arabic-indic-digits"),
        pytest.param("1" * 5000 + ".01.1990", id="more-digits-than-int-reads"),
    ],
)
async def test_a_csv_birth_date_is_written_in_ascii_digits(app: InProcess, born: str) -> None:
    biz = await sign_up(app.client)
    csv = f"Vorname;Nachname;Geburtsdatum\nEva;Ost;{born}\nMax;Muster;03.02.1990\n".encode()
    response = await app.client.post(
        "/api/v1/customers/import",
        params={"dry_run": "1"},
        content=csv,
        headers=biz.auth | {"Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert [(r["line"], r["code"]) for r in response.json()["rejected"]] == [(2, "invalid_birth_date")]
    assert [row["birth_date"] for row in response.json()["preview"]] == ["1990-02-03"]


async def test_a_security_code_is_six_ascii_digits(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    start = (datetime.now(UTC) + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers=auth,
    )
    confirm = f"/api/v1/public/holds/{held.json()['id']}/confirm"
    for code in ("١٢٣٤٥٦", "１２３４５６", "12345６"):
        assert_error(await app.client.post(confirm, json={"code": code}, headers=auth), 400, "invalid_code")
    right = await code_for(app.client, email)
    wrong = await app.client.post(confirm, json={"code": f"{(int(right) + 1) % 10**6:06d}"}, headers=auth)
    assert_error(wrong, 422, "wrong_code")
    assert wrong.json()["error"]["attempts_left"] == 4  # the unreadable codes cost no attempt
