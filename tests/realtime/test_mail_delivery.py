"""Mail through a real SMTP server (aiosmtpd): it arrives, and an SMTP outage loses nothing."""

from __future__ import annotations

import asyncio
import re
import secrets

import httpx
import pytest

from testkit.app import ServerProcess, link_token, security_code
from testkit.flows import sign_up
from testkit.mailbox import SmtpServer, plain_text
from testkit.sockets import hold, server_env, start_servers, stop_servers, tomorrow_at

PASSWORD = "a good password"


async def register(client: httpx.AsyncClient, first_name: str) -> str:
    email = f"{first_name.lower()}-{secrets.token_hex(5)}@customer.example"
    response = await client.post(
        "/api/v1/customer/register",
        json={"email": email, "password": PASSWORD, "first_name": first_name, "last_name": "Post"},
    )
    assert response.status_code == 202, response.text
    return email


async def test_verification_and_security_code_arrive_over_smtp(
    mailing: ServerProcess, smtp: SmtpServer
) -> None:
    async with httpx.AsyncClient(base_url=mailing.url, timeout=30) as client:
        biz = await sign_up(client, inbox=smtp.inbox)
        email = await register(client, "Greta")
        (verification,) = await smtp.inbox.wait_for(email)
        assert verification["From"] and verification["Subject"]
        token = link_token(plain_text(verification))
        assert (await client.post("/api/v1/customer/verify", json={"token": token})).status_code == 200
        login = await client.post("/api/v1/customer/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text

        held = await hold(client, biz, login.json()["token"], tomorrow_at(16))
        assert held.status_code == 201, held.text
        _, code_mail = await smtp.inbox.wait_for(email, count=2)
        code = security_code(code_mail["Subject"])
        assert code in plain_text(code_mail)
        confirmed = await client.post(
            f"/api/v1/public/holds/{held.json()['id']}/confirm",
            json={"code": code},
            headers={"Authorization": f"Bearer {login.json()['token']}"},
        )
        assert confirmed.status_code == 200, confirmed.text
        await smtp.inbox.wait_for(email, count=3)

        # With a real SMTP server there is no dev mailbox to read mail from.
        assert (await client.get("/dev/mailbox.json", params={"to": email})).status_code == 404


async def test_a_newsletter_arrives_with_its_one_click_unsubscribe_header(
    mailing: ServerProcess, smtp: SmtpServer
) -> None:
    async with httpx.AsyncClient(base_url=mailing.url, timeout=30) as client:
        biz = await sign_up(client, inbox=smtp.inbox)
        made = await client.post("/api/v1/customer-groups", json={"name": "Alle"}, headers=biz.auth)
        email = f"leser-{secrets.token_hex(5)}@customer.example"
        record = {
            "first_name": "Lea",
            "last_name": "Leser",
            "email": email,
            "groups": [made.json()["id"]],
            "newsletter": True,
        }
        assert (await client.post("/api/v1/customers", json=record, headers=biz.auth)).status_code == 201
        # Consent on paper counts once Lea opens the double opt-in link mailed to her.
        (opt_in,) = await smtp.inbox.wait_for(email)
        confirm = re.search(r"/newsletter/confirm/[A-Za-z0-9_.\-]+", plain_text(opt_in))
        assert confirm, plain_text(opt_in)
        page = await client.get(confirm.group(0))
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf
        done = await client.post(confirm.group(0), data={"csrf_token": csrf.group(1)})
        assert 'data-state="done"' in done.text
        letter = {"subject": "Neu bei uns", "body": "Abendtermine ab März.", "group_ids": [made.json()["id"]]}
        assert (await client.post("/api/v1/newsletters", json=letter, headers=biz.auth)).status_code == 202
        message = (await smtp.inbox.wait_for(email, count=2))[1]
        link = message["List-Unsubscribe"].strip("<>")
        assert link.startswith(f"{mailing.url}/unsubscribe/") and link in plain_text(message)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


async def test_mail_queued_during_an_smtp_outage_arrives_within_seconds_once_the_server_is_back(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    smtp = SmtpServer()  # chooses its port now, listens only from start()
    data = tmp_path_factory.mktemp("outage")
    server = ServerProcess(server_env(data, f"sqlite:///{data / 'termine.db'}", SMTP_URL=smtp.url))
    try:
        await start_servers(server)
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            emails = [await register(client, name) for name in ("Hanna", "Ines", "Jana")]

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while "SMTP server unreachable" not in server.log():
            assert loop.time() < deadline, server.log()
            await asyncio.sleep(0.1)
        # The outage lasts long enough for a back-off after failed tries to reach half a minute.
        await asyncio.sleep(7)

        smtp.start()
        back = loop.time()
        for email in emails:
            (message,) = await smtp.inbox.wait_for(email, timeout=15)
            assert "/verify/" in plain_text(message)
        # A verification link is worth little later: it arrives within seconds of the server's return.
        assert loop.time() - back < 4, loop.time() - back
        await asyncio.sleep(1.5)  # one more drain: a message sent twice would show up now
        assert sorted(m["To"] for m in smtp.inbox.messages) == sorted(emails)
    finally:
        stop_servers(server)
        smtp.stop()
