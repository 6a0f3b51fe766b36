"""The desk's side of appointments: listing a range, booking, cancelling, and answering booking
requests (moves and other changes are in actions/appointment_change.py). Staff may book and move
outside opening hours, never over anything else in the calendar: another appointment, a pending
hold or a closure.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customers as customer_records
from actions.buffers import buffer_conflict, buffer_conflicts
from actions.context import Deps, Guard
from actions.customer_mail import mail_accepted, mail_booked, mail_cancelled, mail_one
from actions.errors import BadInput, Conflict, Gone, NotFound
from actions.history import APPOINTMENT, CUSTOMER, record, record_expired
from actions.views import appointment_shape, tenant_shapes
from contract.appointments import (
    Appointment,
    CalendarRange,
    NewAppointment,
    Obstacle,
)
from contract.enums import AppointmentStatus, Attendance, SlotState, Source
from contract.history import Action
from realtime.events import Event, holds_released, slot_changed
from scheduling import Busy, Interval, find_conflicts, local_day_bounds
from store import SlotTaken, Stalled
from store.queries import (
    Row,
    active_in_calendar,
    appointment,
    appointment_query,
    closures_touching,
    new_id,
    owned,
    release_expired_holds,
    starts_near,
    tenant_by_id,
)
from store.rows import Tenant
from store.schema import appointments, locations, service_staff, services, staff

#: How far a listing of appointments may reach.
MAX_LISTED = timedelta(days=100)


def range_bounds(asked: CalendarRange, zone: ZoneInfo, today: date, *, longest: timedelta) -> Interval:
    """The instants a listing covers: a date from its local start (for `to` to its end), a time as
    it is; from today and a week on where not given. A backwards or too long range is a 400."""
    start = _bound(asked.start or today, zone, end=False)
    end = _bound(asked.end, zone, end=True) if asked.end is not None else start + timedelta(days=7)
    if end <= start:
        raise BadInput("invalid_range", "`to` must come after `from`.", field="to")
    if end - start > longest:
        raise BadInput("invalid_range", f"Ask for at most {longest.days} days at a time.", field="to")
    return Interval(start, end)


def _bound(value: date | datetime, zone: ZoneInfo, *, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    bounds = local_day_bounds(zone, value, value)
    return bounds.end if end else bounds.start


async def in_use(conn: AsyncConnection, table: Any, tenant_id: str, row_id: str) -> Row | None:
    """The business's calendar or location with that id, unless it was deactivated."""
    row = await owned(conn, table, tenant_id, row_id)
    return row if row and row["deactivated_at"] is None else None


async def must_offer(conn: AsyncConnection, service_id: str, staff_id: str, *, field: str) -> None:
    """The desk books a service only into a calendar that offers it, as the booking page does: the
    services a calendar offers say what its person does."""
    offered = await conn.execute(
        select(service_staff.c.staff_id).where(
            and_(service_staff.c.service_id == service_id, service_staff.c.staff_id == staff_id)
        )
    )
    if offered.first() is None:
        raise BadInput("service_not_offered", "This calendar does not offer this service.", field=field)


async def list_range(deps: Deps, tenant_id: str, asked: CalendarRange) -> list[Appointment]:
    """Everything not released that touches the range, cancelled ones included."""
    async with deps.store.read() as conn:
        tenant = await _tenant(conn, tenant_id)
        today = deps.clock().astimezone(tenant.zone).date()
        span = range_bounds(asked, tenant.zone, today, longest=MAX_LISTED)
        query = appointment_query().where(
            and_(
                appointments.c.tenant_id == tenant_id,
                appointments.c.status != AppointmentStatus.RELEASED,
                starts_near(span.start, span.end),
            )
        )
        if asked.staff_id:
            query = query.where(appointments.c.staff_id == asked.staff_id)
        rows = (await conn.execute(query.order_by(appointments.c.start_at))).all()
    return [appointment_shape(dict(r._mapping), tenant.zone) for r in rows]


