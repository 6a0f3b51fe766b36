"""The desk's writes take only the fields they can change: any other field is a 400 naming it, and
nothing is written, instead of a 200 that quietly ignores it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from testkit.app import InProcess
from testkit.flows import Business, sign_up


def tomorrow_at(hour: int) -> str:
    day = datetime.now(UTC) + timedelta(days=2)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


async def booked(app: InProcess, biz: Business) -> dict[str, Any]:
    response = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": tomorrow_at(9),
            "new_customer": {"first_name": "Max", "last_name": "Muster"},
            "note": "Knie",
        },
        headers=biz.auth,
    )
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    return made


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("status", "cancelled", id="status"),
        pytest.param("location_id", "0" * 32, id="location"),
        pytest.param("end", "2030-01-01T10:00:00+01:00", id="end"),
        pytest.param("source", "online", id="source"),
    ],
)
async def test_a_move_refuses_what_it_cannot_change(app: InProcess, field: str, value: str) -> None:
    biz = await sign_up(app.client)
    made = await booked(app, biz)
    response = await app.client.patch(
        f"/api/v1/appointments/{made['id']}", json={"note": "Schulter", field: value}, headers=biz.auth
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "unknown_field"
    assert response.json()["error"]["field"] == field
    listed = await app.client.get(
        "/api/v1/appointments",
        params={"from": made["start"][:10], "to": made["start"][:10]},
        headers=biz.auth,
    )
    assert listed.json()["appointments"] == [made]


async def test_a_move_still_takes_what_it_can_change(app: InProcess) -> None:
    biz = await sign_up(app.client)
    made = await booked(app, biz)
    response = await app.client.patch(
        f"/api/v1/appointments/{made['id']}",
        json={"start": tomorrow_at(11), "staff_id": biz.staff_id, "note": "Schulter", "message": ""},
        headers=biz.auth,
    )
    assert response.status_code == 200, response.text
    assert response.json()["note"] == "Schulter" and response.json()["start"] != made["start"]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        pytest.param("POST", "/api/v1/appointments", {"status": "held"}, "status", id="booking"),
        pytest.param("POST", "/api/v1/appointments/{id}/cancel", {"notify": False}, "notify", id="cancel"),
        pytest.param("POST", "/api/v1/appointments/{id}/accept", {"status": "booked"}, "status", id="accept"),
        pytest.param("POST", "/api/v1/closures", {"all_day": True}, "all_day", id="closure"),
        pytest.param("POST", "/api/v1/staff", {"user_id": "x"}, "user_id", id="calendar"),
        pytest.param("POST", "/api/v1/locations", {"id": "x"}, "id", id="location"),
        pytest.param("PATCH", "/api/v1/locations/{location}", {"tenant_id": "x"}, "tenant_id", id="place"),
        pytest.param("PUT", "/api/v1/staff/{staff}/hours", {"staff_id": "x"}, "staff_id", id="hours"),
    ],
)
async def test_the_desk_writes_refuse_fields_they_do_not_take(
    app: InProcess, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    biz = await sign_up(app.client)
    made = await booked(app, biz)
    valid: dict[str, dict[str, Any]] = {
        "/api/v1/appointments": {
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": tomorrow_at(15),
            "customer_id": made["customer_id"],
        },
        "/api/v1/closures": {"kind": "vacation", "start": "2031-01-01", "end": "2031-01-02"},
        "/api/v1/staff": {"name": "Anna"},
        "/api/v1/locations": {"name": "Filiale", "opening_hours": {}},
        "/api/v1/staff/{staff}/hours": {"location_id": biz.location_id, "weekly": {}},
    }
    address = path.format(id=made["id"], location=biz.location_id, staff=biz.staff_id)
    sent = valid.get(path, {}) | body
    response = await app.client.request(method, address, json=sent, headers=biz.auth)
    assert response.status_code == 400, response.text
    assert response.json()["error"] | {"message": "", "detail": ""} == {
        "code": "unknown_field",
        "message": "",
        "detail": "",
        "field": field,
    }


async def test_settings_name_a_setting_there_is_not(app: InProcess) -> None:
    biz = await sign_up(app.client)
    response = await app.client.patch(
        "/api/v1/settings", json={"horizon_days": 30, "slug": "other"}, headers=biz.auth
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "unknown_setting"
    assert response.json()["error"]["field"] == "slug"
    unchanged = await app.client.get("/api/v1/settings", headers=biz.auth)
    assert unchanged.json()["horizon_days"] == 90 and unchanged.json()["slug"] == biz.slug


async def test_a_new_customers_field_is_named_as_the_form_names_it(app: InProcess) -> None:
    """The desk's form puts an error about the new customer's address under the address field."""
    biz = await sign_up(app.client)
    response = await app.client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": tomorrow_at(9),
            "new_customer": {"first_name": "Max", "email": "nobody"},
        },
        headers=biz.auth,
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_email"
    assert response.json()["error"]["field"] == "email"
