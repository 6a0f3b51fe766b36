"""A staff session's live connections end with it: at log-out, and at a new password, on every process."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import httpx
import socketio

from testkit.app import ServerProcess
from testkit.flows import Business, sign_up
from testkit.sockets import Pair, desk_booking, listening, refusal, tomorrow_at

PASSWORD = "correct horse battery"


@asynccontextmanager
async def connection(
    url: str, auth: Any = None, headers: dict[str, str] | None = None
) -> AsyncIterator[asyncio.Event]:
    """A Socket.IO client connected with `auth` (or the `headers`' cookie); the event is set when the
    server ends the connection."""
    ended = asyncio.Event()
    client = socketio.AsyncClient(reconnection=False)
    client.on("disconnect", lambda *_: ended.set())
    await client.connect(url, auth=auth, headers=headers or {}, transports=["websocket"], wait_timeout=10)
    try:
        yield ended
    finally:
        if client.connected:
            await client.disconnect()


async def token_of(client: httpx.AsyncClient, biz: Business) -> str:
    response = await client.post(
        "/api/v1/login", json={"email": f"{biz.slug}@owner.example", "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


async def test_log_out_ends_that_session_s_connections_and_no_other(single: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=single.url, timeout=30) as client:
        biz = await sign_up(client)
        phone = await token_of(client, biz)
        async with (
            connection(single.url, {"token": biz.token}) as desk_ended,
            listening(single.url, {"token": phone}) as phone_room,
        ):
            out = await client.post("/api/v1/logout", headers=biz.auth)
            assert out.status_code == 204

            await asyncio.wait_for(desk_ended.wait(), 5)
            booked = await desk_booking(client, replace(biz, token=phone), tomorrow_at(10))
            assert booked.status_code == 201, booked.text
            await phone_room.wait_for("appointment.created")
        assert await refusal(single.url, {"token": biz.token}) == {"message": "unauthorised"}


async def test_the_log_out_page_ends_the_browser_s_connections(single: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=single.url, timeout=30) as browser:
        biz = await sign_up(browser)
        form = await browser.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert csrf
        signed_in = await browser.post(
            "/login",
            data={"email": f"{biz.slug}@owner.example", "password": PASSWORD, "csrf_token": csrf[1]},
        )
        assert signed_in.status_code == 303
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
        async with connection(single.url, headers={"Cookie": cookie}) as ended:
            out = await browser.post("/logout", data={"csrf_token": csrf[1]})
            assert out.status_code == 303
            await asyncio.wait_for(ended.wait(), 5)


async def test_a_new_password_through_one_process_ends_connections_on_the_other(pair: Pair) -> None:
    async with httpx.AsyncClient(base_url=pair.b.url, timeout=30) as b:
        biz = await sign_up(b)
        async with connection(pair.a.url, {"token": biz.token}) as ended:
            changed = await b.post(
                "/api/v1/password",
                json={"current_password": PASSWORD, "new_password": "a brand new secret"},
                headers=biz.auth,
            )
            assert changed.status_code == 200, changed.text
            await asyncio.wait_for(ended.wait(), 5)
        fresh_token = changed.json()["token"]
        async with listening(pair.a.url, {"token": fresh_token}) as fresh:
            booked = await desk_booking(b, replace(biz, token=fresh_token), tomorrow_at(11))
            assert booked.status_code == 201, booked.text
            await fresh.wait_for("appointment.created")
