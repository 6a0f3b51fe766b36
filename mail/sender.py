"""Drains the outbox: sends due messages over SMTP, retrying with back-off when the server fails."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosmtplib
from sqlalchemy import and_, or_, select, update

from store import Store
from store.schema import outbox

log = logging.getLogger(__name__)

#: Waits between tries: 5 s, 30 s, 2 min, 10 min, then every 30 min; a message is never dropped.
BACKOFF = (5, 30, 120, 600, 1800)
BATCH = 50
CLAIM = timedelta(minutes=2)


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
    """Adds a text attachment as stored in the outbox; a calendar entry keeps its METHOD parameter."""
    maintype, _, subtype = attachment["content_type"].partition("/")
    params = {"method": "PUBLISH"} if (maintype, subtype) == ("text", "calendar") else {}
    if maintype == "text":
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


class MailSender:
    """One drain pass at a time; several processes may drain together, each claiming its rows."""

    def __init__(
        self, store: Store, smtp_url: str | None, mail_from: str, clock: Callable[[], datetime]
    ) -> None:
        self._store = store
        self._smtp = smtp_options(smtp_url) if smtp_url else None
        self._from = mail_from
        self._clock = clock

    async def drain(self) -> int:
        """Sends what is due; returns how many messages left the outbox."""
        batch = await self._claim()
        if not batch:
            return 0
        if self._smtp is None:
            # No SMTP server configured: the dev mailbox page shows the outbox instead.
            await self._mark_sent([row["id"] for row in batch])
            return len(batch)
        sent: list[str] = []
        try:
            async with aiosmtplib.SMTP(**self._smtp) as smtp:
                for row in batch:
                    await smtp.send_message(self._email(row))
                    sent.append(row["id"])
        except (aiosmtplib.SMTPException, OSError) as error:
            failed = [row for row in batch if row["id"] not in sent]
            log.warning("mail delivery failed for %d message(s): %s", len(failed), error)
            await self._retry_later(failed, str(error))
        await self._mark_sent(sent)
        return len(sent)

    def _email(self, row: dict[str, Any]) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._from
        message["To"] = row["to_addr"]
        message["Subject"] = row["subject"]
        message["Message-ID"] = make_msgid(idstring=row["id"], domain="termine.local")
        for name, value in (row.get("headers") or {}).items():
            message[name] = value
        message.set_content(row["body"])
        for attachment in row.get("attachments") or []:
            _attach(message, attachment)
        return message

    async def _claim(self) -> list[dict[str, Any]]:
        now = self._clock()
        due = and_(
            outbox.c.status == "pending",
            outbox.c.next_attempt_at <= now,
            or_(outbox.c.locked_until.is_(None), outbox.c.locked_until < now),
        )
        async with self._store.read() as conn:
            # A cheap look first, so an idle outbox never takes SQLite's write lock.
            if (await conn.execute(select(outbox.c.id).where(due).limit(1))).first() is None:
                return []
        async with self._store.write() as conn:
            ids = (
                (
                    await conn.execute(
                        select(outbox.c.id)
                        .where(due)
                        .order_by(outbox.c.created_at)
                        .limit(BATCH)
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .all()
            )
            if not ids:
                return []
            await conn.execute(
                update(outbox).where(outbox.c.id.in_(ids)).values(locked_until=now + CLAIM)
            )
            rows = await conn.execute(select(outbox).where(outbox.c.id.in_(ids)))
            return [dict(row._mapping) for row in rows]

    async def _mark_sent(self, ids: list[str]) -> None:
        if not ids:
            return
        async with self._store.write() as conn:
            await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids))
                .values(status="sent", sent_at=self._clock(), locked_until=None)
            )

    async def _retry_later(self, rows: list[dict[str, Any]], error: str) -> None:
        now = self._clock()
        async with self._store.write() as conn:
            for row in rows:
                attempts = row["attempts"] + 1
                wait = BACKOFF[min(attempts, len(BACKOFF)) - 1]
                await conn.execute(
                    update(outbox)
                    .where(outbox.c.id == row["id"])
                    .values(
                        attempts=attempts,
                        last_error=error[:500],
                        next_attempt_at=now + timedelta(seconds=wait),
                        locked_until=None,
                    )
                )
