"""Per-address limits: readable 429s when on, nothing when RATE_LIMITS=off."""

from __future__ import annotations

import secrets

from testkit.app import in_process, settings_for


async def test_registrations_from_one_address_are_limited(database_url: str) -> None:
    async with in_process(settings_for(database_url, rate_limits=True)) as app:
        statuses = []
        for _ in range(11):
            response = await app.client.post(
                "/api/v1/customer/register",
                json={
                    "email": f"r-{secrets.token_hex(4)}@x.example",
                    "password": "long password",
                    "first_name": "R",
                    "last_name": "L",
                },
            )
            statuses.append(response.status_code)
        assert statuses == [202] * 10 + [429]
        error = response.json()["error"]
        assert error["code"] == "too_many_requests"
        assert 0 < error["retry_after"] <= 3600
        assert response.headers["Retry-After"] == str(error["retry_after"])
        assert "versuchen Sie es" in error["message"]


async def test_wrong_logins_are_limited(database_url: str) -> None:
    async with in_process(settings_for(database_url, rate_limits=True)) as app:
        codes = [
            (
                await app.client.post(
                    "/api/v1/login", json={"email": "a@b.example", "password": "x"}
                )
            ).status_code
            for _ in range(21)
        ]
        assert codes == [401] * 20 + [429]
        limited = await app.client.post("/api/v1/login", json={"email": "a@b.example", "password": "x"})
        assert limited.status_code == 429
        assert 0 < int(limited.headers["Retry-After"]) <= 900
        page = await app.client.get("/login")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        tried = {"csrf_token": token, "email": "a@b.example", "password": "x"}
        form = await app.client.post("/login", data=tried)
        assert form.status_code == 429 and "<html" in form.text
        assert 0 < int(form.headers["Retry-After"]) <= 900


async def test_limits_can_be_lifted_for_load_tests(database_url: str) -> None:
    async with in_process(settings_for(database_url, rate_limits=False)) as app:
        codes = {
            (
                await app.client.post(
                    "/api/v1/login", json={"email": "a@b.example", "password": "x"}
                )
            ).status_code
            for _ in range(25)
        }
        assert codes == {401}
