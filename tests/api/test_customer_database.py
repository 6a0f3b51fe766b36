"""The customer database at the desk: search as one types, records with groups, the history tabs
with their notes, erasure on request, and one business never seeing another's customers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions import customer_search
from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, sign_up
from testkit.sockets import desk_booking
from testkit.stand_ins import Clock, Heard
from web.api import customers as customer_routes

VIENNA = ZoneInfo("Europe/Vienna")


@pytest.fixture
async def timed_app(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url), clock=clock) as running:
        yield running


async def add(app: InProcess, biz: Business, first: str, last: str, **fields: Any) -> str:
    response = await app.client.post(
        "/api/v1/customers", json={"first_name": first, "last_name": last, **fields}, headers=biz.auth
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def find(app: InProcess, biz: Business, q: str = "", **params: Any) -> dict[str, Any]:
    response = await app.client.get("/api/v1/customers", params={"q": q, **params}, headers=biz.auth)
    assert response.status_code == 200, response.text
    return dict(response.json())


def names(found: dict[str, Any]) -> list[str]:
    return [f"{c['first_name']} {c['last_name']}" for c in found["customers"]]


async def group_named(app: InProcess, biz: Business, name: str) -> str:
    response = await app.client.post("/api/v1/customer-groups", json={"name": name}, headers=biz.auth)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def at(days: int, hour: int) -> datetime:
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=VIENNA)


async def book(app: InProcess, biz: Business, customer_id: str, start: datetime, note: str = "") -> str:
    response = await desk_booking(app.client, biz, start, customer_id=customer_id, note=note)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_every_typed_word_must_occur_in_a_name_the_email_or_the_phone(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await add(app, biz, "Anna", "Müller", email="anna.m@praxis.example", phone="0171-234 567")
    await add(app, biz, "Bernd", "Müller", phone="+43 664 1112223")
    await add(app, biz, "Carl", "Meyer", phone="+49 171 2399")
    await add(app, biz, "Jürgen", "Schmidt", email="mulligan@example.at")
    await add(app, biz, "Clara", "Berg")

    assert names(await find(app, biz, "mül")) == ["Anna Müller", "Bernd Müller", "Jürgen Schmidt"]
    assert names(await find(app, biz, "MUL")) == names(await find(app, biz, "mül"))
    assert names(await find(app, biz, "müller a")) == ["Anna Müller"]
    assert names(await find(app, biz, "jurgen")) == ["Jürgen Schmidt"]
    assert names(await find(app, biz, "anna.m@")) == ["Anna Müller"]
    assert names(await find(app, biz, "0171 23")) == ["Carl Meyer", "Anna Müller"]
    assert names(await find(app, biz, "0171-234")) == ["Anna Müller"]
    assert names(await find(app, biz, "0664 111")) == ["Bernd Müller"]
    assert names(await find(app, biz, "0049 171 239")) == ["Carl Meyer"]
    assert names(await find(app, biz, "xyz")) == []
    assert (await find(app, biz, "%"))["total"] == 0
    everyone = await find(app, biz)
    assert names(everyone) == ["Clara Berg", "Carl Meyer", "Anna Müller", "Bernd Müller", "Jürgen Schmidt"]
    assert (everyone["total"], everyone["page"], everyone["per_page"]) == (5, 1, 50)
    # What the calendar dialog's completion reads of each hit.
    first = everyone["customers"][0]
    assert {"id", "first_name", "last_name", "email", "phone"} <= set(first)


async def test_names_that_begin_with_the_typed_words_come_first(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await add(app, biz, "Zora", "Adler", email="berg@example.at")
    await add(app, biz, "Anna-Lena", "Berger")
    await add(app, biz, "Bert", "Zimmer")
    await add(app, biz, "Otto", "von Berg")
    await add(app, biz, "Ida", "Eisberg")

    found = await find(app, biz, "berg")
    assert names(found) == ["Anna-Lena Berger", "Otto von Berg", "Zora Adler", "Ida Eisberg"]
    assert names(await find(app, biz, "lena")) == ["Anna-Lena Berger"]
    assert names(await find(app, biz, "ber")) == [
        "Anna-Lena Berger",
        "Otto von Berg",
        "Bert Zimmer",
        "Zora Adler",
        "Ida Eisberg",
    ]


async def test_groups_filter_and_pages_split_the_list(app: InProcess) -> None:
    biz = await sign_up(app.client)
    vip = await group_named(app, biz, "VIP")
    kasse = await group_named(app, biz, "Kasse")
    people = ["Ada", "Ben", "Cem", "Dora", "Emil", "Fritz", "Gabi"]
    for index, first in enumerate(people):
        groups = [vip] if index % 2 == 0 else [kasse] if index % 3 == 0 else []
        await add(app, biz, first, "Kunde", groups=groups)

    assert names(await find(app, biz, group=vip)) == ["Ada Kunde", "Cem Kunde", "Emil Kunde", "Gabi Kunde"]
    either = await find(app, biz, group=[vip, kasse])
    assert names(either) == ["Ada Kunde", "Cem Kunde", "Dora Kunde", "Emil Kunde", "Gabi Kunde"]
    assert names(await find(app, biz, "em", group=vip)) == ["Emil Kunde", "Cem Kunde"]

    pages = [await find(app, biz, page=n, per_page=3) for n in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [7, 7, 7, 7]
    assert [len(p["customers"]) for p in pages] == [3, 3, 1, 0]
    assert sum((names(p) for p in pages), []) == [f"{first} Kunde" for first in people]


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"page": "0"}, id="page-zero"),
        pytest.param({"page": "x"}, id="page-text"),
        pytest.param({"per_page": "500"}, id="too-many"),
        pytest.param({"per_page": "-1"}, id="negative"),
    ],
)
async def test_bad_paging_is_refused(app: InProcess, params: dict[str, str]) -> None:
    biz = await sign_up(app.client)
    response = await app.client.get("/api/v1/customers", params=params, headers=biz.auth)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_field"


async def test_a_big_result_gives_the_same_pages_as_a_small_one(
    app: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big result is counted apart and its pages read rank by rank; they are the same pages."""
    biz = await sign_up(app.client)
    for first, last in [
        ("Maria", "Auer"),
        ("Max", "Mayr"),
        ("Anna", "Moser"),
        ("Tom", "Kim"),
        ("Mia", "Bauer"),
        ("Ute", "Lamm"),
        ("Emma", "Zoller"),
    ]:
        await add(app, biz, first, last)
    read_at_once = [await find(app, biz, "m", page=n, per_page=2) for n in (1, 2, 3, 4)]
    monkeypatch.setattr(customer_search, "FIRST_READ", 3)
    rank_by_rank = [await find(app, biz, "m", page=n, per_page=2) for n in (1, 2, 3, 4)]
    assert rank_by_rank == read_at_once
    assert sum((names(p) for p in rank_by_rank), []) == [
        "Maria Auer",
        "Mia Bauer",
        "Max Mayr",
        "Anna Moser",
        "Tom Kim",
        "Ute Lamm",
        "Emma Zoller",
    ]


