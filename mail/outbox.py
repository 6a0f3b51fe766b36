"""Queueing mail inside the transaction of the change that causes it."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from contract.enums import MailStatus
from mail.messages import Message
from store.schema import outbox


async def enqueue(
    conn: AsyncConnection, message: Message, *, now: datetime, tenant_id: str | None = None
) -> str:
    """Adds a message to the outbox; it leaves only if the surrounding transaction commits."""
    message_id = secrets.token_hex(16)
    await conn.execute(
        insert(outbox).values(
            id=message_id,
            tenant_id=tenant_id,
            kind=message.kind,
            to_addr=message.to,
            subject=message.subject,
            body=message.body,
            attachments=[a.as_json() for a in message.attachments] or None,
            headers=dict(message.headers) or None,
            status=MailStatus.PENDING,
            next_attempt_at=now,
            created_at=now,
        )
    )
    return message_id


async def enqueue_many(
    conn: AsyncConnection, messages: list[Message], *, now: datetime, tenant_id: str | None = None
) -> int:
    """Adds many plain messages in one statement (a newsletter's thousands); like enqueue otherwise."""
    rows = [
        {
            "id": secrets.token_hex(16),
            "tenant_id": tenant_id,
            "kind": message.kind,
            "to_addr": message.to,
            "subject": message.subject,
            "body": message.body,
            "headers": dict(message.headers) or None,
            "status": MailStatus.PENDING,
            "next_attempt_at": now,
            "created_at": now,
        }
        for message in messages
    ]
    if rows:
        await conn.execute(insert(outbox), rows)
    return len(rows)
