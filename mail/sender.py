"""Drains the outbox: sends due messages over SMTP and accounts for each one on its own.

A message is sent, retried later, or dead after its last try, whatever another message of the same
batch did. An SMTP server that cannot be reached is not a message's fault: the batch stays due, and
the sender asks the server every tick until it answers, then sends at once.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosmtplib
from sqlalchemy import and_, case, or_, select, update

from contract.enums import MailStatus
from mail.messages import header_text
from store import Store
from store.schema import outbox

log = logging.getLogger(__name__)

#: Waits between tries of a message that failed on its own: 5 s, 30 s, 2 min, 10 min, 30 min, …
BACKOFF = (5, 30, 120, 600, 1800, 3600, 3600, 3600)
#: A security code or a link is worth little after minutes: such mail is tried again within seconds.
URGENT_BACKOFF = (2, 3, 5, 5, 5, 5, 5, 5)
URGENT = frozenset({"hold_code", "verify_account", "password_reset"})
#: Tries of one message before it is given up as dead (an outage of the server does not count).
MAX_ATTEMPTS = len(BACKOFF)
BATCH = 50
CLAIM = timedelta(minutes=2)
#: Errors that say the server (or the way to it) is down, not that a message is wrong.
UNREACHABLE: tuple[type[Exception], ...] = (
    OSError,
    aiosmtplib.SMTPHeloError,
    aiosmtplib.SMTPAuthenticationError,
    aiosmtplib.SMTPNotSupported,
)
#: What a probe of the server counts as no answer: the above, and a server that refuses to talk.
ANSWERLESS: tuple[type[Exception], ...] = (*UNREACHABLE, aiosmtplib.SMTPException)


def smtp_options(url: str) -> dict[str, Any]:
    """`smtp://user:pass@host:port` or `smtps://…` as keyword arguments for aiosmtplib."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(f"SMTP_URL must look like smtp://host:port, not {url!r}")
    options: dict[str, Any] = {
        "hostname": parts.hostname,
        "port": parts.port or (465 if parts.scheme == "smtps" else 25),
        "use_tls": parts.scheme == "smtps",
        "start_tls": False if parts.scheme == "smtp" else None,
        "timeout": 15,
    }
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    return options


def _attach(message: EmailMessage, attachment: dict[str, str]) -> None:
    """Adds an attachment as stored in the outbox (text, or a binary file in base64), with the
    parameters of its type: a calendar entry keeps its METHOD (PUBLISH where the type names none)."""
    kind, *named = (part.strip() for part in attachment["content_type"].split(";"))
    maintype, _, subtype = kind.partition("/")
    params = dict(part.partition("=")[::2] for part in named if "=" in part)
    if (maintype, subtype) == ("text", "calendar"):
        params.setdefault("method", "PUBLISH")
    if attachment.get("encoding") == "base64":
        message.add_attachment(
            base64.b64decode(attachment["content"]),
            maintype=maintype,
            subtype=subtype,
            filename=attachment["filename"],
        )
    elif maintype == "text":
        message.add_attachment(
            attachment["content"], subtype=subtype, filename=attachment["filename"], params=params
        )
    else:
        message.add_attachment(
            attachment["content"].encode(),
            maintype=maintype,
            subtype=subtype,
            filename=attachment["filename"],
        )


def build_email(row: dict[str, Any], mail_from: str) -> EmailMessage:
    """The outbox row as a mail; no stored value can break a header, since each is made one line."""
    message = EmailMessage()
    message["From"] = header_text(mail_from)
    message["To"] = header_text(row["to_addr"])
    message["Subject"] = header_text(row["subject"])
    message["Message-ID"] = make_msgid(idstring=row["id"], domain="termine.local")
    for name, value in (row.get("headers") or {}).items():
        message[header_text(name)] = header_text(value)
    message.set_content(row["body"])
    for attachment in row.get("attachments") or []:
        _attach(message, attachment)
    return message


@dataclass(frozen=True)
class Failure:
    """Why one message did not go: `final` when trying again cannot help."""

    error: str
    final: bool


