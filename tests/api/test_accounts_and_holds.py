"""Customer accounts, booking requests and hold deadlines, with a clock the test moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from actions import holds
from testkit.app import InProcess, in_process, link_token, settings_for
from testkit.flows import code_for, customer, sign_up, wait_for_mail
from testkit.sockets import desk_booking
from testkit.stand_ins import Clock


def ahead(days: int, hour: int, minute: int = 0) -> datetime:
    """A business-day time some days on, the same whatever the hour the tests run at."""
    day = datetime.now(UTC).astimezone(ZoneInfo("Europe/Vienna")).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.fixture
async def timed_app(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url, hold_seconds=60), clock=clock) as running:
        yield running


async def test_opening_the_link_verifies_nothing_until_the_button(app: InProcess) -> None:
    email = "scanner-test-" + datetime.now(UTC).strftime("%H%M%S%f") + "@customer.example"
    body = {"email": email, "password": "long password", "first_name": "Ida", "last_name": "Ott"}
    assert (await app.client.post("/api/v1/customer/register", json=body)).status_code == 202
    mail = (await wait_for_mail(app.client, email))[0]
    token = link_token(mail["body"])
    assert "/verify/" in mail["body"]

    page = await app.client.get(f"/verify/{token}")
    assert page.status_code == 200 and f'action="/verify/{token}"' in page.text
    login = await app.client.post(
        "/api/v1/customer/login", json={"email": email, "password": "long password"}
    )
    assert login.status_code == 403 and login.json()["error"]["code"] == "email_unverified"

    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    done = await app.client.post(f"/verify/{token}", data={"csrf_token": csrf})
    assert done.status_code == 200
    login = await app.client.post(
        "/api/v1/customer/login", json={"email": email, "password": "long password"}
    )
    assert login.status_code == 200
    again = await app.client.post("/api/v1/customer/verify", json={"token": token})
    assert again.status_code == 410 and again.json()["error"]["code"] == "token_used"
    unknown = await app.client.post("/api/v1/customer/verify", json={"token": "forged"})
    assert unknown.status_code == 404
    wrong = await app.client.post(
        "/api/v1/customer/login", json={"email": email, "password": "not it"}
    )
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "bad_credentials"


async def test_verification_links_expire(timed_app: InProcess, clock: Clock) -> None:
    email = "late-" + datetime.now(UTC).strftime("%H%M%S%f") + "@customer.example"
    body = {"email": email, "password": "long password", "first_name": "Ida", "last_name": "Ott"}
    await timed_app.client.post("/api/v1/customer/register", json=body)
    token = link_token((await wait_for_mail(timed_app.client, email))[0]["body"])
    clock.offset = timedelta(days=3)
    response = await timed_app.client.post("/api/v1/customer/verify", json={"token": token})
    assert response.status_code == 410 and response.json()["error"]["code"] == "token_expired"


async def test_a_hold_is_released_at_its_deadline(timed_app: InProcess, clock: Clock) -> None:
    app = timed_app
    biz = await sign_up(app.client)
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    start = ahead(1, 10)
    body = {
        "service_id": biz.service_id,
        "location_id": biz.location_id,
        "start": start.isoformat(),
    }
    held = (
        await app.client.post(f"/api/v1/public/{biz.slug}/holds", json=body, headers=auth)
    ).json()
    code = await code_for(app.client, email)

    clock.offset = timedelta(seconds=59)
    assert await holds.release_expired(app.deps) == 0
    clock.offset = timedelta(seconds=61)
    # The slot counts as free at once, even before the poller has run.
    slots = await app.client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={
            "service_id": biz.service_id,
            "location_id": biz.location_id,
            "from": start.date().isoformat(),
            "to": (start.date() + timedelta(days=1)).isoformat(),
        },
    )
    assert start in {datetime.fromisoformat(s["start"]) for s in slots.json()["slots"]}
    await holds.release_expired(app.deps)
    listed = await app.client.get(
        "/api/v1/appointments",
        params={"from": start.isoformat(), "to": (start + timedelta(hours=1)).isoformat()},
        headers=biz.auth,
    )
    assert listed.json()["appointments"] == []
    late = await app.client.post(
        f"/api/v1/public/holds/{held['id']}/confirm", json={"code": code}, headers=auth
    )
    assert late.status_code == 410 and late.json()["error"]["code"] == "hold_released"
    _, other = await customer(app.client, "Otto")
    again = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=body, headers={"Authorization": f"Bearer {other}"}
    )
    assert again.status_code == 201, again.text


async def test_an_expired_hold_does_not_block_a_desk_booking(
    timed_app: InProcess, clock: Clock
) -> None:
    app = timed_app
    biz = await sign_up(app.client)
    _, token = await customer(app.client)
    start = ahead(1, 10, 30)
    body = {
        "service_id": biz.service_id,
        "location_id": biz.location_id,
        "start": start.isoformat(),
    }
    await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    clock.offset = timedelta(seconds=61)
    caller = {"first_name": "Per", "last_name": "Telefon"}
    response = await desk_booking(app.client, biz, start, new_customer=caller)
    assert response.status_code == 201, response.text


async def test_request_mode_leaves_the_booking_requested(app: InProcess) -> None:
    biz = await sign_up(app.client, booking_mode="request")
    info = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert info["booking_mode"] == "request"
    email, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    start = ahead(2, 10)
    held = (
        await app.client.post(
            f"/api/v1/public/{biz.slug}/holds",
            json={
                "service_id": biz.service_id,
                "location_id": biz.location_id,
                "start": start.isoformat(),
            },
            headers=auth,
        )
    ).json()
    confirmed = await app.client.post(
        f"/api/v1/public/holds/{held['id']}/confirm",
        json={"code": await code_for(app.client, email)},
        headers=auth,
    )
    assert confirmed.json() == {"appointment_id": held["id"], "status": "requested"}
    subjects = [m["subject"] for m in await wait_for_mail(app.client, email, count=3)]
    assert any(s.startswith("Terminanfrage erhalten") for s in subjects)


async def test_choosing_another_slot_lets_the_first_hold_go(app: InProcess) -> None:
    biz = await sign_up(app.client)
    _, token = await customer(app.client)
    auth = {"Authorization": f"Bearer {token}"}
    start = ahead(2, 10)
    base = {"service_id": biz.service_id, "location_id": biz.location_id}
    first = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds", json=base | {"start": start.isoformat()}, headers=auth
    )
    second = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json=base | {"start": (start + timedelta(hours=1)).isoformat()},
        headers=auth,
    )
    assert first.status_code == second.status_code == 201
    listed = await app.client.get(
        "/api/v1/appointments",
        headers=biz.auth,
        params={"from": start.date().isoformat(), "to": start.date().isoformat()},
    )
    assert [a["id"] for a in listed.json()["appointments"]] == [second.json()["id"]]


async def test_someone_elses_hold_cannot_be_confirmed_or_released(app: InProcess) -> None:
    biz = await sign_up(app.client)
    _, mine = await customer(app.client)
    _, theirs = await customer(app.client, "Eve")
    start = ahead(2, 10)
    held = (
        await app.client.post(
            f"/api/v1/public/{biz.slug}/holds",
            json={
                "service_id": biz.service_id,
                "location_id": biz.location_id,
                "start": start.isoformat(),
            },
            headers={"Authorization": f"Bearer {mine}"},
        )
    ).json()
    other = {"Authorization": f"Bearer {theirs}"}
    assert (
        await app.client.post(
            f"/api/v1/public/holds/{held['id']}/confirm", json={"code": "123456"}, headers=other
        )
    ).status_code == 404
    assert (
        await app.client.delete(f"/api/v1/public/holds/{held['id']}", headers=other)
    ).status_code == 404
    malformed = await app.client.post(
        f"/api/v1/public/holds/{held['id']}/confirm",
        json={"code": "12ab"},
        headers={"Authorization": f"Bearer {mine}"},
    )
    assert malformed.status_code == 400 and malformed.json()["error"]["code"] == "invalid_code"
