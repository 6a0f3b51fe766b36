"""The customer's mail about a series: one mail listing every date, with one calendar entry per
date (each its own UID and SEQUENCE, as a single appointment's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from actions.calendar_files import calendar_entry
from actions.cancel_links import cancel_link
from actions.company import footer
from mail.dates import when_text
from mail.messages import render
from mail.outbox import enqueue
from settings import Settings
from store.queries import contacts
from store.rows import Tenant


async def mail_series(
    conn: AsyncConnection,
    settings: Settings,
    tenant: Tenant,
    appointment_ids: Sequence[str],
    now: datetime,
    *,
    kind: str = "series_booked",
    message: str = "",
) -> bool:
    """Mails the customer of these appointments (one customer's) every date with its calendar
    entry and cancel link: `series_booked` or `series_moved`; False when no address is known."""
    found = [c for c in await contacts(conn, tenant.id, appointment_ids) if c["email"]]
    if not found:
        return False
    zone = ZoneInfo(tenant.timezone)
    language = found[0]["language"]
    items: list[dict[str, Any]] = [
        {
            "when": when_text(contact["start_at"], zone, language),
            "cancel_link": cancel_link(settings.public_url, settings.secret_key, contact["id"], language),
        }
        for contact in found
    ]
    mail = render(
        kind,
        found[0]["email"],
        language=language,
        first_name=found[0]["first_name"],
        business=tenant.name,
        company=footer(tenant),
        service=found[0]["service"],
        location=found[0]["location"],
        staff=found[0]["staff"],
        items=items,
        message=message,
        cutoff_hours=tenant.cancel_cutoff_hours,
        attachments=tuple(
            calendar_entry(settings, tenant, contact, now, filename=f"termin-{number}.ics")
            for number, contact in enumerate(found, start=1)
        ),
    )
    await enqueue(conn, mail, now=now, tenant_id=tenant.id)
    return True
