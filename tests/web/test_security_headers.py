"""The security headers a browser expects, on every page and API answer, logged in and out: the
Content-Security-Policy, framing only of the booking page, HSTS and secure cookies behind https."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
from starlette.routing import BaseRoute, Mount, Route

from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, customer, sign_up
from tests.api.test_pages_and_sessions import sign_in_by_form
from web.security import POLICY, directives


def get_paths(routes: list[BaseRoute], prefix: str = "") -> Iterator[str]:
    """The path templates of every GET route of the app, mounts included."""
    for route in routes:
        if isinstance(route, Mount) and route.routes:
            yield from get_paths(list(route.routes), prefix + route.path)
        elif isinstance(route, Route) and route.methods and "GET" in route.methods:
            yield prefix + route.path


def filled(template: str, biz: Business) -> str:
    """A template with its parameters filled: the business's own ids where it has them."""
    known = {"slug": biz.slug, "staff_id": biz.staff_id, "location_id": biz.location_id}
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: known.get(m.group(1), "x1"), template)


def check(answer: httpx.Response, path: str) -> None:
    policies = answer.headers.get_list("content-security-policy")
    assert len(policies) == 1, (path, policies)
    found = directives(policies[0])
    for name, sources in POLICY:
        assert found.get(name) == sources, (path, name, policies[0])
    assert "'unsafe-inline'" not in found["script-src"] and "'unsafe-eval'" not in found["script-src"]
    if path.startswith("/book/"):
        assert found["frame-ancestors"].split()[0] == "'self'", path
        assert "x-frame-options" not in answer.headers, path
    else:
        assert found["frame-ancestors"] == "'none'", (path, answer.status_code)
        assert answer.headers["x-frame-options"] == "DENY", path
    assert answer.headers["x-content-type-options"] == "nosniff", path
    assert "strict-transport-security" not in answer.headers, path


async def _sweep(app: InProcess, client: httpx.AsyncClient, biz: Business, headers: dict[str, str]) -> int:
    starlette_app: Any = app.asgi.other_asgi_app
    seen = 0
    for template in sorted(set(get_paths(starlette_app.routes))):
        path = filled(template, biz)
        answer = await client.get(path, headers=headers)
        check(answer, path)
        seen += 1
    # A write, an error and a path no route takes carry the policy as well.
    for answer, path in (
        (await client.post("/api/v1/appointments", json={}, headers=headers), "/api/v1/appointments"),
        (await client.get("/no-such-page", headers=headers), "/no-such-page"),
        (await client.get("/static/app.css", headers=headers), "/static/app.css"),
    ):
        check(answer, path)
    return seen


async def test_every_page_and_operation_carries_the_policy(app: InProcess) -> None:
    biz = await sign_up(app.client, embed_origins=["https://praxis-example.at"])
    logged_out = app.other_client()
    try:
        assert await _sweep(app, logged_out, biz, {}) > 20
        # Staff by session cookie (the pages) and by bearer token (the API); a customer by token.
        await sign_in_by_form(app.client, biz)
        await _sweep(app, app.client, biz, {})
        await _sweep(app, logged_out, biz, biz.auth)
        _, token = await customer(logged_out)
        await _sweep(app, logged_out, biz, {"Authorization": f"Bearer {token}"})
    finally:
        await logged_out.aclose()
    page = await app.client.get(f"/book/{biz.slug}")
    assert directives(page.headers["content-security-policy"])["frame-ancestors"] == (
        "'self' https://praxis-example.at"
    )


async def test_behind_https_hsts_and_secure_cookies(sqlite_url: str) -> None:
    settings = replace(settings_for(sqlite_url), public_url="https://termine.example")
    async with in_process(settings) as app:
        biz = await sign_up(app.client)
        form = await app.client.get("/login")
        assert form.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        assert (await app.client.get("/api/v1/openapi.json")).headers["strict-transport-security"]
        # The session cookie of the log-in form, and the language switch's cookie.
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert csrf
        logged_in = await app.client.post(
            "/login",
            data={
                "email": f"{biz.slug}@owner.example",
                "password": "correct horse battery",
                "csrf_token": csrf[1],
            },
        )
        language = await app.client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf[1]})
        cookies = [*logged_in.headers.get_list("set-cookie"), *language.headers.get_list("set-cookie")]
        assert len(cookies) >= 2, cookies
        for cookie in cookies:
            attributes = {part.strip().lower() for part in cookie.split(";")}
            assert {"httponly", "secure", "samesite=lax"} <= attributes, cookie


async def test_over_plain_http_cookies_are_not_marked_secure(app: InProcess) -> None:
    form = await app.client.get("/login")
    assert "strict-transport-security" not in form.headers
    for cookie in form.headers.get_list("set-cookie"):
        attributes = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "samesite=lax"} <= attributes and "secure" not in attributes, cookie
