"""The desk changes an appointment: moves it (another start or calendar), gives it another service,
length or customer, and edits its note.

A change may leave opening hours but not go into the past, over anything in the target calendar,
or (unless asked to) into the buffers of its service or its neighbours'. The customer hears of it
where an address is known: a move or a new length or service with the calendar entry that updates
their calendar, another customer by a cancellation to the one and a confirmation to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customers as customer_records
from actions.appointments import in_the_way, in_use, must_offer, own_appointment, taken
from actions.buffers import buffer_conflict, buffer_conflicts
from actions.context import Deps, Guard, Work
from actions.customer_mail import mail_booked, mail_cancelled, mail_moved, mail_one, mail_reshaped
from actions.errors import BadInput, Conflict, NotFound
from actions.history import record_change, record_expired
from actions.views import tenant_shapes
from contract.appointments import Appointment, AppointmentChange
from contract.enums import MOVABLE_STATUSES, SlotState
from realtime.events import Event, holds_released, slot_changed
from scheduling import Interval
from settings import Settings
from store import SlotTaken, Stalled
from store.queries import Row, lock_calendars, owned, release_expired_holds, tenant_by_id
from store.rows import Tenant
from store.schema import appointments, services, staff


@dataclass(frozen=True)
class Plan:
    """What a change asks for, checked against the appointment as first read: the calendar, the
    service and the length it is to have (None: as it is when written)."""

    staff_id: str
    service_id: str
    length: timedelta | None


async def change(
    deps: Deps, tenant_id: str, appointment_id: str, changes: AppointmentChange, *, guard: Guard
) -> Appointment:
    """Changes an appointment as `changes` asks; `message` is mailed to the customer where an
    address is known, and `notify` says whether a move or a new service or length is mailed."""
    now = deps.clock()
    async with deps.store.read() as conn:
        before = await own_appointment(conn, tenant_id, appointment_id)
        guard(before["staff_id"])
        if changes.staff_id is not None:
            guard(changes.staff_id)
        plan = await _plan(conn, tenant_id, before, changes)
    start = changes.start
    if start is not None and start != before["start_at"] and start < now:
        raise BadInput("in_past", "An appointment cannot be moved into the past.", field="start")
    try:
        async with deps.work() as work:
            await lock_calendars(work.conn, tenant_id, [before["staff_id"], plan.staff_id], exclusive=False)
            tenant = await tenant_by_id(work.conn, tenant_id)
            assert tenant is not None
            row = await own_appointment(work.conn, tenant_id, appointment_id)  # again, under the locks
            guard(row["staff_id"])
            return await _write(work, deps.settings, tenant, row, plan, changes, now)
    except (SlotTaken, Stalled) as error:  # taken, or being taken by a writer that has not finished yet
        raise Conflict("slot_taken", "Something else was booked into this time just now.") from error


async def _plan(conn: AsyncConnection, tenant_id: str, before: Row, changes: AppointmentChange) -> Plan:
    """Checks what `changes` names exists and fits: a calendar in use that offers the service, a
    service not deleted, a customer on record."""
    target = changes.staff_id or before["staff_id"]
    service_id = changes.service_id or before["service_id"]
    length = timedelta(minutes=changes.duration_minutes) if changes.duration_minutes is not None else None
    if target != before["staff_id"] and not await in_use(conn, staff, tenant_id, target):
        raise NotFound("The calendar")
    if service_id != before["service_id"]:
        service = await owned(conn, services, tenant_id, service_id)
        if service is None or service["deleted_at"] is not None:
            raise NotFound("The service")
        if length is None:
            length = timedelta(minutes=service["duration_minutes"])
    if target != before["staff_id"] or service_id != before["service_id"]:
        field = "service_id" if service_id != before["service_id"] else "staff_id"
        await must_offer(conn, service_id, target, field=field)
    customer_id = changes.customer_id
    if customer_id is not None and customer_id != before["customer_id"]:
        if not await customer_records.exists(conn, tenant_id, customer_id):
            raise NotFound("The customer")
    return Plan(target, service_id, length)


async def _write(
    work: Work,
    settings: Settings,
    tenant: Tenant,
    row: Row,
    plan: Plan,
    changes: AppointmentChange,
    now: datetime,
) -> Appointment:
    """Writes the change, mails the customer, and queues what changed."""
    start = changes.start or row["start_at"]
    slot = Interval(start, start + (plan.length or row["end_at"] - row["start_at"]))
    moving = plan.staff_id != row["staff_id"] or slot.start != row["start_at"]
    timed = moving or slot.end != row["end_at"]
    other_service = plan.service_id != row["service_id"]
    customer_id = changes.customer_id or row["customer_id"]
    other_customer = customer_id != row["customer_id"]
    values: dict[str, Any] = {"updated_at": now}
    released: list[str] = []
    if (timed or other_service or other_customer) and row["status"] not in MOVABLE_STATUSES:
        raise Conflict(
            "not_movable", "Only booked and requested appointments can be changed.", status=row["status"]
        )
    if timed:
        released = await release_expired_holds(work.conn, now, staff_id=plan.staff_id)
        await record_expired(work, tenant.id, released)
        in_way = await in_the_way(work.conn, tenant.id, plan.staff_id, slot, exclude=row["id"])
        if in_way:
            raise taken(in_way)
    if (timed or other_service) and not changes.ignore_buffers:
        near = await buffer_conflicts(
            work.conn, tenant.id, plan.staff_id, slot, plan.service_id, exclude=row["id"]
        )
        if near:
            raise buffer_conflict(near)
    if timed:
        values.update(staff_id=plan.staff_id, start_at=slot.start, end_at=slot.end)
        if slot.start > now and row["attendance"] is not None:
            values["attendance"] = None  # moved ahead: whether they come is open again
    if other_service:
        values["service_id"] = plan.service_id
    if timed or other_service:
        values["sequence"] = appointments.c.sequence + 1
    if other_customer:
        # Erased a moment ago by another desk? Then there is no one to give it to.
        await customer_records.own(work.conn, tenant.id, customer_id, lock="share")
        if changes.notify and await mail_cancelled(work.conn, settings, tenant, [row["id"]], "", now):
            work.mailed()
        values["customer_id"] = customer_id
        values["account_id"] = None  # the online booker's account belongs to the customer it leaves
    if "note" in changes.given():
        values["note"] = changes.note or ""
    await work.conn.execute(update(appointments).where(appointments.c.id == row["id"]).values(**values))
    await record_change(work, tenant.id, row, values)
    if await _tell(work.conn, settings, tenant, row, changes, now, timed, other_service, other_customer):
        work.mailed()
    (after,) = await tenant_shapes(work.conn, tenant.id, [row["id"]])
    work.emit_all(holds_released(tenant.id, await tenant_shapes(work.conn, tenant.id, released)))
    work.emit(Event(tenant.id, "appointment.updated", after))
    if other_customer:
        work.emit(customer_records.changed(tenant.id, customer_id))
        if row["customer_id"]:
            work.emit(customer_records.changed(tenant.id, row["customer_id"]))
    if timed:
        old_place = after.model_copy(
            update={
                "staff_id": row["staff_id"],
                "start": row["start_at"].astimezone(tenant.zone),
                "end": row["end_at"].astimezone(tenant.zone),
            }
        )
        work.emit(
            slot_changed(tenant.id, old_place, SlotState.FREE),
            slot_changed(tenant.id, after, SlotState.BOOKED),
        )
    return after


async def _tell(
    conn: AsyncConnection,
    settings: Settings,
    tenant: Tenant,
    row: Row,
    changes: AppointmentChange,
    now: datetime,
    timed: bool,
    other_service: bool,
    other_customer: bool,
) -> bool:
    """Mails the (new) customer about the change as it now stands; whether a mail was queued."""
    wanted = changes.notify or bool(changes.message)
    if other_customer:
        # The new customer hears of it as of a booking, with the message if there is one.
        booked = changes.notify and await mail_booked(conn, settings, tenant, row["id"], now)
        if changes.message:
            return (
                await mail_one(
                    conn, tenant, "appointment_changed", row["id"], changes.message, now, moved=False
                )
                or booked
            )
        return booked
    if row["start_at"] != (changes.start or row["start_at"]) or (
        changes.staff_id is not None and changes.staff_id != row["staff_id"]
    ):
        return wanted and await mail_moved(
            conn, settings, tenant, row["id"], changes.message, now, old_when=row["start_at"]
        )
    if timed or other_service:
        return wanted and await mail_reshaped(conn, settings, tenant, row["id"], changes.message, now)
    if changes.message:
        return await mail_one(
            conn, tenant, "appointment_changed", row["id"], changes.message, now, moved=False
        )
    return False