async def test_a_record_with_every_field_and_groups_made_inline(app: InProcess) -> None:
    biz = await sign_up(app.client)
    existing = await group_named(app, biz, "Kassenpatient")
    customer_id = await add(
        app,
        biz,
        " Anna ",
        "Müller",
        email="Anna@Example.AT",
        phone="0664 123",
        street="Hauptstraße 1",
        postal_code="1010",
        city="Wien",
        birth_date="1980-02-03",
        note="Allergie: Latex",
        groups=[existing, {"name": "VIP"}, {"name": "vip"}, {"name": "kassenpatient"}],
    )
    shown = (await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)).json()["customer"]
    assert {k: v for k, v in shown.items() if k not in ("id", "groups", "created_at")} == {
        "first_name": "Anna",
        "last_name": "Müller",
        "email": "anna@example.at",
        "phone": "0664 123",
        "street": "Hauptstraße 1",
        "postal_code": "1010",
        "city": "Wien",
        "birth_date": "1980-02-03",
        "note": "Allergie: Latex",
        "account_linked": False,
        "has_proposal": False,
        "newsletter": False,
        "newsletter_consent": None,
        "name_private": False,
    }
    assert [g["name"] for g in shown["groups"]] == ["Kassenpatient", "VIP"]
    assert shown["groups"][0]["id"] == existing

    vip = shown["groups"][1]["id"]
    second = await add(app, biz, "Bernd", "Berger", groups=[{"name": " VIP "}])
    response = await app.client.patch(
        f"/api/v1/customers/{second}",
        json={"groups": [vip, {"name": "Neu"}], "city": "Graz", "birth_date": None, "newsletter": False},
        headers=biz.auth,
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert [g["name"] for g in changed["groups"]] == ["Neu", "VIP"]
    assert (changed["city"], changed["birth_date"], changed["newsletter"]) == ("Graz", None, False)
    assert changed["name_private"] is False
    groups = (await app.client.get("/api/v1/customer-groups", headers=biz.auth)).json()["groups"]
    assert [(g["name"], g["customers"]) for g in groups] == [("Kassenpatient", 1), ("Neu", 1), ("VIP", 2)]

    renamed = await app.client.patch(
        f"/api/v1/customers/{second}", json={"last_name": "Berg"}, headers=biz.auth
    )
    assert renamed.json()["name_private"] is True
    assert names(await find(app, biz, "berg")) == ["Bernd Berg"]


async def test_a_group_name_exists_once_ignoring_case(app: InProcess) -> None:
    biz = await sign_up(app.client)
    kasse = await group_named(app, biz, "Kasse")
    privat = await group_named(app, biz, "Privat")
    again = await app.client.post("/api/v1/customer-groups", json={"name": "KASSE"}, headers=biz.auth)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "group_exists"
    assert again.json()["error"]["message"] == "Eine Gruppe mit diesem Namen gibt es bereits."
    clash = await app.client.patch(
        f"/api/v1/customer-groups/{privat}", json={"name": "kasse"}, headers=biz.auth
    )
    assert clash.status_code == 409
    for bad in ["", "   ", "a, b", "x" * 61, 5]:
        response = await app.client.post("/api/v1/customer-groups", json={"name": bad}, headers=biz.auth)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_group_name"
    same = await app.client.patch(
        f"/api/v1/customer-groups/{kasse}", json={"name": "KASSE"}, headers=biz.auth
    )
    assert same.json() == {"id": kasse, "name": "KASSE"}

    member = await add(app, biz, "Eva", "Egger", groups=[privat, kasse])
    assert (await app.client.delete(f"/api/v1/customer-groups/{privat}", headers=biz.auth)).status_code == 204
    groups = (await app.client.get("/api/v1/customer-groups", headers=biz.auth)).json()["groups"]
    assert groups == [{"id": kasse, "name": "KASSE", "customers": 1}]
    shown = (await app.client.get(f"/api/v1/customers/{member}", headers=biz.auth)).json()["customer"]
    assert shown["groups"] == [{"id": kasse, "name": "KASSE"}]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        pytest.param({"email": "kein-mail"}, 400, "invalid_email", id="email"),
        pytest.param({"birth_date": "03.02.1980"}, 400, "invalid_birth_date", id="german-date"),
        pytest.param({"birth_date": "2999-01-01"}, 400, "invalid_birth_date", id="future"),
        pytest.param({"birth_date": 1980}, 400, "invalid_birth_date", id="number"),
        pytest.param({"street": "x" * 201}, 400, "invalid_field", id="long-street"),
        pytest.param({"groups": "VIP"}, 400, "invalid_field", id="groups-text"),
        pytest.param({"groups": [7]}, 400, "invalid_field", id="group-number"),
        pytest.param({"groups": [{"name": "a,b"}]}, 400, "invalid_group_name", id="group-comma"),
        pytest.param({"groups": ["0" * 32]}, 404, "not_found", id="unknown-group"),
        pytest.param({"first_name": "", "last_name": " "}, 400, "invalid_customer", id="no-name"),
        pytest.param({"newsletter": "no"}, 400, "invalid_field", id="newsletter-text"),
        pytest.param({"id": "x"}, 400, "unknown_field", id="unknown-field"),
    ],
)
async def test_bad_changes_are_refused_and_lose_nothing(
    app: InProcess, change: dict[str, Any], status: int, code: str
) -> None:
    biz = await sign_up(app.client)
    customer_id = await add(app, biz, "Anna", "Müller", email="anna@example.at", groups=[{"name": "VIP"}])
    before = (await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)).json()
    response = await app.client.patch(f"/api/v1/customers/{customer_id}", json=change, headers=biz.auth)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    after = (await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)).json()
    assert after == before
    if "id" not in change and "newsletter" not in change:
        made = await app.client.post(
            "/api/v1/customers", json={"first_name": "Neu", "last_name": "Kunde", **change}, headers=biz.auth
        )
        assert made.status_code == status
        assert (await find(app, biz, "neu"))["total"] == 0


