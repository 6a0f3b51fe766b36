"""The desk's side of appointments: listing a range, and booking into a calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, insert, select

from actions import customers as customer_records
from actions.context import Deps
from actions.errors import BadInput, Conflict, NotFound
from actions.views import appointment_view
from realtime.events import Event, slot_changed
from scheduling import Busy, Interval, find_conflicts
from store import SlotTaken
from store.queries import (
    active_in_calendar,
    appointment,
    appointment_query,
    new_id,
    owned,
    release_expired_holds,
    tenant_by_id,
)
from store.schema import appointments, locations, service_staff, services, staff


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
            appointments.c.start_at < end,
            appointments.c.end_at > start,
        )
    )
    if staff_id is not None:
        query = query.where(appointments.c.staff_id == staff_id)
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        rows = (await conn.execute(query.order_by(appointments.c.start_at))).all()
    assert tenant is not None
    zone = ZoneInfo(tenant["timezone"])
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
        raise BadInput(
            "invalid_customer", "Give either customer_id or new_customer.", field="customer_id"
        )
    new_values = (
        customer_records.clean_new_customer(new_customer) if new_customer is not None else None
    )
    async with deps.store.read() as conn:
        if not await owned(conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
        if not await owned(conn, locations, tenant_id, location_id):
            raise NotFound("The location")
        service = await owned(conn, services, tenant_id, service_id)
        if not service or service["deleted_at"] is not None:
            raise NotFound("The service")
        if customer_id is not None and not await customer_records.exists(
            conn, tenant_id, customer_id
        ):
            raise NotFound("The customer")
    end = start + timedelta(minutes=service["duration_minutes"])
    appointment_id = new_id()
    async with deps.locks.calendar(staff_id):
        try:
            async with deps.store.write() as conn:
                released = await release_expired_holds(conn, now, staff_id=staff_id)
                in_way = find_conflicts(
                    [
                        Busy(Interval(r["start_at"], r["end_at"]), r["id"])
                        for r in await active_in_calendar(conn, [staff_id], start, end)
                    ],
                    Interval(start, end),
                )
                if in_way:
                    raise _taken(await _views(conn, tenant_id, [b.ref for b in in_way]))
                if new_values is not None:
                    customer_id = await customer_records.insert_customer(
                        conn, tenant_id, new_values, now
                    )
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
                booked = await _views(conn, tenant_id, [appointment_id])
                gone = await _views(conn, tenant_id, released)
        except SlotTaken as error:
            raise Conflict(
                "slot_taken", "Something else was booked into this time just now."
            ) from error
    view = booked[0]
    events = [
        Event(tenant_id, "appointment.created", view),
        slot_changed(tenant_id, view, "booked"),
    ]
    await deps.notify(released_events(tenant_id, gone) + events)
    return view


def released_events(tenant_id: str, views: list[dict[str, Any]]) -> list[Event]:
    events = []
    for view in views:
        events.append(Event(tenant_id, "hold.released", view))
        events.append(slot_changed(tenant_id, view, "free"))
    return events


def _taken(in_way: list[dict[str, Any]]) -> Conflict:
    return Conflict(
        "slot_taken",
        "This time is taken in that calendar.",
        conflicts=[
            {"id": a["id"], "start": a["start"], "end": a["end"], "status": a["status"]}
            for a in in_way
        ],
    )


async def _views(conn: Any, tenant_id: str, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    zone = ZoneInfo(tenant["timezone"])
    rows = await conn.execute(appointment_query().where(appointments.c.id.in_(ids)))
    return [appointment_view(dict(r._mapping), zone) for r in rows]


async def offers(conn: Any, service_id: str, staff_id: str) -> bool:
    row = await conn.execute(
        select(service_staff).where(
            and_(service_staff.c.service_id == service_id, service_staff.c.staff_id == staff_id)
        )
    )
    return row.first() is not None


__all__ = ["appointment", "book", "list_range", "offers", "released_events"]
