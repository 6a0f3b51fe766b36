"""Whole user journeys through the public API, shared by tests, browser tests and benchmarks."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from testkit.app import link_token, security_code
from testkit.mailbox import Inbox, plain_text


@dataclass(frozen=True)
class Business:
    slug: str
    token: str
    tenant_id: str
    staff_id: str
    location_id: str
    service_id: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


OWNER_LINK = re.compile(r"/verify-business/([A-Za-z0-9_.\-]+)")


#: Where a test reads an address's mail without an SMTP server or the dev mailbox: the outbox's
#: rows (`InProcess.outbox_to`).
Outbox = Callable[[str], Awaitable[list[dict[str, Any]]]]


async def verify_owner(
    client: httpx.AsyncClient, email: str, inbox: Inbox | None = None, outbox: Outbox | None = None
) -> None:
    """Opens the verification link mailed to the owner at sign-up, from the dev mailbox or, where the
    app sends over SMTP, from `inbox` (where it sends nothing, from `outbox`): the booking page goes live."""
    if inbox is not None:
        bodies = [plain_text(m) for m in await inbox.wait_for(email)]
    elif outbox is not None:
        bodies = [str(row["body"]) for row in await outbox(email)]
    else:
        bodies = [m["body"] for m in await wait_for_mail(client, email)]
    found = [match.group(1) for body in bodies if (match := OWNER_LINK.search(body))]
    assert found, bodies
    response = await client.post("/api/v1/owner/verify", json={"token": found[0]})
    assert response.status_code == 200, response.text


async def sign_up(
    client: httpx.AsyncClient,
    *,
    timezone: str = "Europe/Vienna",
    duration: int = 30,
    inbox: Inbox | None = None,
    outbox: Outbox | None = None,
    **settings: Any,
) -> Business:
    """A new business with one service on the owner's calendar, open every day 00:00–24:00, its
    owner's address verified (the mail read from `inbox` where the app sends over SMTP)."""
    slug = f"biz-{secrets.token_hex(5)}"
    response = await client.post(
        "/api/v1/signup",
        json={
            "business_name": f"Praxis {slug}",
            "slug": slug,
            "email": f"{slug}@owner.example",
            "password": "correct horse battery",
            "timezone": timezone,
        },
    )
    assert response.status_code == 201, response.text
    made = response.json()
    await verify_owner(client, f"{slug}@owner.example", inbox, outbox)
    auth = {"Authorization": f"Bearer {made['token']}"}
    every_day = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    response = await client.patch(
        f"/api/v1/locations/{made['location_id']}", json={"opening_hours": every_day}, headers=auth
    )
    assert response.status_code == 200, response.text
    response = await client.post(
        "/api/v1/services", json={"name": "Behandlung", "duration_minutes": duration}, headers=auth
    )
    assert response.status_code == 201, response.text
    service_id = response.json()["id"]
    if settings:
        response = await client.patch("/api/v1/settings", json=settings, headers=auth)
        assert response.status_code == 200, response.text
    return Business(slug, made["token"], made["tenant_id"], made["staff_id"], made["location_id"], service_id)


async def mails_to(client: httpx.AsyncClient, address: str) -> list[dict[str, Any]]:
    response = await client.get("/dev/mailbox.json", params={"to": address})
    assert response.status_code == 200, response.text
    return list(response.json()["messages"])


async def wait_for_mail(
    client: httpx.AsyncClient, address: str, count: int = 1, timeout: float = 10.0
) -> list[dict[str, Any]]:
    """The dev mailbox's messages to `address`, newest first, once there are `count` of them."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = await mails_to(client, address)
        if len(found) >= count:
            return found
        if loop.time() > deadline:
            raise TimeoutError(f"no mail for {address}")
        await asyncio.sleep(0.05)


async def customer(client: httpx.AsyncClient, first_name: str = "Clara") -> tuple[str, str]:
    """Registers and verifies a customer through the mailed link; returns (email, bearer token)."""
    email = f"{first_name.lower()}-{secrets.token_hex(5)}@customer.example"
    response = await client.post(
        "/api/v1/customer/register",
        json={
            "email": email,
            "password": "a good password",
            "first_name": first_name,
            "last_name": "Kundin",
        },
    )
    assert response.status_code == 202, response.text
    mail = (await wait_for_mail(client, email))[0]
    response = await client.post("/api/v1/customer/verify", json={"token": link_token(mail["body"])})
    assert response.status_code == 200, response.text
    response = await client.post(
        "/api/v1/customer/login", json={"email": email, "password": "a good password"}
    )
    assert response.status_code == 200, response.text
    return email, response.json()["token"]


async def code_for(client: httpx.AsyncClient, email: str, count: int = 1) -> str:
    """The newest security code mailed to `email` (waits until `count` code mails exist)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while True:
        codes = [m for m in await mails_to(client, email) if "Sicherheitscode" in m["subject"]]
        if len(codes) >= count:
            return security_code(codes[0]["subject"])
        if loop.time() > deadline:
            raise TimeoutError(f"no code for {email}")
        await asyncio.sleep(0.05)


@dataclass(frozen=True)
class Member:
    """A person who joined a business's team through the mailed invitation."""

    user_id: str
    email: str
    token: str
    staff_id: str | None

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def invitation_token(body: str) -> str:
    match = re.search(r"/invitation/([A-Za-z0-9_\-]+)", body)
    assert match, body
    return match.group(1)


async def join_team(
    client: httpx.AsyncClient,
    biz: Business,
    *,
    name: str = "Anna Berger",
    preset: str = "provider",
    rights: list[str] | None = None,
    calendar: str | None = None,
) -> Member:
    """Invites a person (with a preset or rights, and a calendar: "new", an id, or none), takes the
    mailed link up with a name and password, and logs them in."""
    email = f"member-{secrets.token_hex(5)}@team.example"
    wanted: dict[str, Any] = {"email": email, "name": name, "preset": preset, "calendar": calendar}
    if rights is not None:
        wanted["rights"] = rights
    invited = await client.post("/api/v1/team/invitations", json=wanted, headers=biz.auth)
    assert invited.status_code == 201, invited.text
    mail = (await wait_for_mail(client, email))[0]
    joined = await client.post(
        "/api/v1/invitations/accept",
        json={"token": invitation_token(mail["body"]), "name": name, "password": "correct horse battery"},
    )
    assert joined.status_code == 200, joined.text
    person = invited.json()
    return Member(person["user_id"], email, joined.json()["token"], person["staff_id"])
