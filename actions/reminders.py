"""Reminders mailed to customers before their appointments, as the business set them up.

A business names up to two lead times ([24, 2]: a day and two hours before); a service can be
left out. Which reminder is due is decided by `due_lead`: of the leads whose time has come, only
the one nearest the start, only while at least half of it remains, and only for an appointment
booked before that time came (its confirmation has just told the customer). So a booking made an
hour ahead gets no 24-hour reminder, and a server that was down for a while sends no stale one.

Each reminder is mailed once: its row in `sent_reminders` (appointment, lead, start) is inserted
in the transaction that queues the mail, and the key refuses a second. Processes that look at the
same time skip the appointments another one has locked (PostgreSQL) or wait their turn (SQLite).
A moved appointment has a new start, and so new keys: it reminds again at its new time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.cancel_links import cancel_link
from actions.company import footer
from actions.context import Deps
from contract.enums import AppointmentStatus
from mail.dates import when_text
from mail.messages import Message, render
from mail.outbox import enqueue
from scheduling import online_deadline, open_online
from settings import Settings
from store.queries import Row, contacts, tenant_by_id
from store.rows import Tenant
from store.schema import appointments, sent_reminders, services, tenants

#: The most reminders one pass mails; a pass that mails as many looks again at once.
BATCH = 200


def due_lead(start: datetime, booked_at: datetime, leads: Sequence[int], now: datetime) -> int | None:
    """The lead (hours) of the reminder to mail now for an appointment at `start`, or None."""
    come = [lead for lead in leads if start - timedelta(hours=lead) <= now < start]
    if not come:
        return None
    lead = min(come)
    reminder_time = start - timedelta(hours=lead)
    if (start - now) * 2 < timedelta(hours=lead) or booked_at > reminder_time:
        return None
    return lead


@dataclass(frozen=True)
class Due:
    """One reminder to mail: the appointment, its lead, and the start it is for."""

    appointment_id: str
    tenant_id: str
    lead_hours: int
    start_at: datetime


async def send_due(deps: Deps) -> int:
    """Mails the reminders whose time has come; returns how many mails were queued (a customer
    without an address gets none, and their reminder counts as done)."""
    queued = 0
    while True:
        now = deps.clock()
        async with deps.store.read() as conn:
            due = await _due(conn, now)
        if not due:
            return queued
        async with deps.work() as work:
            done, mailed = await _send(work.conn, deps.settings, due, now)
            if mailed:
                work.mailed()
        queued += mailed
        if len(due) < BATCH or not done:
            return queued


async def _leads_by_tenant(conn: AsyncConnection) -> dict[str, tuple[int, ...]]:
    """The businesses that mail reminders, with their leads."""
    rows = await conn.execute(
        select(tenants.c.id, tenants.c.reminders).where(cast(tenants.c.reminders, String) != "[]")
    )
    return {row.id: tuple(row.reminders) for row in rows if row.reminders}


async def _due(conn: AsyncConnection, now: datetime) -> list[Due]:
    """The reminders due now and not yet mailed, earliest appointments first."""
    leads = await _leads_by_tenant(conn)
    if not leads:
        return []
    by_lead: dict[int, list[str]] = {}
    for tenant_id, theirs in leads.items():
        for hours in theirs:
            by_lead.setdefault(hours, []).append(tenant_id)
    # Of each lead, the appointments in its window: its time has come and half of it remains.
    windows = or_(
        *(
            and_(
                appointments.c.tenant_id.in_(tenant_ids),
                appointments.c.start_at >= now + timedelta(hours=hours) / 2,
                appointments.c.start_at <= now + timedelta(hours=hours),
            )
            for hours, tenant_ids in by_lead.items()
        )
    )
    rows = (
        await conn.execute(
            select(
                appointments.c.id,
                appointments.c.tenant_id,
                appointments.c.start_at,
                appointments.c.created_at,
            )
            .select_from(appointments.join(services, services.c.id == appointments.c.service_id))
            .where(
                appointments.c.status == AppointmentStatus.BOOKED,
                services.c.reminders.is_(True),
                windows,
            )
            .order_by(appointments.c.start_at, appointments.c.id)
            .limit(BATCH * 2)
        )
    ).all()
    wanted: list[Due] = []
    for row in rows:
        lead = due_lead(row.start_at, row.created_at, leads[row.tenant_id], now)
        if lead is not None:
            wanted.append(Due(row.id, row.tenant_id, lead, row.start_at))
    sent = await _already_sent(conn, wanted)
    return [due for due in wanted if due not in sent][:BATCH]


async def _already_sent(conn: AsyncConnection, wanted: list[Due]) -> set[Due]:
    if not wanted:
        return set()
    rows = await conn.execute(
        select(sent_reminders).where(
            sent_reminders.c.appointment_id.in_([due.appointment_id for due in wanted])
        )
    )
    return {Due(r.appointment_id, r.tenant_id, r.lead_hours, r.start_at) for r in rows}


async def _send(conn: AsyncConnection, settings: Settings, due: list[Due], now: datetime) -> tuple[int, int]:
    """Marks each reminder sent and queues its mail, in one transaction; skips what another process
    is mailing now, what was mailed meanwhile, and appointments cancelled or moved since the look.
    Returns how many reminders this pass marked, and how many mails it queued."""
    locked: set[str] = set(
        (
            await conn.execute(
                select(appointments.c.id)
                .where(
                    tuple_(appointments.c.id, appointments.c.start_at).in_(
                        [(d.appointment_id, d.start_at) for d in due]
                    ),
                    appointments.c.status == AppointmentStatus.BOOKED,
                )
                .with_for_update(skip_locked=True)
            )
        ).scalars()
    )
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    mine: list[Due] = []
    for reminder in due:
        if reminder.appointment_id not in locked:
            continue
        marked = await conn.execute(
            dialect.insert(sent_reminders)
            .values(
                appointment_id=reminder.appointment_id,
                lead_hours=reminder.lead_hours,
                start_at=reminder.start_at,
                tenant_id=reminder.tenant_id,
                sent_at=now,
            )
            .on_conflict_do_nothing()
            .returning(sent_reminders.c.appointment_id)
        )
        if marked.first() is not None:
            mine.append(reminder)
    sent = 0
    tenant_of: dict[str, Tenant] = {}
    for reminder in mine:
        if reminder.tenant_id not in tenant_of:
            found = await tenant_by_id(conn, reminder.tenant_id)
            assert found is not None
            tenant_of[reminder.tenant_id] = found
        tenant = tenant_of[reminder.tenant_id]
        (contact,) = await contacts(conn, tenant.id, [reminder.appointment_id])
        if contact["email"]:
            await enqueue(conn, reminder_mail(settings, tenant, contact, now), now=now, tenant_id=tenant.id)
            sent += 1
    return len(mine), sent


def reminder_mail(settings: Settings, tenant: Tenant, contact: Row, now: datetime) -> Message:
    """The reminder of one appointment in its customer's language; the cancel link only while the
    business's cut-off still lets the customer cancel."""
    zone = tenant.zone
    language = contact["language"]
    cancel_until = online_deadline(contact["start_at"], tenant.cancel_cutoff_hours)
    can_cancel = open_online(contact["start_at"], tenant.cancel_cutoff_hours, now)
    return render(
        "reminder",
        contact["email"],
        language=language,
        first_name=contact["first_name"],
        business=tenant.name,
        company=footer(tenant),
        address=" ".join(", ".join(contact["location_address"].splitlines()).split()),
        cancel_link=(
            cancel_link(settings.public_url, settings.secret_key, contact["id"], language)
            if can_cancel
            else ""
        ),
        cancel_until=when_text(cancel_until, zone, language),
        service=contact["service"],
        when=when_text(contact["start_at"], zone, language),
        location=contact["location"],
        staff=contact["staff"],
    )