async def book(deps: Deps, tenant_id: str, new: NewAppointment) -> Appointment:
    """A desk booking: may lie outside opening hours, never over anything else in that calendar,
    nor into its buffers unless asked to. A walk-in documents a visit that took place: its start
    has come, it is marked attended, and no mail goes out."""
    now = deps.clock()
    if new.start < now and not new.walk_in:
        raise BadInput("in_past", "This time has already passed.", field="start")
    if new.walk_in and new.start > now:
        raise BadInput("not_started", "A walk-in is documented once its start has come.", field="start")
    new_values = (
        customer_records.clean_new_customer(
            new.new_customer.model_dump(mode="json", exclude_none=True), now.date()
        )
        if new.new_customer is not None
        else None
    )
    async with deps.store.read() as conn:
        if not await in_use(conn, staff, tenant_id, new.staff_id):
            raise NotFound("The calendar")
        if not await in_use(conn, locations, tenant_id, new.location_id):
            raise NotFound("The location")
        service = await owned(conn, services, tenant_id, new.service_id)
        if not service or service["deleted_at"] is not None:
            raise NotFound("The service")
        await must_offer(conn, new.service_id, new.staff_id, field="service_id")
        if new.customer_id is not None and not await customer_records.exists(
            conn, tenant_id, new.customer_id
        ):
            raise NotFound("The customer")
    slot = Interval(new.start, new.start + timedelta(minutes=service["duration_minutes"]))
    appointment_id = new_id()
    try:
        async with deps.work() as work:
            released = await release_expired_holds(work.conn, now, staff_id=new.staff_id)
            await record_expired(work, tenant_id, released)
            in_way = await in_the_way(work.conn, tenant_id, new.staff_id, slot)
            if in_way:
                raise taken(in_way)
            if not new.ignore_buffers:
                near = await buffer_conflicts(work.conn, tenant_id, new.staff_id, slot, new.service_id)
                if near:
                    raise buffer_conflict(near)
            if new_values is not None:
                customer_id = await customer_records.insert_customer(work.conn, tenant_id, new_values, now)
                await record(work, tenant_id, CUSTOMER, customer_id, Action.CREATED)
            else:
                assert new.customer_id is not None
                customer_id = new.customer_id
                # Erased a moment ago by another desk? Then there is no one to book for.
                await customer_records.own(work.conn, tenant_id, customer_id, lock="share")
            await work.conn.execute(
                insert(appointments).values(
                    id=appointment_id,
                    tenant_id=tenant_id,
                    staff_id=new.staff_id,
                    location_id=new.location_id,
                    service_id=new.service_id,
                    customer_id=customer_id,
                    start_at=slot.start,
                    end_at=slot.end,
                    status=AppointmentStatus.BOOKED,
                    note=new.note,
                    source=Source.DESK,
                    attendance=Attendance.ATTENDED if new.walk_in else None,
                    created_at=now,
                    updated_at=now,
                )
            )
            placed = {"start_at": slot.start, "end_at": slot.end, "staff_id": new.staff_id}
            await record(work, tenant_id, APPOINTMENT, appointment_id, Action.BOOKED, after=placed)
            if (
                new.notify
                and not new.walk_in
                and await mail_booked(
                    work.conn, deps.settings, await _tenant(work.conn, tenant_id), appointment_id, now
                )
            ):
                work.mailed()
            (booked,) = await tenant_shapes(work.conn, tenant_id, [appointment_id])
            work.emit_all(holds_released(tenant_id, await tenant_shapes(work.conn, tenant_id, released)))
            work.emit(
                Event(tenant_id, "appointment.created", booked),
                slot_changed(tenant_id, booked, SlotState.BOOKED),
            )
            if new_values is not None:
                work.emit(customer_records.changed(tenant_id, customer_id))
    except (SlotTaken, Stalled) as error:  # taken, or being taken by a writer that has not finished yet
        raise Conflict("slot_taken", "Something else was booked into this time just now.") from error
    return booked


async def cancel(
    deps: Deps, tenant_id: str, appointment_id: str, *, guard: Guard, message: str = ""
) -> Appointment:
    """Cancels an appointment and tells the customer where an address is known.

    A pending hold is released instead (its status becomes `released`); cancelling twice is
    harmless and sends nothing the second time.
    """
    now = deps.clock()
    async with deps.work() as work:
        row = await own_appointment(work.conn, tenant_id, appointment_id)
        guard(row["staff_id"])
        if row["status"] == AppointmentStatus.CANCELLED:
            (unchanged,) = await tenant_shapes(work.conn, tenant_id, [row["id"]])
            return unchanged
        if row["status"] == AppointmentStatus.RELEASED:
            raise Gone("hold_released", "This online booking was released already.")
        held = row["status"] == AppointmentStatus.HELD
        await _set_status(
            work.conn, row, AppointmentStatus.RELEASED if held else AppointmentStatus.CANCELLED, now
        )
        await record(work, tenant_id, APPOINTMENT, row["id"], Action.RELEASED if held else Action.CANCELLED)
        tenant = await _tenant(work.conn, tenant_id)
        if await mail_cancelled(work.conn, deps.settings, tenant, [row["id"]], message, now) > 0:
            work.mailed()
        (cancelled,) = await tenant_shapes(work.conn, tenant_id, [row["id"]])
        if held:
            work.emit_all(holds_released(tenant_id, [cancelled]))
        else:
            work.emit(
                Event(tenant_id, "appointment.cancelled", cancelled),
                slot_changed(tenant_id, cancelled, SlotState.FREE),
            )
    return cancelled