async def test_the_view_shows_upcoming_then_past_with_notes_from_both_sides(
    timed_app: InProcess, clock: Clock
) -> None:
    app = timed_app
    biz = await sign_up(app.client)
    customer_id = await add(app, biz, "Anna", "Müller")
    other = await add(app, biz, "Bernd", "Berger")
    first = await book(app, biz, customer_id, at(2, 9), note="Erstbefund")
    second = await book(app, biz, customer_id, at(3, 9))
    third = await book(app, biz, customer_id, at(5, 9), note="Kontrolle")
    await book(app, biz, other, at(3, 11))
    clock.offset = at(4, 8) - datetime.now(UTC)

    view = (await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)).json()
    assert [a["id"] for a in view["upcoming"]] == [third]
    assert [a["id"] for a in view["past"]] == [second, first]
    assert [a["note"] for a in view["past"]] == ["", "Erstbefund"]
    assert (view["past_total"], view["past_next"], view["proposal"]) == (2, None, None)
    assert view["upcoming"][0]["customer_name"] == "Anna Müller"

    # A note written in the customer view goes through the calendar's own PATCH, and back.
    response = await app.client.patch(
        f"/api/v1/appointments/{second}", json={"note": "Schmerzen besser"}, headers=biz.auth
    )
    assert response.status_code == 200, response.text
    in_calendar = await app.client.get(
        "/api/v1/appointments",
        params={"from": at(3, 0).date().isoformat(), "to": at(3, 0).date().isoformat()},
        headers=biz.auth,
    )
    assert {a["id"]: a["note"] for a in in_calendar.json()["appointments"]}[second] == "Schmerzen besser"

    page = (
        await app.client.get(f"/api/v1/customers/{customer_id}", params={"past_limit": 1}, headers=biz.auth)
    ).json()
    assert [(a["id"], a["note"]) for a in page["past"]] == [(second, "Schmerzen besser")]
    assert page["past_total"] == 2 and page["past_next"] == second
    rest = (
        await app.client.get(
            f"/api/v1/customers/{customer_id}",
            params={"past_limit": 1, "past_before": page["past_next"]},
            headers=biz.auth,
        )
    ).json()
    assert [a["id"] for a in rest["past"]] == [first]
    assert rest["past_next"] is None
    for bad in ({"past_limit": 0}, {"past_limit": 201}, {"past_before": "nonsense"}):
        response = await app.client.get(f"/api/v1/customers/{customer_id}", params=bad, headers=biz.auth)
        assert response.status_code == 400, bad


