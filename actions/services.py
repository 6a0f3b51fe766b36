"""The services a business offers: name, duration, colour, buffers, and which calendars offer each."""

from __future__ import annotations

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.business import DEFAULT_COLORS, setup_changed
from actions.context import Deps
from actions.errors import BadInput, NotFound
from contract.services import NewService, Service, ServiceChange
from store.queries import new_id, owned
from store.schema import service_staff, services, staff


async def _offer(conn: AsyncConnection, tenant_id: str, service_id: str, staff_ids: list[str]) -> None:
    staff_ids = list(dict.fromkeys(staff_ids))
    known = {row.id for row in await conn.execute(select(staff.c.id).where(staff.c.tenant_id == tenant_id))}
    if not set(staff_ids) <= known:
        raise NotFound("A calendar in staff_ids")
    await conn.execute(delete(service_staff).where(service_staff.c.service_id == service_id))
    for staff_id in staff_ids:
        await conn.execute(insert(service_staff).values(service_id=service_id, staff_id=staff_id))


def _check_series_online(count: int | None) -> None:
    """A series online has at least two dates; one date is a single booking."""
    if count == 1:
        raise BadInput(
            "invalid_series_online",
            "A series online needs at least 2 dates (0 turns it off).",
            field="series_online",
        )


async def add(deps: Deps, tenant_id: str, new: NewService) -> str:
    """A new service; offered by the owner's calendar unless `staff_ids` says which calendars offer it."""
    _check_series_online(new.series_online)
    values = new.model_dump(exclude_none=True, exclude={"staff_ids"})
    if "color" in values:
        values["color"] = values["color"].lower()
    service_id = new_id()
    async with deps.work() as work:
        conn = work.conn
        staff_ids = new.staff_ids
        if staff_ids is None:
            owner = await conn.execute(
                select(staff.c.id)
                .where(staff.c.tenant_id == tenant_id)
                .order_by(staff.c.user_id.is_(None), staff.c.position)
                .limit(1)
            )
            staff_ids = [owner.scalar_one()]
        count = len(
            (await conn.execute(select(services.c.id).where(services.c.tenant_id == tenant_id))).all()
        )
        values.setdefault("color", DEFAULT_COLORS[count % len(DEFAULT_COLORS)])
        await conn.execute(
            insert(services).values(id=service_id, tenant_id=tenant_id, created_at=deps.clock(), **values)
        )
        await _offer(conn, tenant_id, service_id, staff_ids)
        work.emit_all(setup_changed(tenant_id))
    return service_id


async def change(deps: Deps, tenant_id: str, service_id: str, changes: ServiceChange) -> Service:
    """Edits a service; appointments already made keep their times."""
    _check_series_online(changes.series_online)
    values = changes.model_dump(exclude_unset=True, exclude_none=True, exclude={"staff_ids"})
    if "price_cents" in changes.model_fields_set:
        values["price_cents"] = changes.price_cents  # null takes the price away
    if "color" in values:
        values["color"] = values["color"].lower()
    async with deps.work() as work:
        row = await owned(work.conn, services, tenant_id, service_id)
        if not row or row["deleted_at"] is not None:
            raise NotFound("The service")
        if values:
            await work.conn.execute(update(services).where(services.c.id == service_id).values(**values))
        if changes.staff_ids is not None:
            await _offer(work.conn, tenant_id, service_id, changes.staff_ids)
        work.emit_all(setup_changed(tenant_id))
    return next(s for s in await listed(deps, tenant_id) if s.id == service_id)


async def listed(deps: Deps, tenant_id: str) -> list[Service]:
    """The services still offered, each with the calendars that offer it."""
    async with deps.store.read() as conn:
        rows = (
            await conn.execute(
                select(services)
                .where(and_(services.c.tenant_id == tenant_id, services.c.deleted_at.is_(None)))
                .order_by(services.c.created_at, services.c.name)
            )
        ).all()
        offered = (
            await conn.execute(
                select(service_staff).where(service_staff.c.service_id.in_([r.id for r in rows]))
            )
        ).all()
    staff_of: dict[str, list[str]] = {}
    for link in offered:
        staff_of.setdefault(link.service_id, []).append(link.staff_id)
    return [
        Service(
            id=r.id,
            name=r.name,
            duration_minutes=r.duration_minutes,
            color=r.color,
            buffer_before_minutes=r.buffer_before_minutes,
            buffer_after_minutes=r.buffer_after_minutes,
            staff_ids=staff_of.get(r.id, []),
            reminders=r.reminders,
            price_cents=r.price_cents,
            series_online=r.series_online or 0,
        )
        for r in rows
    ]


async def remove(deps: Deps, tenant_id: str, service_id: str) -> None:
    """Stops new bookings of the service; past and booked appointments keep it."""
    async with deps.work() as work:
        row = await owned(work.conn, services, tenant_id, service_id)
        if not row or row["deleted_at"] is not None:
            raise NotFound("The service")
        await work.conn.execute(
            update(services).where(services.c.id == service_id).values(deleted_at=deps.clock())
        )
        work.emit_all(setup_changed(tenant_id))