async def decide(
    deps: Deps, tenant_id: str, appointment_id: str, *, accept: bool, guard: Guard, message: str = ""
) -> Appointment:
    """Accepts (booked) or declines (cancelled) a booking request, and tells the customer."""
    now = deps.clock()
    try:
        async with deps.work() as work:
            row = await own_appointment(work.conn, tenant_id, appointment_id)
            guard(row["staff_id"])
            if row["status"] != AppointmentStatus.REQUESTED:
                raise Conflict(
                    "not_requested",
                    "Only a booking request can be accepted or declined.",
                    status=row["status"],
                )
            status = AppointmentStatus.BOOKED if accept else AppointmentStatus.CANCELLED
            await _set_status(work.conn, row, status, now)
            await record(
                work, tenant_id, APPOINTMENT, row["id"], Action.ACCEPTED if accept else Action.DECLINED
            )
            tenant = await _tenant(work.conn, tenant_id)
            if accept:
                mailed = await mail_accepted(work.conn, deps.settings, tenant, row["id"], message, now)
            else:
                mailed = await mail_one(work.conn, tenant, "request_declined", row["id"], message, now)
            if mailed:
                work.mailed()
            (decided,) = await tenant_shapes(work.conn, tenant_id, [row["id"]])
            if accept:
                work.emit(
                    Event(tenant_id, "appointment.updated", decided),
                    slot_changed(tenant_id, decided, SlotState.BOOKED),
                )
            else:
                work.emit(
                    Event(tenant_id, "appointment.cancelled", decided),
                    slot_changed(tenant_id, decided, SlotState.FREE),
                )
    except SlotTaken as error:  # a closure was written over the request meanwhile
        raise Conflict("slot_taken", "This time is closed now.") from error
    return decided


async def in_the_way(
    conn: AsyncConnection,
    tenant_id: str,
    staff_id: str,
    slot: Interval,
    *,
    exclude: str | None = None,
) -> list[Obstacle]:
    """What in the calendar overlaps `slot`: appointments, pending holds and closures, by start."""
    items: list[Busy[tuple[str, Row]]] = [
        Busy(Interval(r["start_at"], r["end_at"]), ("appointment", r))
        for r in await active_in_calendar(conn, [staff_id], slot.start, slot.end)
        if r["id"] != exclude
    ]
    items += [
        Busy(Interval(c["start_at"], c["end_at"]), ("closure", c))
        for c in await closures_touching(conn, tenant_id, slot.start, slot.end, [staff_id])
    ]
    found = find_conflicts(items, slot)
    if not found:
        return []
    zone = (await _tenant(conn, tenant_id)).zone
    return [_obstacle(*busy.ref, zone) for busy in found]


def _obstacle(kind: str, row: Row, zone: ZoneInfo) -> Obstacle:
    start, end = row["start_at"].astimezone(zone), row["end_at"].astimezone(zone)
    if kind == "appointment":
        return Obstacle(type="appointment", id=row["id"], start=start, end=end, status=row["status"])
    return Obstacle(
        type="closure", id=row["id"], start=start, end=end, kind=row["kind"], staff_id=row["staff_id"]
    )


def taken(in_way: list[Obstacle]) -> Conflict:
    return Conflict(
        "slot_taken",
        "This time is taken in that calendar.",
        conflicts=[item.model_dump(mode="json", exclude_unset=True) for item in in_way],
    )


async def _tenant(conn: AsyncConnection, tenant_id: str) -> Tenant:
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    return tenant


async def own_appointment(conn: AsyncConnection, tenant_id: str, appointment_id: str) -> Row:
    """The business's appointment with that id; another business's id is unknown here."""
    row = await appointment(conn, tenant_id, appointment_id)
    if row is None:
        raise NotFound("The appointment")
    return row


async def _set_status(conn: AsyncConnection, row: Row, status: AppointmentStatus, now: datetime) -> None:
    """Changes the status only if nobody changed it since `row` was read."""
    done = await conn.execute(
        update(appointments)
        .where(and_(appointments.c.id == row["id"], appointments.c.status == row["status"]))
        .values(status=status, updated_at=now, sequence=appointments.c.sequence + 1)
    )
    if done.rowcount != 1:
        raise Conflict("appointment_changed", "This appointment changed just now. Please reload.")
