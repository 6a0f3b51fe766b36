"""The rules behind online slots, through the API: buffers stay free, bad settings are refused when
saved (never at booking time), and slots follow the local clock across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from testkit.app import InProcess
from testkit.flows import Business, sign_up

VIENNA = ZoneInfo("Europe/Vienna")


async def slots(client: httpx.AsyncClient, biz: Business, day: date, service_id: str | None = None) -> Any:
    response = await client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={
            "service_id": service_id or biz.service_id,
            "location_id": biz.location_id,
            "from": day.isoformat(),
            "to": day.isoformat(),
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = VIENNA) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


async def test_an_online_slot_keeps_the_buffers_free(app: InProcess) -> None:
    biz = await sign_up(app.client)
    made = await app.client.post(
        "/api/v1/services",
        json={
            "name": "Massage",
            "duration_minutes": 30,
            "buffer_before_minutes": 15,
            "buffer_after_minutes": 15,
        },
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text
    massage = made.json()["id"]
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=2)
    booked = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": massage,
            "start": local(day, 10).isoformat(),
            "new_customer": {"first_name": "Max", "last_name": "Muster"},
        },
        headers=biz.auth,
    )
    assert booked.status_code == 201, booked.text
    # Busy 09:45-10:45 with the booked massage's buffers; a new massage needs 15 minutes either side.
    starts = {
        datetime.fromisoformat(s["start"]) for s in (await slots(app.client, biz, day, massage))["slots"]
    }
    assert local(day, 9) in starts and local(day, 11) in starts
    assert not [s for s in starts if local(day, 9) < s < local(day, 11)]
    # A service without buffers may come right up to the booked massage's buffers.
    plain = {datetime.fromisoformat(s["start"]) for s in (await slots(app.client, biz, day))["slots"]}
    assert local(day, 9, 15) in plain and local(day, 10, 45) in plain
    assert not [s for s in plain if local(day, 9, 15) < s < local(day, 10, 45)]


GOOD_HOURS = {"mon": [["08:00", "12:00"], ["13:00", "18:00"]]}


@pytest.mark.parametrize(
    "hours",
    [
        pytest.param({"mon": [["10:00", "09:00"]]}, id="ends-before-it-starts"),
        pytest.param({"mon": [["09:00", "09:00"]]}, id="empty-range"),
        pytest.param({"mon": [["08:00", "12:00"], ["11:00", "13:00"]]}, id="overlapping"),
        pytest.param({"mon": [["08:00", "25:00"]]}, id="no-such-time"),
    ],
)
async def test_bad_hours_are_refused_when_saved_and_nothing_changes(
    app: InProcess, hours: dict[str, Any]
) -> None:
    biz = await sign_up(app.client)
    saved = await app.client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": GOOD_HOURS}, headers=biz.auth
    )
    assert saved.status_code == 200, saved.text
    day = datetime.now(UTC).astimezone(VIENNA).date() + timedelta(days=3)
    before = await slots(app.client, biz, day)

    refused = await app.client.patch(
        f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=biz.auth
    )
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert error | {"message": "", "detail": ""} == {
        "code": "invalid_hours",
        "message": "",
        "detail": "",
        "field": "opening_hours",
    }
    # The person reads the rule; a developer also reads which range broke it.
    assert error["message"].startswith("Die Zeiten sind nicht gültig") and "Monday" in error["detail"]
    staff_hours = await app.client.put(
        f"/api/v1/staff/{biz.staff_id}/hours",
        json={"location_id": biz.location_id, "weekly": hours},
        headers=biz.auth,
    )
    assert staff_hours.status_code == 400 and staff_hours.json()["error"]["field"] == "weekly"
    added = await app.client.post(
        "/api/v1/locations", json={"name": "Filiale", "opening_hours": hours}, headers=biz.auth
    )
    assert added.status_code == 400 and added.json()["error"]["code"] == "invalid_hours"

    places = (await app.client.get("/api/v1/locations", headers=biz.auth)).json()["locations"]
    assert [p["opening_hours"] for p in places] == [GOOD_HOURS]
    assert await slots(app.client, biz, day) == before  # booking goes on as before


@pytest.mark.parametrize(
    ("body", "code"),
    [
        pytest.param({"duration_minutes": 0}, "invalid_duration", id="duration-0"),
        pytest.param({"duration_minutes": -30}, "invalid_duration", id="duration-negative"),
        pytest.param({"buffer_after_minutes": -5}, "invalid_buffer", id="negative-buffer"),
    ],
)
async def test_bad_services_are_refused_when_saved(app: InProcess, body: dict[str, Any], code: str) -> None:
    biz = await sign_up(app.client)
    response = await app.client.post(
        "/api/v1/services", json={"name": "Nichts", "duration_minutes": 30} | body, headers=biz.auth
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == code
    services = (await app.client.get("/api/v1/services", headers=biz.auth)).json()["services"]
    assert [s["id"] for s in services] == [biz.service_id]


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Europe/Vienna ", "localtime", ""])
async def test_an_unknown_zone_is_refused_at_sign_up(app: InProcess, zone: str) -> None:
    response = await app.client.post(
        "/api/v1/signup",
        json={
            "business_name": "Studio",
            "slug": "studio-zone",
            "email": "zone@studio.example",
            "password": "long enough!",
            "timezone": zone,
        },
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_timezone"
    login = await app.client.post(
        "/api/v1/login", json={"email": "zone@studio.example", "password": "long enough!"}
    )
    assert login.status_code == 401


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def first_sunday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(6 - day.weekday()) % 7)


NEXT_YEAR = datetime.now(UTC).year + 1


@pytest.mark.parametrize(
    ("zone", "spring", "autumn", "before", "after"),
    [
        pytest.param(
            "Europe/Vienna",
            last_sunday(NEXT_YEAR, 3),
            last_sunday(NEXT_YEAR, 10),
            "+02:00",
            "+01:00",
            id="vienna",
        ),
        pytest.param(
            "Australia/Sydney",
            first_sunday(NEXT_YEAR, 10),
            first_sunday(NEXT_YEAR, 4),
            "+11:00",
            "+10:00",
            id="sydney",
        ),
    ],
)
async def test_slots_follow_the_local_clock_across_dst(
    app: InProcess, zone: str, spring: date, autumn: date, before: str, after: str
) -> None:
    """On the day clocks go forward no slot starts in the skipped hour 02:00-03:00; on the day
    they go back the repeated 02:30 is offered twice, once in each offset."""
    biz = await sign_up(app.client, timezone=zone, horizon_days=730)  # open 00:00-24:00 every day
    forward = await slots(app.client, biz, spring)
    assert forward["timezone"] == zone
    walls = [datetime.fromisoformat(s["start"]) for s in forward["slots"]]
    assert not [w for w in walls if w.hour == 2]
    # A 30-minute slot at 01:45 ends at 03:15: the clock jumps over 02:00-02:59 in between.
    assert [w.strftime("%H:%M") for w in walls[:9]] == [
        "00:00", "00:15", "00:30", "00:45", "01:00", "01:15", "01:30", "01:45", "03:00",
    ]  # fmt: skip
    assert len(walls) == 95 - 4  # 00:00 to 23:30 on the grid, without 02:00 to 02:45

    back = await slots(app.client, biz, autumn)
    half_past_two = [s["start"] for s in back["slots"] if s["start"][11:16] == "02:30"]
    day = autumn.isoformat()
    assert half_past_two == [f"{day}T02:30:00{before}", f"{day}T02:30:00{after}"]
    instants = [datetime.fromisoformat(s["start"]) for s in back["slots"]]
    assert instants == sorted(instants) and len(instants) == 95 + 4  # 02:00 to 02:45 twice