async def test_erasing_a_customer_keeps_the_calendar_without_personal_data(
    timed_app: InProcess, clock: Clock
) -> None:
    app = timed_app
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    biz = await sign_up(app.client)
    customer_id = await add(
        app,
        biz,
        "Anna",
        "Müller",
        email="anna@example.at",
        phone="0664 1",
        note="privat",
        groups=[{"name": "VIP"}],
    )
    past = await book(app, biz, customer_id, at(2, 9), note="Rücken")
    ahead = await book(app, biz, customer_id, at(6, 9))
    clock.offset = at(3, 8) - datetime.now(UTC)

    refused = await app.client.delete(f"/api/v1/customers/{customer_id}", headers=biz.auth)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "customer_has_upcoming"
    assert [a["id"] for a in refused.json()["error"]["appointments"]] == [ahead]
    assert (await find(app, biz, "anna"))["total"] == 1

    cancelled = await app.client.post(f"/api/v1/appointments/{ahead}/cancel", json={}, headers=biz.auth)
    assert cancelled.status_code == 200
    heard.events.clear()
    assert (await app.client.delete(f"/api/v1/customers/{customer_id}", headers=biz.auth)).status_code == 204

    assert (await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)).status_code == 404
    assert (await app.client.delete(f"/api/v1/customers/{customer_id}", headers=biz.auth)).status_code == 404
    assert (await find(app, biz, "anna"))["total"] == 0
    assert (await find(app, biz))["total"] == 0
    groups = (await app.client.get("/api/v1/customer-groups", headers=biz.auth)).json()["groups"]
    assert [g["customers"] for g in groups] == [0]
    listed = await app.client.get(
        "/api/v1/appointments",
        params={"from": at(2, 0).date().isoformat(), "to": at(6, 0).date().isoformat()},
        headers=biz.auth,
    )
    shown = {a["id"]: a for a in listed.json()["appointments"]}
    assert (shown[past]["status"], shown[past]["customer_name"], shown[past]["note"]) == (
        "booked",
        "Gelöschter Kunde",
        "",
    )
    assert shown[ahead]["status"] == "cancelled"
    assert ("customer.changed", {"customer_id": customer_id}) in heard.events
    assert {p["id"] for name, p in heard.events if name == "appointment.updated"} == {past, ahead}

    booking = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": at(8, 9).isoformat(),
            "customer_id": customer_id,
        },
        headers=biz.auth,
    )
    assert booking.status_code == 404


