"""The desk's side of appointments: listing a range, booking, moving, cancelling, and answering
booking requests. Staff may book and move outside opening hours, never over anything else in the
calendar: another appointment, a pending hold or a closure.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customers as customer_records
from actions.context import Deps
from actions.customer_mail import mail_accepted, mail_cancelled, mail_one
from actions.errors import BadInput, Conflict, Gone, NotFound
from actions.views import appointment_view, local_iso, tenant_views
from realtime.events import Event, slot_changed
from scheduling import Busy, Interval, find_conflicts
from store import SlotTaken, Stalled
from store.queries import (
    active_in_calendar,
    appointment,
    appointment_query,
    closures_touching,
    lock_calendars,
    new_id,
    owned,
    release_expired_holds,
    starts_near,
    tenant_by_id,
)
from store.schema import appointments, locations, services, staff

#: Statuses the desk may move: a pending hold belongs to the customer typing its code.
MOVABLE = ("booked", "requested")


async def list_range(
    deps: Deps, tenant_id: str, start: datetime, end: datetime, staff_id: str | None = None
) -> list[dict[str, Any]]:
    """Everything not released that touches [start, end), cancelled ones included."""
    if end <= start:
        raise BadInput("invalid_range", "`to` must come after `from`.", field="to")
    if end - start > timedelta(days=100):
        raise BadInput("invalid_range", "Ask for at most 100 days at a time.", field="to")
    query = appointment_query().where(
        and_(
            appointments.c.tenant_id == tenant_id,
            appointments.c.status != "released",
            starts_near(start, end),
        )
    )
    if staff_id is not None:
        query = query.where(appointments.c.staff_id == staff_id)
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        rows = (await conn.execute(query.order_by(appointments.c.start_at))).all()
    assert tenant is not None
    zone = ZoneInfo(tenant.timezone)
    return [appointment_view(dict(r._mapping), zone) for r in rows]


async def book(
    deps: Deps,
    tenant_id: str,
    *,
    staff_id: Any,
    location_id: Any,
    service_id: Any,
    start: datetime,
    customer_id: Any = None,
    new_customer: Any = None,
    note: str = "",
) -> dict[str, Any]:
    """A desk booking: may lie outside opening hours, never over anything else in that calendar."""
    now = deps.clock()
    if start < now:
        raise BadInput("in_past", "This time has already passed.", field="start")
    if (customer_id is None) == (new_customer is None):
        raise BadInput("invalid_customer", "Give either customer_id or new_customer.", field="customer_id")
    new_values = (
        customer_records.clean_new_customer(new_customer, now.date()) if new_customer is not None else None
    )
    async with deps.store.read() as conn:
        if not await owned(conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
        if not await owned(conn, locations, tenant_id, location_id):
            raise NotFound("The location")
        service = await owned(conn, services, tenant_id, service_id)
        if not service or service["deleted_at"] is not None:
            raise NotFound("The service")
        if customer_id is not None and not await customer_records.exists(conn, tenant_id, customer_id):
            raise NotFound("The customer")
    end = start + timedelta(minutes=service["duration_minutes"])
    appointment_id = new_id()
    try:
        async with deps.store.write() as conn:
            released = await release_expired_holds(conn, now, staff_id=staff_id)
            in_way = await in_the_way(conn, tenant_id, staff_id, Interval(start, end))
            if in_way:
                raise _taken(in_way)
            if new_values is not None:
                customer_id = await customer_records.insert_customer(conn, tenant_id, new_values, now)
            else:
                # Erased a moment ago by another desk? Then there is no one to book for.
                await customer_records.own(conn, tenant_id, customer_id, lock="share")
            await conn.execute(
                insert(appointments).values(
                    id=appointment_id,
                    tenant_id=tenant_id,
                    staff_id=staff_id,
                    location_id=location_id,
                    service_id=service_id,
                    customer_id=customer_id,
                    start_at=start,
                    end_at=end,
                    status="booked",
                    note=note,
                    source="desk",
                    created_at=now,
                    updated_at=now,
                )
            )
            booked = await tenant_views(conn, tenant_id, [appointment_id])
            gone = await tenant_views(conn, tenant_id, released)
    except (SlotTaken, Stalled) as error:  # taken, or being taken by a writer that has not finished yet
        raise Conflict("slot_taken", "Something else was booked into this time just now.") from error
    view = booked[0]
    events = [
        Event(tenant_id, "appointment.created", view),
        slot_changed(tenant_id, view, "booked"),
    ]
    if new_values is not None:
        events.append(customer_records.changed(tenant_id, view["customer_id"]))
    await deps.notify(released_events(tenant_id, gone) + events)
    return view


async def change(
    deps: Deps,
    tenant_id: str,
    appointment_id: str,
    *,
    start: datetime | None = None,
    staff_id: str | None = None,
    note: str | None = None,
    message: str = "",
) -> dict[str, Any]:
    """Moves an appointment (another start, another calendar) and changes its note.

    A move may leave opening hours but not go into the past or over anything in the target
    calendar. `message` is mailed to the customer where an address is known.
    """
    now = deps.clock()
    async with deps.store.read() as conn:
        before = await _own(conn, tenant_id, appointment_id)
        if staff_id is not None and not await owned(conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
    target = staff_id or before["staff_id"]
    if start is not None and start != before["start_at"] and start < now:
        raise BadInput("in_past", "An appointment cannot be moved into the past.", field="start")
    moving = target != before["staff_id"] or (start is not None and start != before["start_at"])
    calendars = [before["staff_id"], target] if moving else []
    try:
        async with deps.store.write() as conn:
            if calendars:
                await lock_calendars(conn, tenant_id, calendars, exclusive=False)
            tenant = await tenant_by_id(conn, tenant_id)
            assert tenant is not None
            zone = ZoneInfo(tenant.timezone)
            row = await _own(conn, tenant_id, appointment_id)  # again, now under the locks
            new_start = start or row["start_at"]
            moving = target != row["staff_id"] or new_start != row["start_at"]
            values: dict[str, Any] = {"updated_at": now}
            released: list[str] = []
            if moving:
                if row["status"] not in MOVABLE:
                    raise Conflict(
                        "not_movable",
                        "Only booked and requested appointments can be moved.",
                        status=row["status"],
                    )
                slot = Interval(new_start, new_start + (row["end_at"] - row["start_at"]))
                released = await release_expired_holds(conn, now, staff_id=target)
                in_way = await in_the_way(conn, tenant_id, target, slot, exclude=row["id"])
                if in_way:
                    raise _taken(in_way)
                values.update(staff_id=target, start_at=slot.start, end_at=slot.end)
            if note is not None:
                values["note"] = note
            await conn.execute(
                update(appointments).where(appointments.c.id == row["id"]).values(**values)
            )
            mailed = bool(message) and await mail_one(
                conn,
                tenant,
                "appointment_changed",
                row["id"],
                message,
                now,
                moved=moving,
                old_when=row["start_at"],
            )
            after = (await tenant_views(conn, tenant_id, [row["id"]]))[0]
            gone = await tenant_views(conn, tenant_id, released)
    except (SlotTaken, Stalled) as error:  # taken, or being taken by a writer that has not finished yet
        raise Conflict("slot_taken", "Something else was booked into this time just now.") from error
    events = released_events(tenant_id, gone) + [Event(tenant_id, "appointment.updated", after)]
    if moving:
        old_place = after | {
            "staff_id": row["staff_id"],
            "start": local_iso(row["start_at"], zone),
            "end": local_iso(row["end_at"], zone),
        }
        events += [
            slot_changed(tenant_id, old_place, "free"),
            slot_changed(tenant_id, after, "booked"),
        ]
    await deps.notify(events, mail=mailed)
    return after


async def cancel(deps: Deps, tenant_id: str, appointment_id: str, *, message: str = "") -> dict[str, Any]:
    """Cancels an appointment and tells the customer where an address is known.

    A pending hold is released instead (its status becomes `released`); cancelling twice is
    harmless and sends nothing the second time.
    """
    now = deps.clock()
    async with deps.store.write() as conn:
        row = await _own(conn, tenant_id, appointment_id)
        if row["status"] == "cancelled":
            return (await tenant_views(conn, tenant_id, [row["id"]]))[0]
        if row["status"] == "released":
            raise Gone("hold_released", "This online booking was released already.")
        status = "released" if row["status"] == "held" else "cancelled"
        await _set_status(conn, row, status, now)
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        mailed = await mail_cancelled(conn, tenant, [row["id"]], message, now) > 0
        view = (await tenant_views(conn, tenant_id, [row["id"]]))[0]
    if status == "released":
        await deps.notify(released_events(tenant_id, [view]), mail=mailed)
    else:
        await deps.notify(
            [
                Event(tenant_id, "appointment.cancelled", view),
                slot_changed(tenant_id, view, "free"),
            ],
            mail=mailed,
        )
    return view


async def decide(
    deps: Deps, tenant_id: str, appointment_id: str, *, accept: bool, message: str = ""
) -> dict[str, Any]:
    """Accepts (booked) or declines (cancelled) a booking request, and tells the customer."""
    now = deps.clock()
    try:
        async with deps.store.write() as conn:
            row = await _own(conn, tenant_id, appointment_id)
            if row["status"] != "requested":
                raise Conflict(
                    "not_requested",
                    "Only a booking request can be accepted or declined.",
                    status=row["status"],
                )
            await _set_status(conn, row, "booked" if accept else "cancelled", now)
            tenant = await tenant_by_id(conn, tenant_id)
            assert tenant is not None
            if accept:
                mailed = await mail_accepted(conn, deps.settings, tenant, row["id"], message, now)
            else:
                mailed = await mail_one(conn, tenant, "request_declined", row["id"], message, now)
            view = (await tenant_views(conn, tenant_id, [row["id"]]))[0]
    except SlotTaken as error:  # a closure was written over the request meanwhile
        raise Conflict("slot_taken", "This time is closed now.") from error
    if accept:
        events = [
            Event(tenant_id, "appointment.updated", view),
            slot_changed(tenant_id, view, "booked"),
        ]
    else:
        events = [
            Event(tenant_id, "appointment.cancelled", view),
            slot_changed(tenant_id, view, "free"),
        ]
    await deps.notify(events, mail=mailed)
    return view


async def in_the_way(
    conn: AsyncConnection,
    tenant_id: str,
    staff_id: str,
    slot: Interval,
    *,
    exclude: str | None = None,
) -> list[dict[str, Any]]:
    """What in the calendar overlaps `slot`: appointments, pending holds and closures, by start.

    Each is named by `type` ("appointment" with its `status`, or "closure" with its `kind`).
    """
    items: list[Busy[tuple[str, dict[str, Any]]]] = [
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
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    zone = ZoneInfo(tenant.timezone)
    named = []
    for busy in found:
        kind, row = busy.ref
        item = {
            "type": kind,
            "id": row["id"],
            "start": local_iso(row["start_at"], zone),
            "end": local_iso(row["end_at"], zone),
        }
        if kind == "appointment":
            item["status"] = row["status"]
        else:
            item.update(kind=row["kind"], staff_id=row["staff_id"])
        named.append(item)
    return named


def released_events(tenant_id: str, views: list[dict[str, Any]]) -> list[Event]:
    events = []
    for view in views:
        events.append(Event(tenant_id, "hold.released", view))
        events.append(slot_changed(tenant_id, view, "free"))
    return events


def _taken(in_way: list[dict[str, Any]]) -> Conflict:
    return Conflict("slot_taken", "This time is taken in that calendar.", conflicts=in_way)


async def _own(conn: AsyncConnection, tenant_id: str, appointment_id: Any) -> dict[str, Any]:
    """The business's appointment with that id; another business's id is unknown here."""
    row = await appointment(conn, tenant_id, appointment_id) if isinstance(appointment_id, str) else None
    if row is None:
        raise NotFound("The appointment")
    return row


async def _set_status(conn: AsyncConnection, row: dict[str, Any], status: str, now: datetime) -> None:
    """Changes the status only if nobody changed it since `row` was read."""
    done = await conn.execute(
        update(appointments)
        .where(and_(appointments.c.id == row["id"], appointments.c.status == row["status"]))
        .values(status=status, updated_at=now)
    )
    if done.rowcount != 1:
        raise Conflict("appointment_changed", "This appointment changed just now. Please reload.")
