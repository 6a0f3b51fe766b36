"""The team: invitations by mail, rights by preset or one by one, calendars of one's own, and
deactivating a person, whose log-ins end at once while everything they did stays."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from store.schema import tenants, users
from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, invitation_token, join_team, sign_up, wait_for_mail
from testkit.stand_ins import Clock, Heard

PASSWORD = "correct horse battery"
#: Each desk booking of a test an hour after the one before, from tomorrow morning.
_hours = itertools.count()


async def book_at_desk(
    client: httpx.AsyncClient,
    biz: Business,
    *,
    headers: dict[str, str] | None = None,
    expect: int = 201,
    **extra: Any,
) -> dict[str, Any]:
    """Books at the desk (into the owner's calendar unless `staff_id` says) for a new customer."""
    tomorrow = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0) + timedelta(days=1)
    body = {
        "staff_id": biz.staff_id,
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "start": (tomorrow + timedelta(hours=next(_hours) % 12)).isoformat(),
        "new_customer": {"first_name": "Eva", "last_name": "Berger"},
    } | extra
    response = await client.post("/api/v1/appointments", json=body, headers=headers or biz.auth)
    assert response.status_code == expect, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.fixture
async def timed(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url), clock=clock) as running:
        yield running


async def invite(client: httpx.AsyncClient, biz: Business, email: str, **wanted: object) -> httpx.Response:
    return await client.post("/api/v1/team/invitations", json={"email": email, **wanted}, headers=biz.auth)


async def log_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/v1/login", json={"email": email, "password": password})


def error_code(response: httpx.Response) -> str:
    return str(response.json()["error"]["code"])


