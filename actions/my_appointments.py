"""A logged-in customer's own appointments: listing them, cancelling one before the business's
cut-off, and moving one to another time.

Moving is an ordinary hold that names the booking it replaces (`replaces`): the held slot is
confirmed with the mailed code as always, and in the same unit of work the old booking is
cancelled, so the customer never has both or neither.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import appointments as desk
from actions.context import Deps, Work, anyone
from actions.errors import Conflict, Gone, NotFound
from actions.history import APPOINTMENT, record
from actions.views import tenant_shapes
from contract.enums import AppointmentStatus, SlotState
from contract.history import Action
from contract.my_appointments import MyAppointment, MyAppointments
from realtime.events import Event, slot_changed
from scheduling import open_online
from store.queries import Row
from store.rows import Tenant
from store.schema import appointments, customers, locations, services, staff, tenants

#: The statuses a customer may still cancel or move.
OPEN = (AppointmentStatus.BOOKED, AppointmentStatus.REQUESTED)
#: How many of the latest past or cancelled appointments the listing shows.
PAST_SHOWN = 20

_LISTED = (*OPEN, AppointmentStatus.CANCELLED)


def _theirs(account_id: str) -> Any:
    return or_(appointments.c.account_id == account_id, customers.c.account_id == account_id)


def _query(account_id: str) -> Any:
    return (
        select(
            appointments.c.id,
            appointments.c.tenant_id,
            appointments.c.service_id,
            appointments.c.location_id,
            appointments.c.start_at,
            appointments.c.end_at,
            appointments.c.status,
            services.c.name.label("service"),
            locations.c.name.label("location"),
            staff.c.name.label("staff"),
            tenants.c.name.label("business"),
            tenants.c.slug,
            tenants.c.timezone,
            tenants.c.cancel_cutoff_hours,
        )
        .select_from(
            appointments.join(services, services.c.id == appointments.c.service_id)
            .join(locations, locations.c.id == appointments.c.location_id)
            .join(staff, staff.c.id == appointments.c.staff_id)
            .join(tenants, tenants.c.id == appointments.c.tenant_id)
            .outerjoin(customers, customers.c.id == appointments.c.customer_id)
        )
        .where(and_(_theirs(account_id), appointments.c.status.in_(_LISTED)))
    )


def _changeable(row: Row, now: datetime) -> bool:
    return row["status"] in OPEN and open_online(row["start_at"], row["cancel_cutoff_hours"], now)


def _shape(row: Row, now: datetime) -> MyAppointment:
    zone = ZoneInfo(row["timezone"])
    changeable = _changeable(row, now)
    return MyAppointment(
        id=row["id"],
        business=row["business"],
        slug=row["slug"],
        timezone=row["timezone"],
        service_id=row["service_id"],
        service=row["service"],
        location_id=row["location_id"],
        location=row["location"],
        staff=row["staff"],
        start=row["start_at"].astimezone(zone),
        end=row["end_at"].astimezone(zone),
        status=row["status"],
        cancellable=changeable,
        reschedulable=changeable,
    )


async def listing(deps: Deps, account_id: str, slug: str | None = None) -> MyAppointments:
    """The customer's upcoming bookings (soonest first) and the latest past or cancelled ones."""
    now = deps.clock()
    query = _query(account_id)
    if slug is not None:
        query = query.where(tenants.c.slug == slug)
    ahead = and_(appointments.c.status.in_(OPEN), appointments.c.end_at > now)
    async with deps.store.read() as conn:
        upcoming = (await conn.execute(query.where(ahead).order_by(appointments.c.start_at))).all()
        past = (
            await conn.execute(query.where(~ahead).order_by(appointments.c.start_at.desc()).limit(PAST_SHOWN))
        ).all()
    return MyAppointments(
        upcoming=[_shape(dict(r._mapping), now) for r in upcoming],
        past=[_shape(dict(r._mapping), now) for r in past],
    )


async def _own(conn: AsyncConnection, account_id: str, appointment_id: str) -> Row:
    """One of the customer's listed appointments; any other id is unknown."""
    row = (await conn.execute(_query(account_id).where(appointments.c.id == appointment_id))).first()
    if row is None:
        raise NotFound("The appointment")
    return dict(row._mapping)


def _check_changeable(row: Row, now: datetime) -> None:
    if row["status"] not in OPEN:
        raise Gone("already_cancelled", "This appointment is already cancelled.")
    if row["start_at"] <= now:
        raise Gone("appointment_past", "This appointment has already begun.")
    if not open_online(row["start_at"], row["cancel_cutoff_hours"], now):
        hours = row["cancel_cutoff_hours"]
        raise Conflict(
            "cancel_too_late",
            f"Online changes close {hours} hours before the appointment. Please call the business.",
            cutoff_hours=hours,
        )


async def cancel(deps: Deps, account_id: str, appointment_id: str) -> MyAppointment:
    """Cancels one of the customer's bookings if the cut-off allows, as the desk would."""
    async with deps.store.read() as conn:
        row = await _own(conn, account_id, appointment_id)
    _check_changeable(row, deps.clock())
    await desk.cancel(deps, row["tenant_id"], row["id"], guard=anyone)
    async with deps.store.read() as conn:
        return _shape(await _own(conn, account_id, appointment_id), deps.clock())


async def check_replaceable(
    conn: AsyncConnection, tenant_id: str, account_id: str, appointment_id: str, now: datetime
) -> None:
    """A hold may replace only the customer's own open booking of the same business, before the cut-off."""
    row = await _own(conn, account_id, appointment_id)
    if row["tenant_id"] != tenant_id:
        raise NotFound("The appointment")
    _check_changeable(row, now)


async def replace_booking(work: Work, tenant: Tenant, appointment_id: str, now: datetime) -> datetime | None:
    """Cancels the booking a confirmed hold replaces; returns its start, or None when it was
    cancelled meanwhile. The customer is told in the confirmation, not by a mail of its own."""
    done = await work.conn.execute(
        update(appointments)
        .where(and_(appointments.c.id == appointment_id, appointments.c.status.in_(OPEN)))
        .values(status=AppointmentStatus.CANCELLED, updated_at=now, sequence=appointments.c.sequence + 1)
        .returning(appointments.c.start_at)
    )
    start = done.scalar_one_or_none()
    if start is None:
        return None
    await record(work, tenant.id, APPOINTMENT, appointment_id, Action.CANCELLED)
    (cancelled,) = await tenant_shapes(work.conn, tenant.id, [appointment_id])
    work.emit(
        Event(tenant.id, "appointment.cancelled", cancelled),
        slot_changed(tenant.id, cancelled, SlotState.FREE),
    )
    return start  # type: ignore[no-any-return]
