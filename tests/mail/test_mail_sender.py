"""The outbox sender against a real SMTP server, on SQLite and PostgreSQL: each message is accounted
for on its own, an outage costs no tries, and mail goes out at once when the server answers again."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from mail.messages import Attachment, Message
from mail.outbox import enqueue
from mail.sender import BATCH, CLAIM, MAX_ATTEMPTS, URGENT_BACKOFF, MailSender
from store import Store
from store.schema import outbox
from testkit.mailbox import Inbox, SmtpServer
from testkit.services import postgres_database
from testkit.stand_ins import Clock
from web.metrics import Metrics


class Picky(Inbox):
    """An inbox whose server refuses some recipients: `gone-…` for good (550), `busy-…` for now (450)."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.startswith("gone-"):
            return "550 5.1.1 no such mailbox"
        if address.startswith("busy-"):
            return "450 4.2.1 mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Store]:
    """A database of this module's own, so no other test's mail is in its outbox."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("sender") / "outbox.db"
        opened = Store(f"sqlite:///{path}")
        await opened.migrate()
        yield opened
        await opened.close()
        return
    async with postgres_database() as url:
        opened = Store(url)
        await opened.migrate()
        yield opened
        await opened.close()


@pytest.fixture
async def empty(store: Store) -> Store:
    async with store.write() as conn:
        await conn.execute(delete(outbox))
    return store


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A server of the test's own (it stands in for the module's one), started by the test."""
    server = SmtpServer()
    server.inbox = Picky()
    yield server
    server.stop()


def address(prefix: str = "kunde") -> str:
    return f"{prefix}-{secrets.token_hex(4)}@customer.example"


async def queue(store: Store, clock: Clock, *messages: Message) -> list[str]:
    async with store.write() as conn:
        return [await enqueue(conn, message, now=clock()) for message in messages]


async def rows(store: Store) -> dict[str, dict[str, Any]]:
    async with store.read() as conn:
        return {r.id: dict(r._mapping) for r in await conn.execute(select(outbox))}


def plain(to: str, subject: str = "Termin bestätigt", kind: str = "booking_confirmed") -> Message:
    return Message(kind=kind, to=to, subject=subject, body="Bis bald.")


async def test_a_subject_with_a_line_separator_neither_stops_nor_repeats_the_batch(
    empty: Store, smtp: SmtpServer
) -> None:
    clock = Clock()
    smtp.start()
    first, odd, last = address(), address(), address()
    await queue(
        empty,
        clock,
        plain(first),
        plain(odd, subject="Termin: Massage\u2028Bcc: alle@example.com\r am Montag"),
        plain(last),
    )
    sender = MailSender(empty, smtp.url, "Praxis <praxis@example.com>", clock)

    assert await sender.drain() == 3
    clock.offset += CLAIM + timedelta(seconds=1)  # a claim that ran out would hand the batch out again
    assert await sender.drain() == 0

    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted([first, odd, last])
    (shown,) = smtp.inbox.to(odd)
    assert shown["Subject"] == "Termin: Massage Bcc: alle@example.com am Montag"
    assert shown["Bcc"] is None
    assert {row["status"] for row in (await rows(empty)).values()} == {"sent"}


async def test_a_message_that_cannot_be_built_is_dead_at_once_and_the_rest_go(
    empty: Store, smtp: SmtpServer
) -> None:
    clock = Clock()
    smtp.start()
    before, after = address(), address()
    broken = Message(
        kind="booking_confirmed",
        to=address(),
        subject="Termin",
        body="Text",
        attachments=(Attachment("termin.ics", "text/calendar", "BEGIN:VCALENDAR"),),
    )
    ids = await queue(empty, clock, plain(before), broken, plain(after))
    async with empty.write() as conn:  # a stored attachment that lost its file name
        await conn.execute(
            update(outbox).where(outbox.c.id == ids[1]).values(attachments=[{"content_type": "text/plain"}])
        )
    sender = MailSender(empty, smtp.url, "praxis@example.com", clock)

    assert await sender.drain() == 2
    stored = await rows(empty)
    assert stored[ids[1]]["status"] == "dead"
    assert stored[ids[1]]["attempts"] == 1
    assert "cannot be built" in stored[ids[1]]["last_error"]
    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted([before, after])


