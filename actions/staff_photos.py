"""A person's photo, shown round beside their name where customers choose who serves them."""

from __future__ import annotations

from sqlalchemy import update

from actions.business import list_staff, setup_changed
from actions.context import Deps
from actions.errors import NotFound
from actions.images import forget_unused_images, store_image
from contract.business import Calendar
from store.queries import owned
from store.schema import staff


async def set_photo(deps: Deps, tenant_id: str, staff_id: str, data: bytes) -> Calendar:
    """Makes `data` the photo of the person of a calendar; the calendar with its new address."""
    async with deps.work() as work:
        if not await owned(work.conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
        digest = await store_image(work.conn, data, deps.clock(), "A photo", "invalid_photo")
        await work.conn.execute(update(staff).where(staff.c.id == staff_id).values(photo=digest))
        await forget_unused_images(work.conn)
        work.emit_all(setup_changed(tenant_id))
    return await _calendar(deps, tenant_id, staff_id)


async def remove_photo(deps: Deps, tenant_id: str, staff_id: str) -> Calendar:
    """The calendar's person shows their initials again instead of a photo."""
    async with deps.work() as work:
        if not await owned(work.conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
        await work.conn.execute(update(staff).where(staff.c.id == staff_id).values(photo=None))
        await forget_unused_images(work.conn)
        work.emit_all(setup_changed(tenant_id))
    return await _calendar(deps, tenant_id, staff_id)


async def _calendar(deps: Deps, tenant_id: str, staff_id: str) -> Calendar:
    return next(c for c in await list_staff(deps, tenant_id, inactive=True) if c.id == staff_id)
