"""Where mail goes without an SMTP server, who may read the dev mailbox, and what the desk sees of
mail that waits or could not be delivered."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from mail.messages import Message
from mail.outbox import enqueue
from store.schema import outbox
from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, sign_up


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


async def queue(app: InProcess, tenant_id: str, to: str, subject: str, *, dead: str | None = None) -> str:
    """A message of the business in its outbox; with `dead`, one given up with that error."""
    async with app.deps.store.write() as conn:
        message_id = await enqueue(
            conn,
            Message(kind="booking_confirmed", to=to, subject=subject, body="Text"),
            now=datetime.now(UTC),
            tenant_id=tenant_id,
        )
        if dead:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == message_id)
                .values(status="dead", attempts=8, last_error=dead)
            )
    return message_id


async def signed_in_desk(app: InProcess) -> Business:
    """A business whose owner is signed in to the pages of `app.client`."""
    biz = await sign_up(app.client, outbox=app.outbox_to)
    form = await app.client.get("/login")
    email = f"{biz.slug}@owner.example"
    response = await app.client.post(
        "/login",
        data={"email": email, "password": "correct horse battery", "csrf_token": csrf_of(form.text)},
    )
    assert response.status_code == 303, response.text
    return biz


async def test_without_smtp_and_without_the_mailbox_mail_waits_and_everyone_is_told(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="termine"):
        async with in_process(settings_for(database_url, mailbox_page=False)) as app:
            assert "NO MAIL IS SENT" in caplog.text

            biz = await signed_in_desk(app)
            message_id = await queue(app, biz.tenant_id, "anna@customer.example", "Termin bestätigt")

            assert (await app.client.get("/dev/mailbox.json")).status_code == 404
            status = (await app.client.get("/api/v1/mail-status", headers=biz.auth)).json()
            # Anna's and the owner's verification of the sign-up wait
            assert status == {"delivery": "off", "smtp_reachable": None, "waiting": 2, "undelivered": []}
            (row,) = await app.outbox_to("anna@customer.example")
            assert row["id"] == message_id and row["status"] == "pending"

            page = await app.client.get("/settings")
            assert 'id="mail-off-alert"' in page.text
            assert "Gerade warten 2 E-Mails." in page.text
            english = await app.client.get("/settings", headers={"Accept-Language": "en"})
            assert "No e-mail is being sent." in english.text


async def test_the_dev_mailbox_answers_only_this_machine(database_url: str) -> None:
    settings = settings_for(database_url)
    async with in_process(settings, client_address=("203.0.113.9", 40000)) as outside:
        assert (await outside.client.get("/dev/mailbox.json")).status_code == 404
        assert (await outside.client.get("/dev/mailbox")).status_code == 404
    async with in_process(settings) as local:
        assert (await local.client.get("/dev/mailbox.json")).status_code == 200
        status = await local.client.get("/api/v1/mail-status", headers=(await sign_up(local.client)).auth)
        assert status.json()["delivery"] == "dev_mailbox"


async def test_undelivered_mail_is_listed_for_its_own_business_only(app: InProcess) -> None:
    biz = await signed_in_desk(app)
    other = await sign_up(app.client)
    to = f"weg-{secrets.token_hex(4)}@customer.example"
    await queue(app, biz.tenant_id, to, "Termin abgesagt", dead="550 5.1.1 no such mailbox")
    await queue(app, other.tenant_id, "fremd@customer.example", "Fremd", dead="550 no")

    status = (await app.client.get("/api/v1/mail-status", headers=biz.auth)).json()
    (item,) = status["undelivered"]
    assert item["to"] == to and item["subject"] == "Termin abgesagt"
    assert item["error"] == "550 5.1.1 no such mailbox" and item["attempts"] == 8

    page = await app.client.get("/settings")
    table = page.text[page.text.index('id="undelivered-mail"') :]
    assert to in table and "550 5.1.1 no such mailbox" in table and "fremd@customer.example" not in table
