"""Services are edited in place; calendars show their hours per location."""

from __future__ import annotations

import pytest

from testkit.app import InProcess
from testkit.flows import sign_up


async def test_a_service_is_edited_and_removed(app: InProcess) -> None:
    biz = await sign_up(app.client)
    second = (await app.client.post("/api/v1/staff", json={"name": "Anna"}, headers=biz.auth)).json()["id"]
    response = await app.client.patch(
        f"/api/v1/services/{biz.service_id}",
        json={
            "name": "Massage",
            "duration_minutes": 50,
            "color": "#AA0000",
            "buffer_after_minutes": 10,
            "staff_ids": [biz.staff_id, second],
        },
        headers=biz.auth,
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["name"], changed["duration_minutes"], changed["color"]) == ("Massage", 50, "#aa0000")
    assert (changed["buffer_before_minutes"], changed["buffer_after_minutes"]) == (0, 10)
    assert sorted(changed["staff_ids"]) == sorted([biz.staff_id, second])
    listed = (await app.client.get("/api/v1/services", headers=biz.auth)).json()["services"]
    assert listed == [changed]

    assert (
        await app.client.delete(f"/api/v1/services/{biz.service_id}", headers=biz.auth)
    ).status_code == 204
    assert (await app.client.get("/api/v1/services", headers=biz.auth)).json()["services"] == []
    again = await app.client.patch(f"/api/v1/services/{biz.service_id}", json={"name": "X"}, headers=biz.auth)
    assert again.status_code == 404


@pytest.mark.parametrize(
    ("body", "code"),
    [
        pytest.param({"duration_minutes": 0}, "invalid_duration", id="zero"),
        pytest.param({"duration_minutes": "30"}, "invalid_duration", id="text"),
        pytest.param({"name": "  "}, "invalid_name", id="blank"),
        pytest.param({"color": "red"}, "invalid_color", id="colour"),
        pytest.param({"buffer_before_minutes": -5}, "invalid_buffer", id="buffer"),
        pytest.param({"staff_ids": "all"}, "invalid_field", id="staff-ids"),
        pytest.param({"price": 10}, "invalid_field", id="unknown-field"),
    ],
)
async def test_bad_service_changes_are_refused(app: InProcess, body: dict[str, object], code: str) -> None:
    biz = await sign_up(app.client)
    response = await app.client.patch(f"/api/v1/services/{biz.service_id}", json=body, headers=biz.auth)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


async def test_another_business_cannot_touch_a_service(app: InProcess) -> None:
    mine, theirs = await sign_up(app.client), await sign_up(app.client)
    response = await app.client.patch(
        f"/api/v1/services/{theirs.service_id}", json={"name": "X"}, headers=mine.auth
    )
    assert response.status_code == 404
    response = await app.client.patch(
        f"/api/v1/services/{mine.service_id}", json={"staff_ids": [theirs.staff_id]}, headers=mine.auth
    )
    assert response.status_code == 404


async def test_staff_list_shows_hours_per_location(app: InProcess) -> None:
    biz = await sign_up(app.client)
    weekly = {"mon": [["09:00", "12:00"]]}
    response = await app.client.put(
        f"/api/v1/staff/{biz.staff_id}/hours",
        json={"location_id": biz.location_id, "weekly": weekly},
        headers=biz.auth,
    )
    assert response.status_code == 200
    (owner,) = (await app.client.get("/api/v1/staff", headers=biz.auth)).json()["staff"]
    assert owner["hours"] == {biz.location_id: weekly}


async def test_settings_page_needs_a_session(app: InProcess) -> None:
    assert (await app.client.get("/settings")).status_code == 303
