"""Every limit of a licence, on SQLite and PostgreSQL: locations, calendars (new, reactivated,
brought by an invitation), online bookings past the trial's cap and after the trial; the upgrade and
add-ons that lift them, a downgrade that no longer fits, and the owner alone doing any of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, code_for, customer, join_team, sign_up
from testkit.stand_ins import Clock

PLANS = """
currency = "EUR"
invoice_prefix = "RE-"
default_country = "AT"
[seller]
name = "Betreiber GmbH"
address = "Hauptplatz 1\\n4020 Linz"
vat_id = "ATU12345678"
iban = "AT61 1904 3002 3457 3201"
[trial]
days = 30
locations = 1
calendars = 2
online_bookings_per_month = 2
[base]
price = "29.00"
locations = 1
calendars = 1
[addons.location]
price = "19.00"
[addons.calendar]
price = "19.00"
[vat]
AT = "20"
"""

HOURS = {"mon": [["00:00", "24:00"]], "tue": [["00:00", "24:00"]], "wed": [["00:00", "24:00"]]}
EVERY_DAY = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def plans_file(tmp_path: Path) -> str:
    path = tmp_path / "plans.toml"
    path.write_text(PLANS)
    return str(path)


@pytest.fixture
async def licensed(database_url: str, plans_file: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url, plans_file=plans_file), clock=clock) as running:
        yield running


def refused(response: httpx.Response, limit: str) -> dict[str, object]:
    assert response.status_code == 409, response.text
    error: dict[str, object] = response.json()["error"]
    assert error["code"] == "licence_limit" and error["limit"] == limit, error
    return error


async def add_location(client: httpx.AsyncClient, biz: Business, name: str = "Filiale") -> httpx.Response:
    return await client.post(
        "/api/v1/locations", json={"name": name, "opening_hours": HOURS}, headers=biz.auth
    )


async def add_calendar(client: httpx.AsyncClient, biz: Business, name: str) -> httpx.Response:
    return await client.post("/api/v1/staff", json={"name": name}, headers=biz.auth)


async def test_the_trial_allows_one_location_and_says_how_to_lift_it(licensed: InProcess) -> None:
    client = licensed.client
    biz = await sign_up(client)
    error = refused(await add_location(client, biz), "locations")
    assert error["allowed"] == 1
    assert "Einstellungen → Lizenz" in str(error["message"]) and "Basisversion" in str(error["message"])
    english = await client.post(
        "/api/v1/locations",
        json={"name": "Filiale", "opening_hours": HOURS},
        headers={**biz.auth, "Accept-Language": "en"},
    )
    assert "Settings → Licence" in refused(english, "locations")["message"]  # type: ignore[operator]


async def test_calendars_count_when_made_reactivated_or_brought_by_an_invitation(licensed: InProcess) -> None:
    client = licensed.client
    biz = await sign_up(client)
    second = await add_calendar(client, biz, "Anna")
    assert second.status_code == 201, second.text
    refused(await add_calendar(client, biz, "Ben"), "calendars")
    invited = await client.post(
        "/api/v1/team/invitations",
        json={"email": "provider@team.example", "name": "Carla", "preset": "provider", "calendar": "new"},
        headers=biz.auth,
    )
    refused(invited, "calendars")
    # Administrative staff are free: an invitation without a calendar always goes.
    await join_team(client, biz, preset="reception", calendar=None)
    off = await client.post(f"/api/v1/staff/{second.json()['id']}/deactivate", headers=biz.auth)
    assert off.status_code == 200, off.text
    third = await add_calendar(client, biz, "Ben")
    assert third.status_code == 201, third.text
    refused(await client.post(f"/api/v1/staff/{second.json()['id']}/activate", headers=biz.auth), "calendars")


async def test_a_deactivated_location_comes_back_only_within_the_licence(licensed: InProcess) -> None:
    client = licensed.client
    biz = await sign_up(client)
    await client.post("/api/v1/licence/upgrade", headers=biz.auth)
    more = await client.put(
        "/api/v1/licence/add-ons", json={"extra_locations": 1, "extra_calendars": 0}, headers=biz.auth
    )
    assert more.status_code == 200, more.text
    second = await add_location(client, biz)
    assert second.status_code == 201, second.text
    off = await client.post(f"/api/v1/locations/{second.json()['id']}/deactivate", headers=biz.auth)
    assert off.status_code == 200, off.text
    fewer = await client.put(
        "/api/v1/licence/add-ons", json={"extra_locations": 0, "extra_calendars": 0}, headers=biz.auth
    )
    assert fewer.status_code == 200, fewer.text
    back = await client.post(f"/api/v1/locations/{second.json()['id']}/activate", headers=biz.auth)
    refused(back, "locations")


async def test_the_upgrade_and_add_ons_lift_the_limits_at_once(licensed: InProcess) -> None:
    client = licensed.client
    biz = await sign_up(client)
    assert (await add_calendar(client, biz, "Anna")).status_code == 201
    up = await client.post("/api/v1/licence/upgrade", headers=biz.auth)
    assert up.status_code == 200, up.text
    licence = up.json()
    # Two calendars in use, the base includes one: the upgrade books the add-on they need.
    assert licence["plan"] == "base" and licence["extra_calendars"] == 1
    assert licence["includes"] == {"locations": 1, "calendars": 2, "online_bookings_per_month": None}
    assert licence["next_invoice"]["lines"][0]["item"] == "base"
    assert (await client.post("/api/v1/licence/upgrade", headers=biz.auth)).json()["error"][
        "code"
    ] == "not_trial"
    refused(await add_calendar(client, biz, "Ben"), "calendars")
    more = await client.put(
        "/api/v1/licence/add-ons", json={"extra_locations": 1, "extra_calendars": 2}, headers=biz.auth
    )
    assert more.status_code == 200, more.text
    assert (await add_calendar(client, biz, "Ben")).status_code == 201
    assert (await add_location(client, biz)).status_code == 201


async def test_a_downgrade_that_does_not_fit_names_what_to_deactivate(licensed: InProcess) -> None:
    client = licensed.client
    biz = await sign_up(client)
    await client.post("/api/v1/licence/upgrade", headers=biz.auth)
    await client.put(
        "/api/v1/licence/add-ons", json={"extra_locations": 0, "extra_calendars": 2}, headers=biz.auth
    )
    for name in ("Anna", "Ben"):
        assert (await add_calendar(client, biz, name)).status_code == 201
    fewer = await client.put(
        "/api/v1/licence/add-ons", json={"extra_locations": 0, "extra_calendars": 1}, headers=biz.auth
    )
    error = refused(fewer, "downgrade")
    assert error["calendars_over"] == 1 and error["locations_over"] == 0
    assert {c["name"] for c in error["calendars"]} >= {"Anna", "Ben"}  # type: ignore[attr-defined]
    assert "1 Kalender" in str(error["message"])
    # Add-ons come with the base licence only.
    trial = await sign_up(client)
    early = await client.put(
        "/api/v1/licence/add-ons", json={"extra_locations": 1, "extra_calendars": 0}, headers=trial.auth
    )
    assert early.status_code == 409 and early.json()["error"]["code"] == "needs_base"


async def _hold(client: httpx.AsyncClient, biz: Business, token: str, start: datetime) -> httpx.Response:
    return await client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )


async def test_online_bookings_stop_at_the_trials_cap_and_after_the_trial(
    licensed: InProcess, clock: Clock
) -> None:
    client = licensed.client
    biz = await sign_up(client)
    first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    for n in range(2):
        email, token = await customer(client, f"Kundin{n}")
        held = await _hold(client, biz, token, first + timedelta(hours=n))
        assert held.status_code == 201, held.text
        code = await code_for(client, email)
        done = await client.post(
            f"/api/v1/public/holds/{held.json()['id']}/confirm",
            json={"code": code},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert done.status_code == 200, done.text
    _, token = await customer(client, "Dritte")
    error = refused(await _hold(client, biz, token, first + timedelta(hours=5)), "online_bookings")
    assert "Lizenz" not in str(error["message"])  # the customer is not told about licences
    public = (await client.get(f"/api/v1/public/{biz.slug}")).json()
    assert public["online_booking"] is False and public["services"] == []
    # The desk keeps booking.
    desk = await client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": (first + timedelta(hours=6)).isoformat(),
            "new_customer": {"first_name": "Eva", "last_name": "Berger"},
        },
        headers=biz.auth,
    )
    assert desk.status_code == 201, desk.text

    other = await sign_up(client)
    clock.offset = timedelta(days=31)
    refused(await _hold(client, other, token, first + timedelta(days=31, hours=1)), "trial_ended")
    licence = (await client.get("/api/v1/licence", headers=other.auth)).json()
    assert licence["trial_over"] is True
    await client.post("/api/v1/licence/upgrade", headers=other.auth)
    again = await _hold(client, other, token, first + timedelta(days=31, hours=2))
    assert again.status_code == 201, again.text


async def test_only_the_owner_sees_and_changes_the_licence(licensed: InProcess) -> None:
    client = licensed.client
    biz = await sign_up(client)
    manager = await join_team(client, biz, preset="management", calendar=None)
    for method, path in (("GET", "/licence"), ("POST", "/licence/upgrade")):
        answer = await client.request(method, f"/api/v1{path}", headers=manager.auth)
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "needs_licences"
    mine = await client.get("/api/v1/licence", headers=biz.auth)
    assert mine.status_code == 200 and mine.json()["plan"] == "trial"
    assert mine.json()["uses"]["calendars"] == 1
