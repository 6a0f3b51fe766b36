"""Staff sessions end on the server: log-out ends one, a new password ends all of that person's."""

from __future__ import annotations

import httpx
import pytest

from testkit.app import InProcess
from testkit.flows import Business, sign_up
from testkit.stand_ins import Heard
from web.auth import Tokens

PASSWORD = "correct horse battery"


def owner_email(biz: Business) -> str:
    return f"{biz.slug}@owner.example"


async def log_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/v1/login", json={"email": email, "password": password})


async def token_of(client: httpx.AsyncClient, biz: Business) -> str:
    response = await log_in(client, owner_email(biz))
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def session_of(app: InProcess, token: str) -> str:
    claim = Tokens(app.deps.settings.secret_key).staff_claim(token)
    assert claim is not None
    return claim.session_id


async def test_log_out_ends_that_token_and_no_other(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    desk, phone = await token_of(app.client, biz), await token_of(app.client, biz)

    assert (await app.client.post("/api/v1/logout", headers=bearer(desk))).status_code == 204

    assert (await app.client.get("/api/v1/me", headers=bearer(desk))).status_code == 401
    assert (await app.client.post("/api/v1/logout", headers=bearer(desk))).status_code == 401
    assert (await app.client.get("/api/v1/me", headers=bearer(phone))).status_code == 200
    assert heard.ended_sessions == [session_of(app, desk)]


async def test_a_new_password_ends_every_session_and_the_caller_carries_on(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    phone = await token_of(app.client, biz)

    changed = await app.client.post(
        "/api/v1/password",
        json={"current_password": PASSWORD, "new_password": "a brand new secret"},
        headers=biz.auth,
    )

    assert changed.status_code == 200, changed.text
    fresh = changed.json()["token"]
    assert (await app.client.get("/api/v1/me", headers=bearer(fresh))).status_code == 200
    for old in (biz.token, phone):
        assert (await app.client.get("/api/v1/me", headers=bearer(old))).status_code == 401
    assert sorted(heard.ended_sessions) == sorted([session_of(app, biz.token), session_of(app, phone)])
    assert (await log_in(app.client, owner_email(biz))).status_code == 401
    assert (await log_in(app.client, owner_email(biz), "a brand new secret")).status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        pytest.param(
            {"current_password": "not it at all", "new_password": "a brand new secret"},
            403,
            "wrong_password",
            "current_password",
            id="wrong-current",
        ),
        pytest.param(
            {"current_password": PASSWORD, "new_password": "short"},
            400,
            "weak_password",
            "new_password",
            id="weak",
        ),
        pytest.param({"current_password": PASSWORD}, 400, "missing_field", "new_password", id="missing"),
    ],
)
async def test_a_refused_password_change_keeps_everything_as_it_was(
    app: InProcess, body: dict[str, str], status: int, code: str, field: str
) -> None:
    biz = await sign_up(app.client)

    refused = await app.client.post("/api/v1/password", json=body, headers=biz.auth)

    assert refused.status_code == status, refused.text
    assert (refused.json()["error"]["code"], refused.json()["error"]["field"]) == (code, field)
    assert (await app.client.get("/api/v1/me", headers=biz.auth)).status_code == 200
    assert (await log_in(app.client, owner_email(biz))).status_code == 200


async def test_password_change_and_log_out_need_a_signed_in_person(app: InProcess) -> None:
    for path in ("/api/v1/password", "/api/v1/logout"):
        response = await app.client.post(path, json={}, headers=bearer("forged"))
        assert response.status_code == 401, path