async def test_changes_to_records_reach_the_desk_as_events(app: InProcess) -> None:
    biz = await sign_up(app.client)
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    customer_id = await add(app, biz, "Anna", "Müller")
    await app.client.patch(f"/api/v1/customers/{customer_id}", json={"note": "neu"}, headers=biz.auth)
    group_id = await group_named(app, biz, "VIP")
    assert heard.events == [
        ("customer.changed", {"customer_id": customer_id}),
        ("customer.changed", {"customer_id": customer_id}),
        ("customer_groups.changed", {"group_id": group_id}),
    ]


async def test_another_business_never_reaches_a_customer(app: InProcess) -> None:
    biz = await sign_up(app.client)
    theirs = await sign_up(app.client)
    group = await group_named(app, biz, "VIP")
    customer_id = await add(app, biz, "Anna", "Müller", groups=[group])
    path = f"/api/v1/customers/{customer_id}"
    calls: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", path, None),
        ("PATCH", path, {"note": "x"}),
        ("DELETE", path, None),
        ("POST", f"{path}/proposal", {"take": []}),
        ("PATCH", f"/api/v1/customer-groups/{group}", {"name": "Mine"}),
        ("DELETE", f"/api/v1/customer-groups/{group}", None),
    ]
    for method, url, body in calls:
        response = await app.client.request(method, url, json=body, headers=theirs.auth)
        assert response.status_code == 404, (method, url)
        assert response.json()["error"]["code"] == "not_found"
    assert (await find(app, theirs, "anna"))["total"] == 0
    assert (await find(app, theirs, group=group))["total"] == 0
    assert (
        await app.client.post(
            "/api/v1/customers",
            json={"first_name": "X", "last_name": "Y", "groups": [group]},
            headers=theirs.auth,
        )
    ).status_code == 404
    mine = (await app.client.get(path, headers=biz.auth)).json()["customer"]
    assert (mine["note"], mine["groups"]) == ("", [{"id": group, "name": "VIP"}])
    unauthorised = await app.client.get("/api/v1/customers")
    assert unauthorised.status_code == 401


async def test_bytes_that_no_database_stores_get_an_answer_not_an_error(app: InProcess) -> None:
    biz = await sign_up(app.client)
    customer_id = await add(app, biz, "Anna", "Müller", groups=[{"name": "VIP"}])
    for method, url, body, code in [
        ("GET", "/api/v1/customers?q=m%C3%BC%00l", None, "invalid_text"),
        ("GET", "/api/v1/customers?group=%00", None, "invalid_text"),
        ("GET", "/api/v1/customers/a%00b", None, "invalid_text"),
        ("PATCH", "/api/v1/customers/a%00b", {"note": "x"}, "invalid_text"),
        ("GET", f"/api/v1/customers/{customer_id}?past_before=a%00b", None, "invalid_text"),
        ("POST", "/api/v1/customers", {"first_name": "A\x00", "last_name": "B"}, "invalid_text"),
        ("PATCH", f"/api/v1/customers/{customer_id}", {"groups": ["a\x00b"]}, "invalid_text"),
        ("POST", "/api/v1/customer-groups", {"name": "V\x00IP"}, "invalid_text"),
        ("PATCH", "/api/v1/customer-groups/a%00b", {"name": "Neu"}, "invalid_text"),
        (
            "POST",
            "/api/v1/newsletters",
            {"subject": "Hi\r\nBcc: x@y.z", "body": "x", "group_ids": []},
            "invalid_subject",
        ),
        (
            "POST",
            "/api/v1/newsletters",
            {"subject": "Hi", "body": "x", "group_ids": ["a\x00"]},
            "invalid_text",
        ),
    ]:
        response = await app.client.request(method, url, json=body, headers=biz.auth)
        assert response.status_code == 400, (method, url, response.text)
        assert response.json()["error"]["code"] == code, (method, url, response.text)
    still = await app.client.get("/api/v1/customers", params={"q": "mül"}, headers=biz.auth)
    assert names(still.json()) == ["Anna Müller"]


