"""Closures: sickness and vacation shut whole local days, a pause a time range, for one calendar or
for the whole business.

Creating one is a preview first: with appointments in the way and no confirmation nothing is
written and the answer lists them. Confirmed, one transaction writes the closure, cancels every
appointment in the way (pending holds are released) and queues one mail per customer address.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.appointments import range_bounds
from actions.context import Deps, Guard, Work
from actions.customer_mail import mail_cancelled
from actions.errors import BadInput, Conflict, NotFound
from actions.history import APPOINTMENT, record_all, record_expired
from actions.views import appointment_shape, load_shapes
from contract.appointments import CalendarRange
from contract.closures import Closure, NewClosure
from contract.enums import AppointmentStatus, ClosureKind
from contract.events import Nothing
from contract.history import Action
from realtime.events import Event
from scheduling import Interval, closure_interval
from scheduling.closures import WHOLE_DAY_KINDS
from store import SlotTaken
from store.queries import (
    Row,
    appointment_query,
    closures_touching,
    lock_calendars,
    new_id,
    occupying,
    owned,
    starts_near,
    tenant_by_id,
)
from store.rows import Tenant
from store.schema import ACTIVE_STATUSES, appointments, closures, staff

#: The longest closure, and the longest range one listing may ask for.
MAX_DAYS = 366


def closure_shape(row: Row, zone: ZoneInfo) -> Closure:
    """A closure as the staff calendar shows it; `staff_id` null means the whole business."""
    kind = ClosureKind(row["kind"])
    return Closure(
        id=row["id"],
        staff_id=row["staff_id"],
        kind=kind,
        start=row["start_at"].astimezone(zone),
        end=row["end_at"].astimezone(zone),
        all_day=kind in WHOLE_DAY_KINDS,
        note=row["note"],
    )


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _interval(new: NewClosure, zone: ZoneInfo) -> Interval:
    """The UTC interval the closure shuts, or a 400 naming what is wrong with its range."""
    try:
        shut = closure_interval(new.kind, new.start, new.end, zone)
    except ValueError as error:
        raise BadInput("invalid_range", str(error), field="end") from error
    # Counted in local days for whole-day closures, so a DST change cannot push one past the limit.
    if new.kind in WHOLE_DAY_KINDS:
        days: float = (_day(new.end) - _day(new.start)).days + 1
    else:
        days = (shut.end - shut.start) / timedelta(days=1)
    if days > MAX_DAYS:
        raise BadInput("invalid_range", f"A closure lasts at most {MAX_DAYS} days.", field="end")
    return shut


async def create(deps: Deps, tenant_id: str, new: NewClosure, *, created_by: str | None = None) -> Closure:
    """Writes a closure; 409 `conflicts` listing the appointments in the way unless `confirm`.

    Appointments that have ended stay as they were: a sick day entered at noon cancels what is
    still to come that day.
    """
    now = deps.clock()
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        if new.staff_id is not None and not await owned(conn, staff, tenant_id, new.staff_id):
            raise NotFound("The calendar")
    shut = _interval(new, tenant.zone)
    try:
        async with deps.work() as work:
            closure = await _close(deps, work, tenant, new, shut, now, created_by)
    except SlotTaken as error:  # only when a lock was lost and someone booked in between
        raise Conflict(
            "slot_taken", "Something was booked into this time just now. Please try again."
        ) from error
    return closure


async def _close(
    deps: Deps,
    work: Work,
    tenant: Tenant,
    new: NewClosure,
    shut: Interval,
    now: datetime,
    created_by: str | None,
) -> Closure:
    """Writes the closure over `shut`, cancels what lies ahead in it, and queues the mail and events."""
    conn, zone = work.conn, tenant.zone
    # Locked before looking: an appointment being placed meanwhile is either seen here
    # or waits for this transaction and then meets the guard of migration 0002.
    await lock_calendars(conn, tenant.id, [new.staff_id] if new.staff_id else None, exclusive=True)
    ahead = [
        row
        for row in await _active_ahead(conn, tenant.id, new.staff_id, shut, now)
        if not (row["status"] == AppointmentStatus.HELD and row["expires_at"] <= now)
    ]
    if ahead and not new.confirm:
        raise Conflict(
            "conflicts",
            "Appointments lie in the way. Confirm to cancel them all.",
            appointments=[appointment_shape(row, zone).model_dump(mode="json") for row in ahead],
        )
    # Expired holds that the expiry loop has not reached yet are released too, unmailed.
    expired = await _release_expired(conn, tenant.id, new.staff_id, shut, now)
    holds = [row["id"] for row in ahead if row["status"] == AppointmentStatus.HELD]
    booked = [row["id"] for row in ahead if row["status"] != AppointmentStatus.HELD]
    await _set_status(conn, holds, AppointmentStatus.RELEASED, now)
    await _set_status(conn, booked, AppointmentStatus.CANCELLED, now)
    await record_expired(work, tenant.id, expired)
    await record_all(work, tenant.id, APPOINTMENT, holds, Action.RELEASED)
    await record_all(work, tenant.id, APPOINTMENT, booked, Action.CANCELLED)
    closure_id = new_id()
    await conn.execute(
        insert(closures).values(
            id=closure_id,
            tenant_id=tenant.id,
            staff_id=new.staff_id,
            kind=new.kind,
            start_at=shut.start,
            end_at=shut.end,
            note=new.note,
            created_at=now,
            created_by=created_by,
        )
    )
    cancelled = [row["id"] for row in ahead]
    if await mail_cancelled(conn, deps.settings, tenant, cancelled, new.message, now) > 0:
        work.mailed()
    written = await _one_closure(conn, tenant.id, closure_id)
    assert written is not None
    closure = closure_shape(written, zone)
    work.emit(Event(tenant.id, "closure.created", closure))
    for item in await load_shapes(conn, [*holds, *booked, *expired], zone):
        released = item.status == AppointmentStatus.RELEASED
        work.emit(Event(tenant.id, "hold.released" if released else "appointment.cancelled", item))
    work.emit(Event(tenant.id, "availability.changed", Nothing()))
    return closure


async def list_range(deps: Deps, tenant_id: str, asked: CalendarRange) -> list[Closure]:
    """Closures that touch the range; with `staff_id`, that calendar's and the business's."""
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        today = deps.clock().astimezone(tenant.zone).date()
        span = range_bounds(asked, tenant.zone, today, longest=timedelta(days=MAX_DAYS + 1))
        rows = await closures_touching(
            conn, tenant_id, span.start, span.end, [asked.staff_id] if asked.staff_id else None
        )
    return [closure_shape(row, tenant.zone) for row in rows]


async def remove(deps: Deps, tenant_id: str, closure_id: str, *, guard: Guard) -> None:
    """Deletes a closure; its time is open for booking again where hours allow."""
    async with deps.work() as work:
        row = await _one_closure(work.conn, tenant_id, closure_id)
        if row is None:
            raise NotFound("The closure")
        guard(row["staff_id"])
        await work.conn.execute(delete(closures).where(closures.c.id == row["id"]))
        tenant = await tenant_by_id(work.conn, tenant_id)
        assert tenant is not None
        work.emit(
            Event(tenant_id, "closure.deleted", closure_shape(row, tenant.zone)),
            Event(tenant_id, "availability.changed", Nothing()),
        )


async def _one_closure(conn: AsyncConnection, tenant_id: str, closure_id: str) -> Row | None:
    return await owned(conn, closures, tenant_id, closure_id)


def _ahead_filter(tenant_id: str, staff_id: str | None, shut: Interval, now: datetime) -> ColumnElement[bool]:
    """Active appointments in the closed calendars that overlap what is left of it after `now`."""
    condition = and_(
        appointments.c.tenant_id == tenant_id,
        occupying(),
        starts_near(max(shut.start, now), shut.end),
    )
    if staff_id is not None:
        condition = and_(condition, appointments.c.staff_id == staff_id)
    return condition


async def _active_ahead(
    conn: AsyncConnection, tenant_id: str, staff_id: str | None, shut: Interval, now: datetime
) -> list[Row]:
    if shut.end <= now:
        return []
    query = appointment_query().where(_ahead_filter(tenant_id, staff_id, shut, now))
    rows = await conn.execute(query.order_by(appointments.c.start_at, appointments.c.id))
    return [dict(r._mapping) for r in rows]


async def _release_expired(
    conn: AsyncConnection, tenant_id: str, staff_id: str | None, shut: Interval, now: datetime
) -> list[str]:
    if shut.end <= now:
        return []
    result = await conn.execute(
        update(appointments)
        .where(
            and_(
                _ahead_filter(tenant_id, staff_id, shut, now),
                appointments.c.status == AppointmentStatus.HELD,
                appointments.c.expires_at <= now,
            )
        )
        .values(status=AppointmentStatus.RELEASED, updated_at=now)
        .returning(appointments.c.id)
    )
    return list(result.scalars().all())


async def _set_status(
    conn: AsyncConnection, ids: list[str], status: AppointmentStatus, now: datetime
) -> None:
    if ids:
        await conn.execute(
            update(appointments)
            .where(and_(appointments.c.id.in_(ids), appointments.c.status.in_(ACTIVE_STATUSES)))
            .values(status=status, updated_at=now, sequence=appointments.c.sequence + 1)
        )
