"""Whether the customer came: the desk marks a booked appointment whose start has come as attended
or as a no-show, or takes that back; the customer's record counts both and lists the no-shows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.appointments import own_appointment
from actions.context import Deps, Guard
from actions.customers import changed
from actions.errors import Conflict
from actions.history import APPOINTMENT, record
from actions.views import appointment_shape, tenant_shapes
from contract.appointments import Appointment, AttendanceSummary
from contract.enums import AppointmentStatus, Attendance
from contract.history import Action
from realtime.events import Event
from store.queries import appointment_query
from store.schema import appointments

#: The most no-shows a record lists; the count says how many there are in all.
MOST_LISTED = 100

_LINE = {Attendance.ATTENDED: Action.ATTENDED, Attendance.NO_SHOW: Action.NO_SHOW, None: Action.UNMARKED}


async def mark(
    deps: Deps, tenant_id: str, appointment_id: str, attendance: Attendance | None, *, guard: Guard
) -> Appointment:
    """Notes whether the customer came (None takes it back); only for a booked appointment whose
    start has come. Saying the same again changes nothing and leaves no line."""
    now: datetime = deps.clock()
    async with deps.work() as work:
        row = await own_appointment(work.conn, tenant_id, appointment_id)
        guard(row["staff_id"])
        if row["status"] != AppointmentStatus.BOOKED:
            raise Conflict(
                "not_attendable", "Only a booked appointment can be marked attended.", status=row["status"]
            )
        if row["start_at"] > now:
            raise Conflict("not_started", "This appointment has not begun yet.")
        if row["attendance"] != attendance:
            done = await work.conn.execute(
                update(appointments)
                .where(
                    and_(appointments.c.id == row["id"], appointments.c.status == AppointmentStatus.BOOKED)
                )
                .values(attendance=attendance, updated_at=now)
            )
            if done.rowcount != 1:
                raise Conflict("appointment_changed", "This appointment changed just now. Please reload.")
            await record(work, tenant_id, APPOINTMENT, row["id"], _LINE[attendance])
        (marked,) = await tenant_shapes(work.conn, tenant_id, [row["id"]])
        if row["attendance"] != attendance:
            work.emit(Event(tenant_id, "appointment.updated", marked))
            if row["customer_id"]:
                work.emit(changed(tenant_id, row["customer_id"]))
    return marked


async def summary(
    conn: AsyncConnection, tenant_id: str, customer_id: str, zone: ZoneInfo
) -> AttendanceSummary:
    """How often the customer came and did not come, and the no-shows, latest first."""
    theirs = and_(
        appointments.c.tenant_id == tenant_id,
        appointments.c.customer_id == customer_id,
        appointments.c.status == AppointmentStatus.BOOKED,
    )
    counts: dict[str, int] = dict(
        (
            await conn.execute(
                select(appointments.c.attendance, func.count())
                .where(and_(theirs, appointments.c.attendance.is_not(None)))
                .group_by(appointments.c.attendance)
            )
        ).all()
    )
    missed = await conn.execute(
        appointment_query()
        .where(and_(theirs, appointments.c.attendance == Attendance.NO_SHOW))
        .order_by(appointments.c.start_at.desc(), appointments.c.id.desc())
        .limit(MOST_LISTED)
    )
    return AttendanceSummary(
        attended=counts.get(Attendance.ATTENDED, 0),
        no_show=counts.get(Attendance.NO_SHOW, 0),
        no_shows=[appointment_shape(dict(r._mapping), zone) for r in missed],
    )