async def test_a_refused_recipient_is_dead_and_a_busy_one_tried_again_until_its_last_try(
    empty: Store, smtp: SmtpServer
) -> None:
    clock = Clock()
    smtp.start()
    gone, busy, fine = address("gone"), address("busy"), address()
    ids = await queue(empty, clock, plain(gone), plain(busy), plain(fine))
    metrics = Metrics()
    sender = MailSender(empty, smtp.url, "praxis@example.com", clock, failed=metrics.mail_failed)

    def failures(outcome: str) -> float | None:
        return metrics.registry.get_sample_value("termine_mail_failures_total", {"outcome": outcome})

    assert await sender.drain() == 1
    assert (failures("dead"), failures("retry")) == (1, 1)
    stored = await rows(empty)
    assert stored[ids[0]]["status"] == "dead" and "550" in stored[ids[0]]["last_error"]
    assert stored[ids[1]]["status"] == "pending" and stored[ids[1]]["attempts"] == 1
    assert "450" in stored[ids[1]]["last_error"]
    assert stored[ids[1]]["next_attempt_at"] > clock()
    assert stored[ids[2]]["status"] == "sent"

    for _ in range(MAX_ATTEMPTS - 1):
        clock.offset += timedelta(hours=2)
        assert await sender.drain() == 0
    stored = await rows(empty)
    assert stored[ids[1]]["status"] == "dead"
    assert stored[ids[1]]["attempts"] == MAX_ATTEMPTS
    assert (failures("dead"), failures("retry")) == (2, MAX_ATTEMPTS - 1)
    clock.offset += timedelta(days=1)
    assert await sender.drain() == 0  # dead mail is never tried again
    assert [m["To"] for m in smtp.inbox.messages] == [fine]


async def test_an_outage_costs_no_tries_and_the_queue_goes_out_as_soon_as_the_server_answers(
    empty: Store, smtp: SmtpServer
) -> None:
    clock = Clock()
    code_to, letter_to = address(), address()
    ids = await queue(
        empty, clock, plain(letter_to, kind="newsletter"), plain(code_to, "Ihr Sicherheitscode", "hold_code")
    )
    sender = MailSender(empty, smtp.url, "praxis@example.com", clock)

    for _ in range(3):
        assert await sender.drain() == 0
    assert sender.unreachable is not None
    stored = await rows(empty)
    for message_id in ids:
        assert stored[message_id]["status"] == "pending"
        assert stored[message_id]["attempts"] == 0
        assert stored[message_id]["next_attempt_at"] <= clock()  # still due: nothing waits on a back-off
        assert stored[message_id]["locked_until"] is None
        assert "unreachable" in stored[message_id]["last_error"]

    smtp.start()
    assert await sender.drain() == 2  # the very next pass, without moving the clock
    assert sender.unreachable is None
    assert [m["To"] for m in smtp.inbox.messages] == [code_to, letter_to]  # the code first


async def test_a_security_code_behind_a_large_newsletter_goes_in_the_first_batch(
    empty: Store, smtp: SmtpServer
) -> None:
    clock = Clock()
    smtp.start()
    await queue(empty, clock, *(plain(address(), kind="newsletter") for _ in range(BATCH + 10)))
    code_to = address()
    await queue(empty, clock, plain(code_to, "Ihr Sicherheitscode", "hold_code"))
    sender = MailSender(empty, smtp.url, "praxis@example.com", clock)

    assert await sender.drain() == BATCH
    assert smtp.inbox.messages[0]["To"] == code_to


async def test_urgent_mail_that_failed_on_its_own_is_tried_again_within_seconds(
    empty: Store, smtp: SmtpServer
) -> None:
    clock = Clock()
    smtp.start()
    (code_id,) = await queue(empty, clock, plain(address("busy"), "Ihr Sicherheitscode", "hold_code"))
    (letter_id,) = await queue(empty, clock, plain(address("busy"), kind="newsletter"))
    sender = MailSender(empty, smtp.url, "praxis@example.com", clock)

    await sender.drain()
    stored = await rows(empty)
    assert stored[code_id]["next_attempt_at"] - clock() <= timedelta(seconds=URGENT_BACKOFF[0])
    assert stored[letter_id]["next_attempt_at"] - clock() > timedelta(seconds=URGENT_BACKOFF[0])


async def test_without_smtp_and_without_the_dev_mailbox_mail_waits(empty: Store) -> None:
    clock = Clock()
    (waiting,) = await queue(empty, clock, plain(address()))
    assert await MailSender(empty, None, "praxis@example.com", clock).drain() == 0
    assert (await rows(empty))[waiting]["status"] == "pending"

    assert await MailSender(empty, None, "praxis@example.com", clock, mailbox=True).drain() == 1
    assert (await rows(empty))[waiting]["status"] == "sent"
