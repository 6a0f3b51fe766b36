"""The booking page's and the customer's requests take the fields their operation names and no
others: a field that cannot be given there is a 400 naming it, not a request that quietly ignores it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from testkit.app import InProcess
from testkit.flows import customer, sign_up


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def tomorrow_at_nine() -> str:
    start = datetime.now(UTC) + timedelta(days=1)
    return start.replace(hour=9, minute=0, second=0, microsecond=0).isoformat()


NEW_ACCOUNT = {"password": "long enough", "first_name": "Ida", "last_name": "Ott"}
#: (method, path, a body the operation takes, the field it cannot take)
CASES = [
    ("POST", "/api/v1/customer/register", {**NEW_ACCOUNT, "email": "x@customer.example"}, "role"),
    ("POST", "/api/v1/customer/verify", {"token": "abc"}, "account_id"),
    (
        "POST",
        "/api/v1/customer/login",
        {"email": "x@customer.example", "password": "long enough"},
        "tenant_id",
    ),
    ("POST", "/api/v1/customer/password-reset", {"email": "x@customer.example"}, "account_id"),
    ("POST", "/api/v1/customer/password-reset/confirm", {"token": "abc", "password": "long enough"}, "email"),
    ("PATCH", "/api/v1/customer/me", {"first_name": "Ida"}, "verified_at"),
    ("POST", "/api/v1/customer/password", {"current_password": "x", "new_password": "long enough"}, "email"),
    ("POST", "/api/v1/public/holds/{hold}/confirm", {"code": "123456"}, "status"),
    ("POST", "/api/v1/public/{slug}/holds", {"start": "{start}"}, "customer_id"),
    ("POST", "/api/v1/public/{slug}/holds", {"start": "{start}"}, "status"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"), CASES, ids=[f"{c[0]} {c[1]}:{c[3]}" for c in CASES]
)
async def test_a_field_the_operation_does_not_take_is_refused_by_name(
    app: InProcess, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    biz = await sign_up(app.client)
    _, token = await customer(app.client)
    if "{start}" in body.values():
        body = {"service_id": biz.service_id, "location_id": biz.location_id, "start": tomorrow_at_nine()}
    address = path.format(slug=biz.slug, hold="0" * 32)
    response = await app.client.request(method, address, json=body | {field: "x"}, headers=bearer(token))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "unknown_field"
    assert response.json()["error"]["field"] == field
    held = await app.client.get(f"/api/v1/appointments?from={tomorrow_at_nine()[:10]}", headers=biz.auth)
    assert held.json()["appointments"] == []  # nothing was written


async def test_the_profile_keeps_a_refused_change_whole(app: InProcess) -> None:
    _, token = await customer(app.client, "Ida")
    response = await app.client.patch(
        "/api/v1/customer/me",
        json={"last_name": "Neu", "email": "new@customer.example"},
        headers=bearer(token),
    )
    assert response.status_code == 400 and response.json()["error"]["field"] == "email"
    me = await app.client.get("/api/v1/customer/me", headers=bearer(token))
    assert me.json()["last_name"] == "Kundin"
