"""Mail to customers about their appointments, queued in the transaction of the change.

A customer is written to only where an address is known: the business's customer record's, else
the booking account's. Each mail carries the business's own message when the desk gave one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from mail.messages import render
from mail.outbox import enqueue
from store.queries import Row, contacts


def when_text(start: datetime, zone: ZoneInfo) -> str:
    return start.astimezone(zone).strftime("%d.%m.%Y um %H:%M Uhr")


def _item(contact: Row, zone: ZoneInfo) -> dict[str, str]:
    return {
        "service": contact["service"],
        "when": when_text(contact["start_at"], zone),
        "location": contact["location"],
        "staff": contact["staff"],
    }


async def mail_cancelled(
    conn: AsyncConnection,
    tenant: dict[str, Any],
    appointment_ids: Sequence[str],
    message: str,
    now: datetime,
) -> int:
    """One mail per customer address listing all of their cancelled appointments; returns the count."""
    zone = ZoneInfo(tenant["timezone"])
    by_address: dict[str, list[Row]] = {}
    for contact in await contacts(conn, tenant["id"], appointment_ids):
        if contact["email"]:
            by_address.setdefault(contact["email"].lower(), []).append(contact)
    for address, theirs in by_address.items():
        mail = render(
            "appointment_cancelled",
            address,
            first_name=theirs[0]["first_name"],
            business=tenant["name"],
            items=[_item(contact, zone) for contact in theirs],
            message=message,
        )
        await enqueue(conn, mail, now=now, tenant_id=tenant["id"])
    return len(by_address)


async def mail_one(
    conn: AsyncConnection,
    tenant: dict[str, Any],
    kind: str,
    appointment_id: str,
    message: str,
    now: datetime,
    **context: Any,
) -> bool:
    """Renders `kind` about one appointment to its customer; False when no address is known."""
    zone = ZoneInfo(tenant["timezone"])
    found = await contacts(conn, tenant["id"], [appointment_id])
    if not found or not found[0]["email"]:
        return False
    contact = found[0]
    mail = render(
        kind,
        contact["email"],
        first_name=contact["first_name"],
        business=tenant["name"],
        message=message,
        **_item(contact, zone),
        **context,
    )
    await enqueue(conn, mail, now=now, tenant_id=tenant["id"])
    return True