async def test_every_customer_route_is_in_the_openapi_description(app: InProcess) -> None:
    spec = (await app.client.get("/api/v1/openapi.json")).json()
    for route in customer_routes.api.routes():
        assert route.path in spec["paths"], route.path
        assert route.methods is not None, route.path
        for method in route.methods - {"HEAD"}:
            assert method.lower() in spec["paths"][route.path], (method, route.path)


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        pytest.param("POST", "/customers", {"last_name": "Neu", "id": "x" * 32}, "id", id="new-id"),
        pytest.param(
            "POST",
            "/customers",
            {"last_name": "Neu", "account_linked": True},
            "account_linked",
            id="new-linked",
        ),
        pytest.param("PATCH", "/customers/{customer}", {"name_private": False}, "name_private", id="private"),
        pytest.param(
            "PATCH", "/customers/{customer}", {"created_at": "2020-01-01"}, "created_at", id="created"
        ),
        pytest.param("PATCH", "/customers/{customer}", {"has_proposal": True}, "has_proposal", id="proposal"),
        pytest.param(
            "POST", "/customers/{customer}/proposal", {"take": [], "ignore": []}, "ignore", id="decision"
        ),
        pytest.param(
            "POST", "/customer-groups", {"name": "Neu", "customers": 3}, "customers", id="new-group"
        ),
        pytest.param("PATCH", "/customer-groups/{group}", {"name": "Neu", "id": "x"}, "id", id="group-id"),
        pytest.param(
            "POST",
            "/newsletters",
            {"subject": "Hi", "body": "Text", "group_ids": ["{group}"], "recipients": 1},
            "recipients",
            id="letter",
        ),
    ],
)
async def test_a_field_an_operation_cannot_take_is_refused_by_name(
    app: InProcess, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    """A client that sends what the record keeps for itself learns so, instead of a 200 that ignored it."""
    biz = await sign_up(app.client)
    group = await group_named(app, biz, "VIP")
    email = f"anna-{biz.slug}@example.at"
    customer_id = await add(app, biz, "Anna", "Müller", email=email, groups=[group])
    before = (await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)).json()
    url = "/api/v1" + path.format(customer=customer_id, group=group)
    sent = {key: [group] if value == ["{group}"] else value for key, value in body.items()}
    response = await app.client.request(method, url, json=sent, headers=biz.auth)
    assert response.status_code == 400, response.text
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == ("unknown_field", field)
    assert (await find(app, biz))["total"] == 1
    assert (await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)).json() == before
    groups = (await app.client.get("/api/v1/customer-groups", headers=biz.auth)).json()["groups"]
    assert [g["name"] for g in groups] == ["VIP"]
    assert await app.outbox_to(email) == []


async def test_every_customer_operation_is_documented_with_its_answer(app: InProcess) -> None:
    spec = (await app.client.get("/api/v1/openapi.json")).json()
    for op in customer_routes.api.operations:
        answer = spec["paths"][op.path][op.method.lower()]["responses"][str(op.status)]
        if op.status != 204:
            assert answer["content"], (op.method, op.path)
    record = spec["components"]["schemas"]["Customer"]
    assert {"id", "first_name", "groups", "newsletter", "created_at"} <= set(record["properties"])


async def test_a_change_that_fails_halfway_writes_nothing_and_tells_no_one(app: InProcess) -> None:
    biz = await sign_up(app.client)
    customer_id = await add(app, biz, "Anna", "Müller")
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    response = await app.client.patch(
        f"/api/v1/customers/{customer_id}",
        json={"note": "neu", "groups": [{"name": "VIP"}, "0" * 32]},
        headers=biz.auth,
    )
    assert response.status_code == 404
    shown = (await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)).json()["customer"]
    assert (shown["note"], shown["groups"]) == ("", [])
    assert (await app.client.get("/api/v1/customer-groups", headers=biz.auth)).json()["groups"] == []
    assert heard.events == []
