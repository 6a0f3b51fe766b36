"""Mail to customers about their appointments, queued in the transaction of the change.

A customer is written to only where an address is known: the business's customer record's, else
the booking account's; in the account's language (German for customers without one). Each mail
carries the business's own message when the desk gave one.
"""

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
from store.queries import Row, contacts
from store.rows import Tenant


def _item(contact: Row, zone: ZoneInfo, language: str) -> dict[str, str]:
    return {
        "service": contact["service"],
        "when": when_text(contact["start_at"], zone, language),
        "location": contact["location"],
        "staff": contact["staff"],
    }


def binding_booking(
    settings: Settings, tenant: Tenant, booking: Row, now: datetime, language: str
) -> dict[str, Any]:
    """What a mail about a binding booking carries besides its details: the link to cancel it, the
    business's cut-off for that, and the calendar entry."""
    return {
        "cancel_link": cancel_link(settings.public_url, settings.secret_key, booking["id"], language),
        "cutoff_hours": tenant.cancel_cutoff_hours,
        "attachments": (calendar_entry(settings, tenant, booking, now),),
    }


async def mail_cancelled(
    conn: AsyncConnection,
    settings: Settings,
    tenant: Tenant,
    appointment_ids: Sequence[str],
    message: str,
    now: datetime,
) -> int:
    """One mail per customer address listing all of their cancelled appointments, each with the
    calendar entry that takes it out of their calendar; returns the count."""
    zone = ZoneInfo(tenant.timezone)
    by_address: dict[str, list[Row]] = {}
    for contact in await contacts(conn, tenant.id, appointment_ids):
        if contact["email"]:
            by_address.setdefault(contact["email"].lower(), []).append(contact)
    for address, theirs in by_address.items():
        language = theirs[0]["language"]
        mail = render(
            "appointment_cancelled",
            address,
            language=language,
            first_name=theirs[0]["first_name"],
            business=tenant.name,
            company=footer(tenant),
            items=[_item(contact, zone, language) for contact in theirs],
            message=message,
            attachments=tuple(
                calendar_entry(
                    settings, tenant, contact, now, method="CANCEL", filename=f"absage-{number}.ics"
                )
                for number, contact in enumerate(theirs, start=1)
            ),
        )
        await enqueue(conn, mail, now=now, tenant_id=tenant.id)
    return len(by_address)


async def _addressee(conn: AsyncConnection, tenant_id: str, appointment_id: str) -> Row | None:
    """Who to write to about one appointment; None when no address is known."""
    found = await contacts(conn, tenant_id, [appointment_id])
    return found[0] if found and found[0]["email"] else None


async def _enqueue_about(
    conn: AsyncConnection,
    tenant: Tenant,
    kind: str,
    contact: Row,
    message: str,
    now: datetime,
    **context: Any,
) -> None:
    """Renders `kind` about the contact's appointment; instants in `context` are written as dates
    the customer reads."""
    zone = ZoneInfo(tenant.timezone)
    language = contact["language"]
    dated = {
        key: when_text(value, zone, language) if isinstance(value, datetime) else value
        for key, value in context.items()
    }
    values: dict[str, Any] = {
        "first_name": contact["first_name"],
        "business": tenant.name,
        "company": footer(tenant),
        "message": message,
        **_item(contact, zone, language),
        **dated,
    }
    mail = render(kind, contact["email"], language=language, **values)
    await enqueue(conn, mail, now=now, tenant_id=tenant.id)


async def mail_one(
    conn: AsyncConnection,
    tenant: Tenant,
    kind: str,
    appointment_id: str,
    message: str,
    now: datetime,
    **context: Any,
) -> bool:
    """Renders `kind` about one appointment to its customer; False when no address is known."""
    contact = await _addressee(conn, tenant.id, appointment_id)
    if contact is None:
        return False
    await _enqueue_about(conn, tenant, kind, contact, message, now, **context)
    return True


async def mail_accepted(
    conn: AsyncConnection,
    settings: Settings,
    tenant: Tenant,
    appointment_id: str,
    message: str,
    now: datetime,
) -> bool:
    """Tells the customer their request is now a booking, with the cancel link and the calendar
    entry a direct booking's confirmation carries; False when no address is known."""
    contact = await _addressee(conn, tenant.id, appointment_id)
    if contact is None:
        return False
    extras = binding_booking(settings, tenant, contact, now, contact["language"])
    await _enqueue_about(conn, tenant, "request_accepted", contact, message, now, **extras)
    return True


async def mail_booked(
    conn: AsyncConnection, settings: Settings, tenant: Tenant, appointment_id: str, now: datetime
) -> bool:
    """Confirms a booking the desk made, with the cancel link and the calendar entry an online
    booking's confirmation carries; False when no address is known."""
    contact = await _addressee(conn, tenant.id, appointment_id)
    if contact is None:
        return False
    extras = binding_booking(settings, tenant, contact, now, contact["language"])
    await _enqueue_about(conn, tenant, "booking_confirmed", contact, "", now, **extras)
    return True


async def mail_moved(
    conn: AsyncConnection,
    settings: Settings,
    tenant: Tenant,
    appointment_id: str,
    message: str,
    now: datetime,
    *,
    old_when: datetime,
) -> bool:
    """Tells the customer of a move, with the calendar entry that moves the appointment in their
    calendar; False when no address is known."""
    contact = await _addressee(conn, tenant.id, appointment_id)
    if contact is None:
        return False
    entry = calendar_entry(settings, tenant, contact, now)
    await _enqueue_about(
        conn,
        tenant,
        "appointment_changed",
        contact,
        message,
        now,
        moved=True,
        old_when=old_when,
        attachments=(entry,),
    )
    return True


async def mail_reshaped(
    conn: AsyncConnection,
    settings: Settings,
    tenant: Tenant,
    appointment_id: str,
    message: str,
    now: datetime,
) -> bool:
    """Tells the customer their appointment changed in place (another service or length), with the
    calendar entry that updates it in their calendar; False when no address is known."""
    contact = await _addressee(conn, tenant.id, appointment_id)
    if contact is None:
        return False
    entry = calendar_entry(settings, tenant, contact, now)
    await _enqueue_about(
        conn,
        tenant,
        "appointment_changed",
        contact,
        message,
        now,
        moved=False,
        changed=True,
        attachments=(entry,),
    )
    return True
