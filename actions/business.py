"""The business's own set-up: locations, calendars, services, settings (signing up is in signup.py)."""

from __future__ import annotations

import re

from sqlalchemy import and_, delete, insert, select, update

from actions import holidays
from actions.context import Deps
from actions.errors import BadInput, NotFound
from actions.images import image_url
from actions.licence_limits import check_room
from contract.business import (
    Calendar,
    CalendarHours,
    HoursSet,
    Location,
    LocationChange,
    NewCalendar,
    NewLocation,
    Settings,
    SettingsChange,
    Weekly,
)
from contract.events import Nothing
from realtime.events import Event
from store.queries import new_id, owned, tenant_by_id
from store.rows import Tenant
from store.schema import locations, staff, staff_hours, tenants

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEFAULT_COLORS = ("#3b82f6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899")


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise BadInput("invalid_email", "Please give a valid e-mail address.", field="email")
    return email


def check_password_rule(password: str) -> str:
    if len(password) < 8:
        raise BadInput("weak_password", "The password needs at least 8 characters.", field="password")
    return password


def setup_changed(tenant_id: str) -> list[Event]:
    """Hours, settings or services changed: booking pages fetch their slots again, and open staff
    calendars fetch the business's set-up again."""
    return [
        Event(tenant_id, "availability.changed", Nothing()),
        Event(tenant_id, "settings.changed", Nothing()),
    ]


async def add_staff(deps: Deps, tenant_id: str, new: NewCalendar) -> str:
    """A calendar for a member of staff who serves customers, after the others."""
    staff_id = new_id()
    async with deps.work() as work:
        await check_room(work.conn, deps.settings, tenant_id, "calendars")
        count = len((await work.conn.execute(select(staff.c.id).where(staff.c.tenant_id == tenant_id))).all())
        await work.conn.execute(
            insert(staff).values(
                id=staff_id, tenant_id=tenant_id, name=new.name, position=count, created_at=deps.clock()
            )
        )
        work.emit_all(setup_changed(tenant_id))
    return staff_id


async def list_staff(deps: Deps, tenant_id: str, *, inactive: bool = False) -> list[Calendar]:
    """The calendars in use in their order (with `inactive` the deactivated ones too, after them),
    each with its bookable hours per location where set."""
    query = select(
        staff.c.id, staff.c.name, staff.c.user_id, staff.c.color, staff.c.deactivated_at, staff.c.photo
    ).where(staff.c.tenant_id == tenant_id)
    if not inactive:
        query = query.where(staff.c.deactivated_at.is_(None))
    async with deps.store.read() as conn:
        rows = (await conn.execute(query.order_by(staff.c.position, staff.c.created_at))).all()
        hours: dict[str, dict[str, Weekly]] = {row.id: {} for row in rows}
        for row in await conn.execute(select(staff_hours).where(staff_hours.c.staff_id.in_(list(hours)))):
            hours[row.staff_id][row.location_id] = row.weekly
    return [
        Calendar(
            id=row.id,
            name=row.name,
            user_id=row.user_id,
            hours=hours[row.id],
            color=row.color,
            active=row.deactivated_at is None,
            photo_url=image_url(row.photo),
        )
        for row in sorted(rows, key=lambda row: row.deactivated_at is not None)
    ]


async def set_staff_hours(deps: Deps, tenant_id: str, staff_id: str, hours: CalendarHours) -> HoursSet:
    """The hours a calendar is bookable at one location, in place of those it had there."""
    async with deps.work() as work:
        if not await owned(work.conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
        if not await owned(work.conn, locations, tenant_id, hours.location_id):
            raise NotFound("The location")
        await work.conn.execute(
            delete(staff_hours).where(
                and_(staff_hours.c.staff_id == staff_id, staff_hours.c.location_id == hours.location_id)
            )
        )
        await work.conn.execute(
            insert(staff_hours).values(staff_id=staff_id, location_id=hours.location_id, weekly=hours.weekly)
        )
        work.emit_all(setup_changed(tenant_id))
    return HoursSet(staff_id=staff_id, location_id=hours.location_id)


async def add_location(deps: Deps, tenant_id: str, new: NewLocation) -> str:
    location_id = new_id()
    async with deps.work() as work:
        await check_room(work.conn, deps.settings, tenant_id, "locations")
        await work.conn.execute(
            insert(locations).values(
                id=location_id,
                tenant_id=tenant_id,
                name=new.name,
                address=new.address,
                phone=new.phone,
                opening_hours=new.opening_hours,
                created_at=deps.clock(),
            )
        )
        work.emit_all(setup_changed(tenant_id))
    return location_id


async def locations_of(deps: Deps, tenant_id: str, *, inactive: bool = False) -> list[Location]:
    """The business's locations in use in the order they were made; with `inactive` the
    deactivated ones too."""
    query = select(locations).where(locations.c.tenant_id == tenant_id)
    if not inactive:
        query = query.where(locations.c.deactivated_at.is_(None))
    async with deps.store.read() as conn:
        rows = await conn.execute(query.order_by(locations.c.created_at, locations.c.name))
        return [
            Location(
                id=r.id,
                name=r.name,
                address=r.address,
                phone=r.phone,
                opening_hours=r.opening_hours,
                active=r.deactivated_at is None,
            )
            for r in rows
        ]


async def update_location(deps: Deps, tenant_id: str, location_id: str, changes: LocationChange) -> Location:
    """Changes the fields given; the location as it is afterwards."""
    values = changes.model_dump(exclude_none=True)
    async with deps.work() as work:
        if not await owned(work.conn, locations, tenant_id, location_id):
            raise NotFound("The location")
        if values:
            await work.conn.execute(update(locations).where(locations.c.id == location_id).values(**values))
        work.emit_all(setup_changed(tenant_id))
    return next(
        place for place in await locations_of(deps, tenant_id, inactive=True) if place.id == location_id
    )


async def update_settings(deps: Deps, tenant_id: str, changes: SettingsChange) -> Settings:
    """Changes the settings given; the settings as they are afterwards."""
    values = changes.model_dump(exclude_none=True)
    async with deps.work() as work:
        if values:
            before = await tenant_by_id(work.conn, tenant_id)
            assert before is not None
            holidays.settle_place(before, values)
            await work.conn.execute(update(tenants).where(tenants.c.id == tenant_id).values(**values))
        tenant = await tenant_by_id(work.conn, tenant_id)
        work.emit_all(setup_changed(tenant_id))
        if "holiday_country" in values or "holiday_region" in values:
            work.emit(Event(tenant_id, "holidays.changed", Nothing()))
    assert tenant is not None
    return settings_view(tenant)


def settings_view(tenant: Tenant) -> Settings:
    return Settings(
        name=tenant.name,
        slug=tenant.slug,
        timezone=tenant.timezone,
        booking_mode=tenant.booking_mode,
        slot_step_minutes=tenant.slot_step_minutes,
        min_notice_minutes=tenant.min_notice_minutes,
        horizon_days=tenant.horizon_days,
        show_weekend=tenant.show_weekend,
        cancel_cutoff_hours=tenant.cancel_cutoff_hours,
        embed_origins=list(tenant.embed_origins),
        reminders=list(tenant.reminders),
        staff_choice=tenant.staff_choice,
        currency=tenant.currency,
        holiday_country=tenant.holiday_country,
        holiday_region=tenant.holiday_region,
    )