async def test_an_invitation_is_mailed_taken_up_once_and_the_person_works_in_their_calendar(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    email = "lena.maier@team.example"
    invited = await invite(app.client, biz, email, name="Lena Maier", preset="provider", calendar="new")
    assert invited.status_code == 201, invited.text
    person = invited.json()
    assert person["status"] == "invited" and person["preset"] == "provider"
    assert person["rights"] == ["customers", "own_hours"] and person["invited_until"]
    assert person["staff_id"] is not None

    mail = (await wait_for_mail(app.client, email))[0]
    assert "Einladung ins Team" in mail["subject"] and "7 Tage" in mail["body"]
    token = invitation_token(mail["body"])
    shown = await app.client.get(f"/api/v1/invitations/{token}")
    assert shown.json() == {
        "state": "ask",
        "business": f"Praxis {biz.slug}",
        "email": email,
        "name": "Lena Maier",
    }
    assert (await log_in(app.client, email, "not a real password")).status_code == 401

    weak = await app.client.post(
        "/api/v1/invitations/accept", json={"token": token, "name": "Lena Maier", "password": "short"}
    )
    assert weak.status_code == 400 and error_code(weak) == "weak_password"
    joined = await app.client.post(
        "/api/v1/invitations/accept", json={"token": token, "name": "Lena Maier", "password": PASSWORD}
    )
    assert joined.status_code == 200, joined.text
    again = await app.client.post(
        "/api/v1/invitations/accept", json={"token": token, "name": "Someone", "password": PASSWORD}
    )
    assert again.status_code == 410 and error_code(again) == "token_used"
    assert (await app.client.get(f"/api/v1/invitations/{token}")).json()["state"] == "used"

    me = await app.client.get("/api/v1/me", headers={"Authorization": f"Bearer {joined.json()['token']}"})
    assert me.json()["staff_id"] == person["staff_id"] and me.json()["role"] == "member"
    assert me.json()["rights"] == ["customers", "own_hours"]
    assert (await log_in(app.client, email)).status_code == 200

    calendars = (await app.client.get("/api/v1/staff", headers=biz.auth)).json()["staff"]
    assert [c["name"] for c in calendars if c["user_id"] == person["user_id"]] == ["Lena Maier"]
    listed = (await app.client.get("/api/v1/team", headers=biz.auth)).json()["people"]
    assert [(p["role"], p["status"]) for p in listed] == [("owner", "active"), ("member", "active")]
    assert listed[1]["name"] == "Lena Maier" and listed[1]["invited_until"] is None


async def test_an_address_joins_once_and_the_owner_and_the_licences_stay_the_owners(app: InProcess) -> None:
    biz = await sign_up(app.client)
    assert (await invite(app.client, biz, "twice@team.example")).status_code == 201
    twice = await invite(app.client, biz, "TWICE@team.example")
    assert twice.status_code == 409 and error_code(twice) == "already_in_team"
    owner_address = await invite(app.client, biz, f"{biz.slug}@owner.example")
    assert owner_address.status_code == 409

    licences = await invite(app.client, biz, "boss@team.example", rights=["licences"])
    assert licences.status_code == 400 and error_code(licences) == "invalid_right"
    owner_preset = await invite(app.client, biz, "boss@team.example", preset="owner")
    assert owner_preset.status_code == 400 and error_code(owner_preset) == "invalid_right"
    nameless = await invite(app.client, biz, "nameless@team.example", calendar="new")
    assert nameless.status_code == 400 and error_code(nameless) == "invalid_name"

    owner_id = (await app.client.get("/api/v1/me", headers=biz.auth)).json()["user_id"]
    fixed = await app.client.patch(f"/api/v1/team/{owner_id}", json={"preset": "reception"}, headers=biz.auth)
    assert fixed.status_code == 409 and error_code(fixed) in ("owner_fixed", "own_account")
    gone = await app.client.post(f"/api/v1/team/{owner_id}/deactivate", headers=biz.auth)
    assert gone.status_code == 409


async def test_a_resent_link_replaces_the_old_one_and_a_link_runs_out_after_seven_days(
    timed: InProcess, clock: Clock
) -> None:
    app = timed
    biz = await sign_up(app.client)
    email = "late@team.example"
    person = (await invite(app.client, biz, email)).json()
    first = invitation_token((await wait_for_mail(app.client, email))[0]["body"])
    resent = await app.client.post(f"/api/v1/team/{person['user_id']}/resend", headers=biz.auth)
    assert resent.status_code == 200
    second = invitation_token((await wait_for_mail(app.client, email, count=2))[0]["body"])
    assert second != first
    assert (await app.client.get(f"/api/v1/invitations/{first}")).json()["state"] == "used"

    clock.offset += timedelta(days=7, minutes=1)
    late = await app.client.post(
        "/api/v1/invitations/accept", json={"token": second, "name": "Late", "password": PASSWORD}
    )
    assert late.status_code == 410 and error_code(late) == "token_expired"
    listed = (await app.client.get("/api/v1/team", headers=biz.auth)).json()["people"]
    assert [p["status"] for p in listed] == ["active", "invited"]


async def test_a_revoked_invitation_no_longer_works_and_its_calendar_stays_without_a_log_in(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    email = "revoked@team.example"
    person = (await invite(app.client, biz, email, name="Rita Roth", calendar="new")).json()
    token = invitation_token((await wait_for_mail(app.client, email))[0]["body"])
    revoked = await app.client.delete(f"/api/v1/team/{person['user_id']}", headers=biz.auth)
    assert revoked.status_code == 204
    taken = await app.client.post(
        "/api/v1/invitations/accept", json={"token": token, "name": "Rita Roth", "password": PASSWORD}
    )
    assert taken.status_code == 404
    calendars = (await app.client.get("/api/v1/staff", headers=biz.auth)).json()["staff"]
    assert [c["user_id"] for c in calendars if c["name"] == "Rita Roth"] == [None]
    listed = (await app.client.get("/api/v1/team", headers=biz.auth)).json()["people"]
    assert len(listed) == 1

    member = await join_team(app.client, biz, name="Rita Roth", calendar=person["staff_id"])
    assert member.staff_id == person["staff_id"]
    taken_twice = await invite(app.client, biz, "other@team.example", calendar=person["staff_id"])
    assert taken_twice.status_code == 409 and error_code(taken_twice) == "calendar_taken"
    joined = await app.client.delete(f"/api/v1/team/{member.user_id}", headers=biz.auth)
    assert joined.status_code == 409 and error_code(joined) == "not_invited"


async def test_deactivating_ends_every_log_in_at_once_and_keeps_what_the_person_did(app: InProcess) -> None:
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    biz = await sign_up(app.client)
    member = await join_team(app.client, biz, name="Tom Huber", preset="reception")
    booked = await book_at_desk(app.client, biz, headers=member.auth)
    assert booked["staff_id"] == biz.staff_id

    done = await app.client.post(f"/api/v1/team/{member.user_id}/deactivate", headers=biz.auth)
    assert done.status_code == 200 and done.json()["status"] == "deactivated"
    assert heard.ended_sessions and member.user_id in heard.refreshed_people
    assert (await app.client.get("/api/v1/me", headers=member.auth)).status_code == 401
    assert (await log_in(app.client, member.email)).status_code == 401
    kept = (await app.client.get("/api/v1/appointments", headers=biz.auth)).json()["appointments"]
    assert [a["id"] for a in kept] == [booked["id"]] and kept[0]["status"] == "booked"

    back = await app.client.post(f"/api/v1/team/{member.user_id}/activate", headers=biz.auth)
    assert back.json()["status"] == "active" and back.json()["preset"] == "reception"
    assert (await log_in(app.client, member.email)).status_code == 200


async def test_rights_changed_take_effect_on_the_next_request_and_reconnect_the_persons_pages(
    app: InProcess,
) -> None:
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    biz = await sign_up(app.client)
    member = await join_team(app.client, biz, preset="reception")
    assert (await app.client.get("/api/v1/customers", headers=member.auth)).status_code == 200

    changed = await app.client.patch(
        f"/api/v1/team/{member.user_id}", json={"rights": ["book_others"]}, headers=biz.auth
    )
    assert changed.status_code == 200 and changed.json()["preset"] is None
    assert heard.refreshed_people == [member.user_id]
    refused = await app.client.get("/api/v1/customers", headers=member.auth)
    assert refused.status_code == 403 and error_code(refused) == "needs_customers"
    assert refused.json()["error"]["message"] == "Sie dürfen die Kundendatenbank nicht sehen."
    english = await app.client.get("/api/v1/customers", headers={**member.auth, "Accept-Language": "en"})
    assert english.json()["error"]["message"] == "You may not see the customer database."

    own = await app.client.patch(
        f"/api/v1/team/{member.user_id}", json={"preset": "owner"}, headers=member.auth
    )
    assert own.status_code == 403 and error_code(own) == "needs_team"


async def test_a_provider_works_in_their_own_calendar_and_sees_only_where_and_when_in_others(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    provider = await join_team(app.client, biz, name="Paula Pichler", preset="provider", calendar="new")
    assert provider.staff_id is not None
    offered = await app.client.patch(
        f"/api/v1/services/{biz.service_id}",
        json={"staff_ids": [biz.staff_id, provider.staff_id]},
        headers=biz.auth,
    )
    assert offered.status_code == 200, offered.text
    every_day = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    own_hours = await app.client.put(
        f"/api/v1/staff/{provider.staff_id}/hours",
        json={"location_id": biz.location_id, "weekly": every_day},
        headers=provider.auth,
    )
    assert own_hours.status_code == 200, own_hours.text
    others_hours = await app.client.put(
        f"/api/v1/staff/{biz.staff_id}/hours",
        json={"location_id": biz.location_id, "weekly": every_day},
        headers=provider.auth,
    )
    assert others_hours.status_code == 403 and error_code(others_hours) == "needs_others_hours"

    colleague = await book_at_desk(app.client, biz, note="Knie links")
    mine = await book_at_desk(app.client, biz, headers=provider.auth, staff_id=provider.staff_id)
    assert mine["staff_id"] == provider.staff_id
    refused = await book_at_desk(app.client, biz, headers=provider.auth, expect=403)
    assert refused["error"]["code"] == "needs_book_others"
    moved = await app.client.patch(
        f"/api/v1/appointments/{colleague['id']}", json={"note": "mine now"}, headers=provider.auth
    )
    assert moved.status_code == 403
    into_other = await app.client.patch(
        f"/api/v1/appointments/{mine['id']}", json={"staff_id": biz.staff_id}, headers=provider.auth
    )
    assert into_other.status_code == 403
    cancelled = await app.client.post(
        f"/api/v1/appointments/{colleague['id']}/cancel", json={}, headers=provider.auth
    )
    assert cancelled.status_code == 403

    seen = (await app.client.get("/api/v1/appointments", headers=provider.auth)).json()["appointments"]
    by_id = {a["id"]: a for a in seen}
    assert by_id[colleague["id"]]["customer_name"] == "" and by_id[colleague["id"]]["note"] == ""
    assert by_id[colleague["id"]]["customer_id"] is None
    assert by_id[colleague["id"]]["start"] == colleague["start"]
    assert by_id[mine["id"]]["customer_name"] != ""
    owner_sees = (await app.client.get("/api/v1/appointments", headers=biz.auth)).json()["appointments"]
    assert {a["id"]: a["note"] for a in owner_sees}[colleague["id"]] == "Knie links"


async def test_a_right_the_product_does_not_know_is_never_granted(app: InProcess) -> None:
    """A right stored by a newer version is ignored, never granted."""
    biz = await sign_up(app.client)
    member = await join_team(app.client, biz, preset="reception")
    async with app.deps.store.write() as conn:
        await conn.execute(
            update(users).where(users.c.id == member.user_id).values(rights=["book_others", "fly"])
        )
    me = (await app.client.get("/api/v1/me", headers=member.auth)).json()
    assert me["rights"] == ["book_others"]


async def test_joining_a_business_that_requires_two_factor_leads_to_its_set_up(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email = "careful@team.example"
    assert (await invite(app.client, biz, email, preset="reception")).status_code == 201
    async with app.deps.store.write() as conn:  # as the owner, with an app of their own, would
        await conn.execute(
            update(tenants).where(tenants.c.id == biz.tenant_id).values(require_two_factor=True)
        )
    token = invitation_token((await wait_for_mail(app.client, email))[0]["body"])
    joined = await app.client.post(
        "/api/v1/invitations/accept", json={"token": token, "name": "Vera Vorsicht", "password": PASSWORD}
    )
    assert joined.status_code == 200 and joined.json()["two_factor_setup_due"] is True
    refused = await app.client.get(
        "/api/v1/appointments", headers={"Authorization": f"Bearer {joined.json()['token']}"}
    )
    assert refused.status_code == 403 and error_code(refused) == "two_factor_due"
