"""A customer's password-reset request and registration are answered before anything is looked up,
so the answer (and its time) cannot tell whether an account exists; the mail follows afterwards.

No stopwatch: the app's store is held shut while the request runs, and the answer has to arrive
all the same. A handler that looked anything up before answering would never answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from store import Store
from store.schema import outbox
from testkit.app import InProcess
from testkit.flows import customer, wait_for_mail

RESET = "/api/v1/customer/password-reset"
REGISTER = "/api/v1/customer/register"


class ShutStore:
    """Stands in for the app's store and lets nobody in until `opened` is set."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.opened = asyncio.Event()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        await self.opened.wait()
        async with self.store.read() as conn:
            yield conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        await self.opened.wait()
        async with self.store.write() as conn:
            yield conn


@dataclass
class Answered:
    status: int
    body: Any
    running: asyncio.Task[None]  # the request, with whatever it does after answering


async def answer(app: InProcess, path: str, body: dict[str, Any]) -> Answered:
    """Sends one JSON POST straight to the ASGI app and returns as soon as the whole answer is out."""
    payload = json.dumps(body).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    requested = asyncio.Event()
    finished = asyncio.Event()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if not requested.is_set():
            requested.set()
            return {"type": "http.request", "body": payload, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            finished.set()

    running = asyncio.create_task(app.asgi(scope, receive, send))
    await asyncio.wait_for(finished.wait(), 10)
    body_bytes = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Answered(sent[0]["status"], json.loads(body_bytes), running)


async def mails(store: Store, address: str, kind: str) -> int:
    async with store.read() as conn:
        query = select(outbox.c.id).where(outbox.c.to_addr == address, outbox.c.kind == kind)
        return len((await conn.execute(query)).all())


async def test_a_reset_request_is_answered_before_the_account_is_looked_up(app: InProcess) -> None:
    known, _ = await customer(app.client)
    unknown = f"nobody-{secrets.token_hex(4)}@customer.example"
    real = app.deps.store
    app.deps.store = shut = ShutStore(real)  # type: ignore[assignment]
    try:
        answers = [await answer(app, RESET, {"email": address}) for address in (known, unknown)]

        assert [(a.status, a.body) for a in answers] == [(202, {"status": "reset_sent"})] * 2
        assert not any(a.running.done() for a in answers)
        assert await mails(real, known, "password_reset") == 0
        shut.opened.set()
        await asyncio.gather(*(a.running for a in answers))
    finally:
        app.deps.store = real
    assert await mails(real, known, "password_reset") == 1
    assert await mails(real, unknown, "password_reset") == 0


async def test_a_registration_is_answered_before_the_address_is_looked_up(app: InProcess) -> None:
    verified, _ = await customer(app.client)
    new = f"new-{secrets.token_hex(4)}@customer.example"
    real = app.deps.store
    app.deps.store = shut = ShutStore(real)  # type: ignore[assignment]
    try:
        answers = [
            await answer(
                app,
                REGISTER,
                {"email": address, "password": "a good password", "first_name": "Ida", "last_name": "Kundin"},
            )
            for address in (verified, new)
        ]

        assert [(a.status, a.body) for a in answers] == [(202, {"status": "verification_sent"})] * 2
        assert not any(a.running.done() for a in answers)
        shut.opened.set()
        await asyncio.gather(*(a.running for a in answers))
    finally:
        app.deps.store = real
    assert await mails(real, verified, "verify_account") == 1  # the one from its own registration
    assert await mails(real, new, "verify_account") == 1
    # The owner of the registered address hears of it, with a way back in; nobody else does.
    assert await mails(real, verified, "account_exists") == 1
    assert await mails(real, new, "account_exists") == 0


async def test_the_note_to_a_registered_address_sets_a_new_password_that_logs_in(app: InProcess) -> None:
    email, _ = await customer(app.client)
    again = await app.client.post(
        REGISTER, json={"email": email, "password": "someone else's", "first_name": "X", "last_name": "Y"}
    )
    assert again.status_code == 202 and again.json() == {"status": "verification_sent"}
    note = (await wait_for_mail(app.client, email, count=2))[0]
    assert note["subject"] == "Sie haben bereits ein Kundenkonto"
    token = note["body"].split("/account/reset/", 1)[1].split()[0]
    assert (
        await app.client.post("/api/v1/customer/login", json={"email": email, "password": "someone else's"})
    ).status_code == 401
    reset = await app.client.post(
        "/api/v1/customer/password-reset/confirm", json={"token": token, "password": "a new good password"}
    )
    assert reset.status_code == 200, reset.text
    logged = await app.client.post(
        "/api/v1/customer/login", json={"email": email, "password": "a new good password"}
    )
    assert logged.status_code == 200


async def test_bad_input_is_still_answered_as_such(app: InProcess) -> None:
    body = {"email": "not an address", "password": "a good password"}
    response = await app.client.post(REGISTER, json=body)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_email"
    response = await app.client.post(RESET, json={})
    assert response.status_code == 400 and response.json()["error"]["code"] == "missing_field"


class BrokenStore:
    """A store whose every use fails, like a database that went away after the answer."""

    def read(self) -> Any:
        raise RuntimeError("the database went away")

    write = read


async def test_a_failure_after_the_answer_is_logged(app: InProcess, caplog: pytest.LogCaptureFixture) -> None:
    real = app.deps.store
    app.deps.store = BrokenStore()  # type: ignore[assignment]
    try:
        with caplog.at_level(logging.ERROR, logger="web.afterwards"):
            response = await app.client.post(RESET, json={"email": "someone@customer.example"})
    finally:
        app.deps.store = real
    assert response.status_code == 202
    assert "A password reset request failed after the answer was sent" in caplog.text
