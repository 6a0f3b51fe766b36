"""The customer's mails of a series held online: one security code for all its dates, and, in
booking-request mode, that the dates were asked for (booked ones get actions/series_mail.py's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from actions.accounts import Account
from actions.company import footer
from mail.dates import clock_text, when_text
from mail.messages import render
from mail.outbox import enqueue
from store.queries import Row
from store.rows import Tenant


async def series_code_mail(
    conn: AsyncConnection,
    account: Account,
    tenant: Tenant,
    service: Row,
    code: str,
    starts: Sequence[datetime],
    expires_at: datetime,
    now: datetime,
) -> None:
    """One mail with the code that confirms every date of the series."""
    zone = tenant.zone
    message = render(
        "series_hold_code",
        account.email,
        language=account.language,
        first_name=account.first_name,
        code=code,
        business=tenant.name,
        company=footer(tenant),
        service=service["name"],
        items=[when_text(start, zone, account.language) for start in starts],
        until=clock_text(expires_at, zone),
    )
    await enqueue(conn, message, now=now, tenant_id=tenant.id)


async def series_requested_mail(
    conn: AsyncConnection,
    account: Account,
    tenant: Tenant,
    service: Row,
    location: Row,
    starts: Sequence[datetime],
    now: datetime,
) -> None:
    """In booking-request mode: the dates asked for, each decided by the business on its own."""
    zone = tenant.zone
    message = render(
        "series_requested",
        account.email,
        language=account.language,
        first_name=account.first_name,
        business=tenant.name,
        company=footer(tenant),
        service=service["name"],
        location=location["name"],
        items=[when_text(start, zone, account.language) for start in starts],
    )
    await enqueue(conn, message, now=now, tenant_id=tenant.id)