def failure(error: BaseException) -> Failure:
    """Sorts a message's own failure: the server's 5xx refusals are final, 4xx ones and the rest not."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in error.recipients]
        return Failure(f"recipient refused: {error}", final=bool(codes) and min(codes) >= 500)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return Failure(f"{error.code} {error.message}", final=error.code >= 500)
    return Failure(f"{type(error).__name__}: {error}", final=False)


class MailSender:
    """One drain pass at a time; several processes may drain together, each claiming its rows.

    Without an SMTP server, mail goes to the dev mailbox page when that is on (`mailbox`), and
    otherwise waits in the outbox until the server is configured.
    """

    def __init__(
        self,
        store: Store,
        smtp_url: str | None,
        mail_from: str,
        clock: Callable[[], datetime],
        *,
        mailbox: bool = False,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        self._store = store
        self._smtp = smtp_options(smtp_url) if smtp_url else None
        self._from = mail_from
        self._clock = clock
        self._mailbox = mailbox
        #: Told of each failed send, "retry" or "dead" (the mail failures metric).
        self._count_failure = failed
        #: Set while the SMTP server cannot be reached; each pass then only asks whether it answers.
        self.unreachable: str | None = None

    async def drain(self) -> int:
        """Sends what is due; returns how many messages left the outbox."""
        if self._smtp is None:
            return await self._into_mailbox() if self._mailbox else 0
        if self.unreachable is not None and not await self._answers():
            return 0
        batch = await self._claim()
        if not batch:
            return 0
        sent = 0
        try:
            async with aiosmtplib.SMTP(**self._smtp) as smtp:
                while batch:
                    row = batch[0]
                    try:
                        message = build_email(row, self._from)
                    except Exception as error:  # no later try can build it either
                        await self._failed(row, Failure(f"cannot be built: {error}", final=True))
                        batch.pop(0)
                        continue
                    try:
                        await smtp.send_message(message)
                    except UNREACHABLE:
                        # The connection broke on this message: it counts as a try, so a message
                        # that breaks every connection ends as dead instead of blocking the rest.
                        await self._failed(batch.pop(0), Failure("connection lost while sending", False))
                        raise
                    except Exception as error:
                        await self._failed(batch.pop(0), failure(error))
                        continue
                    await self._sent(batch.pop(0))
                    sent += 1
        except UNREACHABLE as error:
            self._went_down(error)
            await self._unclaim(batch, f"SMTP server unreachable: {error}")
        return sent

    def _went_down(self, error: BaseException) -> None:
        if self.unreachable is None:
            log.warning("SMTP server unreachable, mail waits and is sent once it answers: %s", error)
        self.unreachable = str(error) or type(error).__name__

    async def _answers(self) -> bool:
        """Whether the SMTP server takes a connection again; a cheap NOOP, no message."""
        assert self._smtp is not None
        try:
            async with aiosmtplib.SMTP(**{**self._smtp, "timeout": 5}) as smtp:
                await smtp.noop()
        except ANSWERLESS as error:
            self.unreachable = str(error) or type(error).__name__
            return False
        log.info("SMTP server answers again; sending the mail that waited")
        self.unreachable = None
        return True

    async def _into_mailbox(self) -> int:
        """Without SMTP, the dev mailbox page shows the outbox: what is due is delivered at once."""
        now = self._clock()
        if not await self._anything_due(now):
            return 0
        async with self._store.write() as conn:
            delivered = await conn.execute(
                update(outbox)
                .where(self._due(now))
                .values(status=MailStatus.SENT, sent_at=now, attempts=outbox.c.attempts + 1)
                .returning(outbox.c.id)
            )
            return len(delivered.all())

    async def _anything_due(self, now: datetime) -> bool:
        """On SQLite a cheap look first, so an idle outbox never takes the write lock; on PostgreSQL
        the claim itself is as cheap as a look."""
        if self._store.dialect != "sqlite":
            return True
        async with self._store.read() as conn:
            found = await conn.execute(select(outbox.c.id).where(self._due(now)).limit(1))
            return found.first() is not None

    def _due(self, now: datetime) -> Any:
        return and_(
            outbox.c.status == MailStatus.PENDING,
            outbox.c.next_attempt_at <= now,
            or_(outbox.c.locked_until.is_(None), outbox.c.locked_until < now),
        )

    async def _claim(self) -> list[dict[str, Any]]:
        """Claims up to BATCH due messages for a while, codes and links first: a newsletter of
        thousands must not hold up a security code."""
        now = self._clock()
        due = self._due(now)
        if not await self._anything_due(now):
            return []
        urgent_first = case((outbox.c.kind.in_(URGENT), 0), else_=1)
        chosen = (
            select(outbox.c.id)
            .where(due)
            .order_by(urgent_first, outbox.c.created_at)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
        async with self._store.write() as conn:
            rows = await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(chosen.scalar_subquery()))
                .values(locked_until=now + CLAIM)
                .returning(*outbox.c)
            )
            claimed = [dict(row._mapping) for row in rows]
        claimed.sort(key=lambda row: (row["kind"] not in URGENT, row["created_at"]))
        return claimed

    async def _sent(self, row: dict[str, Any]) -> None:
        """Marks one message sent at once, so a failure later in the batch cannot send it again."""
        async with self._store.write() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id == row["id"])
                .values(
                    status=MailStatus.SENT,
                    sent_at=self._clock(),
                    locked_until=None,
                    attempts=row["attempts"] + 1,
                )
            )

    async def _failed(self, row: dict[str, Any], why: Failure) -> None:
        """Counts a failed try of one message: it is tried again later, or is dead after its last try."""
        now = self._clock()
        attempts = row["attempts"] + 1
        dead = why.final or attempts >= MAX_ATTEMPTS
        if self._count_failure is not None:
            self._count_failure("dead" if dead else "retry")
        waits = URGENT_BACKOFF if row["kind"] in URGENT else BACKOFF
        values: dict[str, Any] = {"attempts": attempts, "last_error": why.error[:500], "locked_until": None}
        if dead:
            values["status"] = MailStatus.DEAD
            log.error("mail %s is dead after %d tries: %s", row["id"], attempts, why.error)
        else:
            values["next_attempt_at"] = now + timedelta(seconds=waits[min(attempts, len(waits)) - 1])
            log.warning("mail %s failed (try %d), trying again later: %s", row["id"], attempts, why.error)
        async with self._store.write() as conn:
            await conn.execute(update(outbox).where(outbox.c.id == row["id"]).values(**values))

    async def _unclaim(self, rows: list[dict[str, Any]], error: str) -> None:
        """Lets go of messages not tried because the server went away; they stay due."""
        if not rows:
            return
        async with self._store.write() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_([row["id"] for row in rows]))
                .values(locked_until=None, last_error=error[:500])
            )
