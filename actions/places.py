"""Locations and calendars that stop being used: they are deactivated, never deleted, so their past
appointments keep their place; and the team's calendars renamed, coloured and put in order.

A location or calendar with appointments ahead cannot be deactivated: the answer lists them, to be
moved or cancelled first, since a customer expects the appointment they were given.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.business import list_staff, locations_of, setup_changed
from actions.context import Deps
from actions.errors import BadInput, Conflict, NotFound
from actions.licence_limits import check_room
from actions.views import appointment_shape
from contract.business import Calendar, CalendarChange, CalendarOrder, Location
from contract.enums import AppointmentStatus
from store.queries import appointment_query, lock_calendars, owned, tenant_by_id
from store.schema import ACTIVE_STATUSES, appointments, locations, staff


def _ahead(now: datetime) -> ColumnElement[bool]:
    """Appointments that still take place: booked, requested, or a hold whose time has not run out."""
    held_on = and_(appointments.c.status == AppointmentStatus.HELD, appointments.c.expires_at > now)
    return and_(
        appointments.c.end_at > now,
        appointments.c.status.in_(ACTIVE_STATUSES),
        or_(appointments.c.status != AppointmentStatus.HELD, held_on),
    )


async def _refuse_if_ahead(
    conn: AsyncConnection, tenant_id: str, where: ColumnElement[bool], now: datetime
) -> None:
    rows = (
        await conn.execute(
            appointment_query()
            .where(and_(appointments.c.tenant_id == tenant_id, where, _ahead(now)))
            .order_by(appointments.c.start_at, appointments.c.id)
        )
    ).all()
    if not rows:
        return
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    raise Conflict(
        "has_appointments",
        "Appointments lie ahead here. Move or cancel them first.",
        appointments=[appointment_shape(dict(r._mapping), tenant.zone).model_dump(mode="json") for r in rows],
    )


async def _in_use(conn: AsyncConnection, table: Table, tenant_id: str) -> int:
    """How many of the business's locations or calendars (`table`) are in use."""
    query = select(func.count()).where(and_(table.c.tenant_id == tenant_id, table.c.deactivated_at.is_(None)))
    return int((await conn.execute(query)).scalar_one())


async def deactivate_location(deps: Deps, tenant_id: str, location_id: str) -> Location:
    """Takes a location out of use; 409 `has_appointments` lists what still lies ahead there, and
    409 `last_location` keeps the business from having none."""
    now = deps.clock()
    async with deps.work() as work:
        place = await owned(work.conn, locations, tenant_id, location_id)
        if not place:
            raise NotFound("The location")
        if place["deactivated_at"] is None:
            if await _in_use(work.conn, locations, tenant_id) < 2:
                raise Conflict("last_location", "The business needs at least one location in use.")
            await _refuse_if_ahead(work.conn, tenant_id, appointments.c.location_id == location_id, now)
            await work.conn.execute(
                update(locations).where(locations.c.id == location_id).values(deactivated_at=now)
            )
            work.emit_all(setup_changed(tenant_id))
    return await _location(deps, tenant_id, location_id)


async def activate_location(deps: Deps, tenant_id: str, location_id: str) -> Location:
    """Puts a deactivated location back in use, with the hours it had."""
    async with deps.work() as work:
        place = await owned(work.conn, locations, tenant_id, location_id)
        if not place:
            raise NotFound("The location")
        if place["deactivated_at"] is not None:
            await check_room(work.conn, deps.settings, tenant_id, "locations")
        await work.conn.execute(
            update(locations).where(locations.c.id == location_id).values(deactivated_at=None)
        )
        work.emit_all(setup_changed(tenant_id))
    return await _location(deps, tenant_id, location_id)


async def _location(deps: Deps, tenant_id: str, location_id: str) -> Location:
    return next(p for p in await locations_of(deps, tenant_id, inactive=True) if p.id == location_id)


async def _calendar(deps: Deps, tenant_id: str, staff_id: str) -> Calendar:
    return next(c for c in await list_staff(deps, tenant_id, inactive=True) if c.id == staff_id)


async def change_calendar(deps: Deps, tenant_id: str, staff_id: str, changes: CalendarChange) -> Calendar:
    """Renames a calendar or gives it another colour."""
    values: dict[str, Any] = changes.model_dump(exclude_none=True)
    async with deps.work() as work:
        if not await owned(work.conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
        if values:
            await work.conn.execute(update(staff).where(staff.c.id == staff_id).values(**values))
        work.emit_all(setup_changed(tenant_id))
    return await _calendar(deps, tenant_id, staff_id)


async def order_calendars(deps: Deps, tenant_id: str, order: CalendarOrder) -> list[Calendar]:
    """Puts the active calendars in the order given, which must name each of them once; deactivated
    ones follow them."""
    async with deps.work() as work:
        rows = (
            await work.conn.execute(
                select(staff.c.id, staff.c.deactivated_at)
                .where(staff.c.tenant_id == tenant_id)
                .order_by(staff.c.position, staff.c.created_at)
            )
        ).all()
        active = {r.id for r in rows if r.deactivated_at is None}
        if len(order.staff_ids) != len(set(order.staff_ids)) or set(order.staff_ids) != active:
            raise BadInput("invalid_order", "Name every calendar in use exactly once.", field="staff_ids")
        resting = [r.id for r in rows if r.deactivated_at is not None]
        for position, staff_id in enumerate([*order.staff_ids, *resting]):
            await work.conn.execute(update(staff).where(staff.c.id == staff_id).values(position=position))
        work.emit_all(setup_changed(tenant_id))
    return await list_staff(deps, tenant_id, inactive=True)


async def deactivate_calendar(deps: Deps, tenant_id: str, staff_id: str) -> Calendar:
    """Takes a calendar out of use; 409 `has_appointments` lists what still lies ahead in it, and
    409 `last_calendar` keeps the business from having none."""
    now = deps.clock()
    async with deps.work() as work:
        row = await owned(work.conn, staff, tenant_id, staff_id)
        if not row:
            raise NotFound("The calendar")
        if row["deactivated_at"] is None:
            # Locked first: a booking placed meanwhile is either seen below or waits for this.
            await lock_calendars(work.conn, tenant_id, [staff_id], exclusive=True)
            if await _in_use(work.conn, staff, tenant_id) < 2:
                raise Conflict("last_calendar", "The business needs at least one calendar in use.")
            await _refuse_if_ahead(work.conn, tenant_id, appointments.c.staff_id == staff_id, now)
            await work.conn.execute(update(staff).where(staff.c.id == staff_id).values(deactivated_at=now))
            work.emit_all(setup_changed(tenant_id))
    return await _calendar(deps, tenant_id, staff_id)


async def activate_calendar(deps: Deps, tenant_id: str, staff_id: str) -> Calendar:
    """Puts a deactivated calendar back in use, with its hours and services."""
    async with deps.work() as work:
        row = await owned(work.conn, staff, tenant_id, staff_id)
        if not row:
            raise NotFound("The calendar")
        if row["deactivated_at"] is not None:
            await check_room(work.conn, deps.settings, tenant_id, "calendars")
        await work.conn.execute(update(staff).where(staff.c.id == staff_id).values(deactivated_at=None))
        work.emit_all(setup_changed(tenant_id))
    return await _calendar(deps, tenant_id, staff_id)
