""" "This and the following": moving or cancelling an appointment of a series together with every
later one of it. A move shifts them all by the same time, all or none; "only this one" is the
single appointment's own move and cancel (actions/appointments.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select, update

from actions.appointments import _tenant, in_the_way, own_appointment
from actions.context import Deps, Guard, Work
from actions.customer_mail import mail_cancelled
from actions.errors import BadInput, Conflict
from actions.history import APPOINTMENT, record, record_change, record_expired
from actions.series import conflict_of, series_taken
from actions.series_mail import mail_series
from actions.views import tenant_shapes
from contract.enums import MOVABLE_STATUSES, AppointmentStatus, SlotState
from contract.history import Action
from contract.series import FollowingCancel, FollowingMove, SeriesAppointments
from realtime.events import Event, holds_released, slot_changed
from scheduling import Interval
from store import SlotTaken, Stalled
from store.queries import Row, lock_calendars, release_expired_holds
from store.schema import appointments


async def _following(work: Work, tenant_id: str, row: Row) -> list[Row]:
    """The appointment `row` and the later ones of its series still booked or requested, in order."""
    if row["series_id"] is None:
        raise BadInput("not_in_series", "This appointment is not part of a series.")
    query = (
        select(appointments)
        .where(
            and_(
                appointments.c.tenant_id == tenant_id,
                appointments.c.series_id == row["series_id"],
                appointments.c.start_at >= row["start_at"],
                appointments.c.status.in_(MOVABLE_STATUSES),
            )
        )
        .order_by(appointments.c.start_at, appointments.c.id)
    )
    return [dict(r._mapping) for r in await work.conn.execute(query)]


async def move_following(
    deps: Deps, tenant_id: str, appointment_id: str, move: FollowingMove, *, guard: Guard
) -> SeriesAppointments:
    """Moves the appointment to `move.start` and every later one of its series by the same time;
    409 `slot_taken` listing every date in the way, and then nothing moves."""
    now = deps.clock()
    async with deps.store.read() as conn:
        first = await own_appointment(conn, tenant_id, appointment_id)
        guard(first["staff_id"])
    if move.start < now:
        raise BadInput("in_past", "An appointment cannot be moved into the past.", field="start")
    try:
        async with deps.work() as work:
            tenant = await _tenant(work.conn, tenant_id)
            first = await own_appointment(work.conn, tenant_id, appointment_id)  # again, inside the write
            if first["status"] not in MOVABLE_STATUSES:
                raise Conflict(
                    "not_movable",
                    "Only booked and requested appointments can be moved.",
                    status=first["status"],
                )
            rows = await _following(work, tenant_id, first)
            calendars = sorted({r["staff_id"] for r in rows})
            for staff_id in calendars:
                guard(staff_id)
            await lock_calendars(work.conn, tenant_id, calendars, exclusive=False)
            delta = move.start - first["start_at"]
            moving = {r["id"] for r in rows}
            released: list[str] = []
            for staff_id in calendars:
                released += await release_expired_holds(work.conn, now, staff_id=staff_id)
            await record_expired(work, tenant_id, released)
            conflicts: list[dict[str, Any]] = []
            for r in rows:
                slot = Interval(r["start_at"] + delta, r["end_at"] + delta)
                in_way = [
                    o
                    for o in await in_the_way(work.conn, tenant_id, r["staff_id"], slot, exclude=r["id"])
                    if o.id not in moving
                ]
                if in_way:
                    conflicts.append(conflict_of(slot, in_way, tenant))
            if conflicts:
                raise series_taken(conflicts)
            # Each moves into time the others have left already: the latest first when moving on,
            # the earliest first when moving back, so the database's guard never sees two overlap.
            for r in reversed(rows) if delta.total_seconds() > 0 else rows:
                values = {
                    "start_at": r["start_at"] + delta,
                    "end_at": r["end_at"] + delta,
                    "sequence": appointments.c.sequence + 1,
                    "updated_at": now,
                }
                await work.conn.execute(
                    update(appointments).where(appointments.c.id == r["id"]).values(**values)
                )
                await record_change(work, tenant_id, r, values)
            ids = [r["id"] for r in rows]
            if (move.notify or move.message) and await mail_series(
                work.conn, deps.settings, tenant, ids, now, kind="series_moved", message=move.message
            ):
                work.mailed()
            after = await tenant_shapes(work.conn, tenant_id, ids)
            work.emit_all(holds_released(tenant_id, await tenant_shapes(work.conn, tenant_id, released)))
            for r, shown in zip(rows, after, strict=True):
                old_place = shown.model_copy(
                    update={
                        "start": r["start_at"].astimezone(tenant.zone),
                        "end": r["end_at"].astimezone(tenant.zone),
                    }
                )
                work.emit(
                    Event(tenant_id, "appointment.updated", shown),
                    slot_changed(tenant_id, old_place, SlotState.FREE),
                    slot_changed(tenant_id, shown, SlotState.BOOKED),
                )
    except (SlotTaken, Stalled) as error:  # a writer that had not finished when we looked
        raise Conflict("slot_taken", "Something else was booked into these times just now.") from error
    return SeriesAppointments(appointments=after)


async def cancel_following(
    deps: Deps, tenant_id: str, appointment_id: str, cancel: FollowingCancel, *, guard: Guard
) -> SeriesAppointments:
    """Cancels the appointment and every later one of its series; the customer gets one mail
    listing them, with the calendar entries that take them out of their calendar."""
    now = deps.clock()
    async with deps.work() as work:
        first = await own_appointment(work.conn, tenant_id, appointment_id)
        guard(first["staff_id"])
        rows = await _following(work, tenant_id, first)
        for staff_id in {r["staff_id"] for r in rows}:
            guard(staff_id)
        ids = [r["id"] for r in rows]
        for r in rows:
            done = await work.conn.execute(
                update(appointments)
                .where(and_(appointments.c.id == r["id"], appointments.c.status == r["status"]))
                .values(
                    status=AppointmentStatus.CANCELLED, updated_at=now, sequence=appointments.c.sequence + 1
                )
            )
            if done.rowcount != 1:
                raise Conflict(
                    "appointment_changed", "An appointment of this series changed just now. Please reload."
                )
            await record(work, tenant_id, APPOINTMENT, r["id"], Action.CANCELLED)
        tenant = await _tenant(work.conn, tenant_id)
        if ids and await mail_cancelled(work.conn, deps.settings, tenant, ids, cancel.message, now) > 0:
            work.mailed()
        cancelled = await tenant_shapes(work.conn, tenant_id, ids)
        for shown in cancelled:
            work.emit(
                Event(tenant_id, "appointment.cancelled", shown),
                slot_changed(tenant_id, shown, SlotState.FREE),
            )
    return SeriesAppointments(appointments=cancelled)
