"""The services a business offers: name, duration, colour, buffers, and which calendars offer each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.business import COLOR, DEFAULT_COLORS, setup_changed
from actions.context import Deps
from actions.errors import BadInput, NotFound
from actions.text import single_line
from store.queries import new_id, owned
from store.schema import service_staff, services, staff

EDITABLE = ("name", "duration_minutes", "color", "buffer_before_minutes", "buffer_after_minutes", "staff_ids")


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    """Checks the fields given; a field left out is not checked (nor changed)."""
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in EDITABLE:
            raise BadInput("invalid_field", f"A service has no field {key!r}.", field=key)
        if key == "name":
            if not isinstance(value, str) or not value.strip() or len(value) > 200:
                raise BadInput("invalid_name", "Please give the service a name.", field="name")
            values[key] = single_line(value.strip(), key)
        elif key == "duration_minutes":
            if isinstance(value, bool) or not isinstance(value, int) or not 5 <= value <= 24 * 60:
                raise BadInput("invalid_duration", "A service lasts from 5 minutes to 24 hours.", field=key)
            values[key] = value
        elif key in ("buffer_before_minutes", "buffer_after_minutes"):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 240:
                raise BadInput("invalid_buffer", "A buffer lasts from 0 to 240 minutes.", field=key)
            values[key] = value
        elif key == "color":
            if value is not None and (not isinstance(value, str) or not COLOR.match(value)):
                raise BadInput("invalid_color", "A colour is written #rrggbb.", field="color")
            if value is not None:
                values[key] = value.lower()
        elif key == "staff_ids":
            if value is not None and (
                not isinstance(value, list) or not all(isinstance(s, str) for s in value)
            ):
                raise BadInput("invalid_field", "staff_ids must be a list of calendar ids.", field=key)
            if value is not None:
                values[key] = list(dict.fromkeys(value))
    return values


async def _offer(conn: AsyncConnection, tenant_id: str, service_id: str, staff_ids: list[str]) -> None:
    known = {row.id for row in await conn.execute(select(staff.c.id).where(staff.c.tenant_id == tenant_id))}
    if not set(staff_ids) <= known:
        raise NotFound("A calendar in staff_ids")
    await conn.execute(delete(service_staff).where(service_staff.c.service_id == service_id))
    for staff_id in staff_ids:
        await conn.execute(insert(service_staff).values(service_id=service_id, staff_id=staff_id))


async def add(deps: Deps, tenant_id: str, data: dict[str, Any]) -> str:
    """A new service; offered by the owner's calendar unless `staff_ids` says which calendars offer it."""
    values = _clean({k: v for k, v in data.items() if v is not None or k == "name"})
    if "name" not in values:
        raise BadInput("missing_field", "name is required.", field="name")
    if "duration_minutes" not in values:
        raise BadInput("missing_field", "duration_minutes is required.", field="duration_minutes")
    staff_ids = values.pop("staff_ids", None)
    service_id = new_id()
    async with deps.store.write() as conn:
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
    await deps.notify(setup_changed(tenant_id))
    return service_id


async def change(deps: Deps, tenant_id: str, service_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Edits a service; appointments already made keep their times."""
    values = _clean(data)
    staff_ids = values.pop("staff_ids", None)
    async with deps.store.write() as conn:
        row = await owned(conn, services, tenant_id, service_id)
        if not row or row["deleted_at"] is not None:
            raise NotFound("The service")
        if values:
            await conn.execute(update(services).where(services.c.id == service_id).values(**values))
        if staff_ids is not None:
            await _offer(conn, tenant_id, service_id, staff_ids)
    await deps.notify(setup_changed(tenant_id))
    return next(s for s in await listed(deps, tenant_id) if s["id"] == service_id)


async def listed(deps: Deps, tenant_id: str) -> list[dict[str, Any]]:
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
        {
            "id": r.id,
            "name": r.name,
            "duration_minutes": r.duration_minutes,
            "color": r.color,
            "buffer_before_minutes": r.buffer_before_minutes,
            "buffer_after_minutes": r.buffer_after_minutes,
            "staff_ids": staff_of.get(r.id, []),
        }
        for r in rows
    ]


async def remove(deps: Deps, tenant_id: str, service_id: str) -> None:
    """Stops new bookings of the service; past and booked appointments keep it."""
    async with deps.store.write() as conn:
        row = await owned(conn, services, tenant_id, service_id)
        if not row or row["deleted_at"] is not None:
            raise NotFound("The service")
        await conn.execute(
            update(services).where(services.c.id == service_id).values(deleted_at=deps.clock())
        )
    await deps.notify(setup_changed(tenant_id))
