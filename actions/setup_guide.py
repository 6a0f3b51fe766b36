"""The guided set-up after sign-up: which of the steps that make the booking page work are done,
read from the business's data where it shows them, and the steps marked done by hand."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.licence_limits import takes_online_bookings
from contract.setup_guide import MARKED_BY_HAND, Checklist, SetupStep, SetupStepKey
from store.queries import tenant_by_id
from store.schema import locations, service_staff, services, setup_marks, staff, staff_hours


def _opens(weekly: Any) -> bool:
    """Whether weekly hours ({"mon": [["08:00", "12:00"]], …}) hold any time at all."""
    return isinstance(weekly, dict) and any(ranges for ranges in weekly.values())


async def _bookable_calendar(conn: AsyncConnection, tenant_id: str) -> bool:
    """Whether a calendar in use offers a service still offered, with hours at a location in use
    that opens: its own hours there, or, for a person's own calendar at the first location, the
    opening hours (as availability reads them)."""
    places = (
        await conn.execute(
            select(locations.c.id, locations.c.opening_hours)
            .where(and_(locations.c.tenant_id == tenant_id, locations.c.deactivated_at.is_(None)))
            .order_by(locations.c.created_at, locations.c.id)
        )
    ).all()
    opening = {place.id: _opens(place.opening_hours) for place in places}
    if not any(opening.values()):
        return False
    offering = (
        await conn.execute(
            select(staff.c.id, staff.c.user_id)
            .select_from(
                staff.join(service_staff, service_staff.c.staff_id == staff.c.id).join(
                    services, services.c.id == service_staff.c.service_id
                )
            )
            .where(
                and_(
                    staff.c.tenant_id == tenant_id,
                    staff.c.deactivated_at.is_(None),
                    services.c.deleted_at.is_(None),
                )
            )
            .distinct()
        )
    ).all()
    if not offering:
        return False
    hours = (
        await conn.execute(
            select(staff_hours.c.staff_id, staff_hours.c.location_id, staff_hours.c.weekly).where(
                staff_hours.c.staff_id.in_([row.id for row in offering])
            )
        )
    ).all()
    with_hours = {row.staff_id for row in hours}
    if any(opening.get(row.location_id) and _opens(row.weekly) for row in hours):
        return True
    first = places[0].id
    return opening[first] and any(row.user_id is not None and row.id not in with_hours for row in offering)


async def _marked(conn: AsyncConnection, tenant_id: str) -> set[str]:
    rows = await conn.execute(select(setup_marks.c.step).where(setup_marks.c.tenant_id == tenant_id))
    return {row.step for row in rows}


async def checklist(deps: Deps, tenant_id: str) -> Checklist:
    """Each step of the set-up, done or not, and whether customers can book online already."""
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        places = (
            await conn.execute(
                select(locations.c.opening_hours).where(
                    and_(locations.c.tenant_id == tenant_id, locations.c.deactivated_at.is_(None))
                )
            )
        ).all()
        offered = (
            await conn.execute(
                select(services.c.id)
                .where(and_(services.c.tenant_id == tenant_id, services.c.deleted_at.is_(None)))
                .limit(1)
            )
        ).first()
        calendars = await _bookable_calendar(conn, tenant_id)
        marked = await _marked(conn, tenant_id)
        licensed = await takes_online_bookings(conn, deps.settings, tenant, deps.clock())
    done = {
        SetupStepKey.VERIFIED: tenant.owner_verified_at is not None,
        SetupStepKey.COMPANY: bool(tenant.address or tenant.phone or tenant.email),
        SetupStepKey.OPENING_HOURS: any(_opens(place.opening_hours) for place in places),
        SetupStepKey.SERVICES: offered is not None,
        SetupStepKey.CALENDARS: calendars,
    }
    steps = [
        SetupStep(key=key, done=done.get(key, key in marked), marked_by_hand=key in MARKED_BY_HAND)
        for key in SetupStepKey
    ]
    return Checklist(
        steps=steps,
        bookable=all(
            done[key]
            for key in (SetupStepKey.VERIFIED, SetupStepKey.OPENING_HOURS, SetupStepKey.SERVICES)
        )
        and calendars
        and licensed,
        complete=all(step.done for step in steps),
        booking_url=f"{deps.settings.public_url}/book/{tenant.slug}",
    )


async def mark(deps: Deps, tenant_id: str, step: SetupStepKey, done: bool) -> Checklist:
    """Marks a step that no data shows as done (or undone again)."""
    async with deps.work() as work:
        await work.conn.execute(
            delete(setup_marks).where(and_(setup_marks.c.tenant_id == tenant_id, setup_marks.c.step == step))
        )
        if done:
            await work.conn.execute(
                insert(setup_marks).values(tenant_id=tenant_id, step=step.value, marked_at=deps.clock())
            )
    return await checklist(deps, tenant_id)
