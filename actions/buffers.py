"""A service's buffers at the desk: the time before and after an appointment that online booking
keeps free. The desk is told when a booking or a move would eat into them (409 `buffer_conflict`)
and may book anyway on purpose (`ignore_buffers`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.errors import Conflict
from contract.appointments import Obstacle
from contract.enums import AppointmentStatus
from scheduling import Busy, Interval, find_conflicts, widened
from store.queries import Row, closures_touching, occupying, owned, starts_near, tenant_by_id
from store.schema import appointments, services

#: The longest buffer a service can have (contract/services.py), on either side.
LONGEST_BUFFER = timedelta(minutes=240)


async def buffers_of(conn: AsyncConnection, tenant_id: str, service_id: str) -> tuple[timedelta, timedelta]:
    """The service's buffers before and after, deleted or not: its appointments keep them."""
    row = await owned(conn, services, tenant_id, service_id)
    if row is None:
        return timedelta(0), timedelta(0)
    return timedelta(minutes=row["buffer_before_minutes"]), timedelta(minutes=row["buffer_after_minutes"])


async def buffer_conflicts(
    conn: AsyncConnection,
    tenant_id: str,
    staff_id: str,
    slot: Interval,
    service_id: str,
    *,
    exclude: str | None = None,
) -> list[Obstacle]:
    """What in the calendar meets `slot` once it and its neighbours are widened by their services'
    buffers, as online booking counts it. The caller has made sure nothing overlaps `slot` itself."""
    before, after = await buffers_of(conn, tenant_id, service_id)
    reach = Interval(slot.start - before - LONGEST_BUFFER, slot.end + after + LONGEST_BUFFER)
    rows = await conn.execute(
        select(
            appointments.c.id,
            appointments.c.start_at,
            appointments.c.end_at,
            appointments.c.status,
            services.c.buffer_before_minutes,
            services.c.buffer_after_minutes,
        )
        .select_from(appointments.join(services, services.c.id == appointments.c.service_id))
        .where(
            and_(
                appointments.c.staff_id == staff_id,
                occupying(),
                starts_near(reach.start, reach.end),
            )
        )
    )
    items: list[Busy[tuple[str, Row]]] = []
    for r in rows:
        if r.id == exclude:
            continue
        around = widened(
            Interval(r.start_at, r.end_at),
            timedelta(minutes=r.buffer_before_minutes),
            timedelta(minutes=r.buffer_after_minutes),
        )
        items.append(Busy(around, ("appointment", dict(r._mapping))))
    items += [
        Busy(Interval(c["start_at"], c["end_at"]), ("closure", c))
        for c in await closures_touching(conn, tenant_id, reach.start, reach.end, [staff_id])
    ]
    found = find_conflicts(items, widened(slot, before, after))
    if not found:
        return []
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    return [_obstacle(kind, row, tenant.zone) for kind, row in (busy.ref for busy in found)]


def _obstacle(kind: str, row: Row, zone: Any) -> Obstacle:
    start, end = row["start_at"].astimezone(zone), row["end_at"].astimezone(zone)
    if kind == "appointment":
        return Obstacle(
            type="appointment", id=row["id"], start=start, end=end, status=AppointmentStatus(row["status"])
        )
    return Obstacle(
        type="closure", id=row["id"], start=start, end=end, kind=row["kind"], staff_id=row["staff_id"]
    )


def buffer_conflict(in_way: list[Obstacle]) -> Conflict:
    """The 409 that names what the buffers meet; the desk may then book with `ignore_buffers`."""
    return Conflict(
        "buffer_conflict",
        "The service's buffer time meets something else in this calendar.",
        conflicts=[item.model_dump(mode="json", exclude_unset=True) for item in in_way],
    )
