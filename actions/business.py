"""The business's own set-up: locations, calendars, services, settings (signing up is in signup.py)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import and_, delete, insert, select, update

from actions.context import Deps
from actions.errors import BadInput, NotFound
from actions.text import single_line
from realtime.events import Event
from scheduling import HoursError, parse_weekly
from store.queries import new_id, owned, tenant_by_id
from store.rows import Tenant
from store.schema import locations, staff, staff_hours, tenants

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLORS = ("#3b82f6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899")
BOOKING_MODES = ("direct", "request")


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise BadInput("invalid_email", "Please give a valid e-mail address.", field="email")
    return email


def check_password_rule(password: str) -> str:
    if len(password) < 8:
        raise BadInput("weak_password", "The password needs at least 8 characters.", field="password")
    return password


def check_hours(raw: Any, field: str) -> dict[str, list[list[str]]]:
    try:
        return parse_weekly(raw).to_json()
    except HoursError as error:
        raise BadInput("invalid_hours", str(error), field=field) from error


async def add_staff(deps: Deps, tenant_id: str, *, name: str) -> str:
    """A calendar for a member of staff who serves customers."""
    if not name.strip():
        raise BadInput("invalid_name", "Please give the calendar a name.", field="name")
    single_line(name, "name")
    staff_id = new_id()
    async with deps.store.write() as conn:
        count = len((await conn.execute(select(staff.c.id).where(staff.c.tenant_id == tenant_id))).all())
        await conn.execute(
            insert(staff).values(
                id=staff_id,
                tenant_id=tenant_id,
                name=name.strip(),
                position=count,
                created_at=deps.clock(),
            )
        )
    await deps.notify(setup_changed(tenant_id))
    return staff_id


async def list_staff(deps: Deps, tenant_id: str) -> list[dict[str, Any]]:
    """The calendars in their order, each with its bookable hours per location where set."""
    async with deps.store.read() as conn:
        rows = await conn.execute(
            select(staff.c.id, staff.c.name, staff.c.user_id)
            .where(staff.c.tenant_id == tenant_id)
            .order_by(staff.c.position, staff.c.created_at)
        )
        calendars = [dict(r._mapping) | {"hours": {}} for r in rows]
        by_id = {c["id"]: c for c in calendars}
        for row in await conn.execute(select(staff_hours).where(staff_hours.c.staff_id.in_(list(by_id)))):
            by_id[row.staff_id]["hours"][row.location_id] = row.weekly
    return calendars


async def set_staff_hours(
    deps: Deps, tenant_id: str, staff_id: str, *, location_id: str, weekly: Any
) -> None:
    hours = check_hours(weekly, "weekly")
    async with deps.store.write() as conn:
        if not await owned(conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
        if not await owned(conn, locations, tenant_id, location_id):
            raise NotFound("The location")
        await conn.execute(
            delete(staff_hours).where(
                and_(staff_hours.c.staff_id == staff_id, staff_hours.c.location_id == location_id)
            )
        )
        await conn.execute(
            insert(staff_hours).values(staff_id=staff_id, location_id=location_id, weekly=hours)
        )
    await deps.notify(setup_changed(tenant_id))


def setup_changed(tenant_id: str) -> list[Event]:
    """Hours, settings or services changed: booking pages fetch their slots again, and open staff
    calendars fetch the business's set-up again."""
    return [Event(tenant_id, "availability.changed", {}), Event(tenant_id, "settings.changed", {})]


async def add_location(deps: Deps, tenant_id: str, *, name: str, address: str, opening_hours: Any) -> str:
    if not name.strip():
        raise BadInput("invalid_name", "Please give the location a name.", field="name")
    single_line(name, "name")
    hours = check_hours(opening_hours, "opening_hours")
    location_id = new_id()
    async with deps.store.write() as conn:
        await conn.execute(
            insert(locations).values(
                id=location_id,
                tenant_id=tenant_id,
                name=name.strip(),
                address=address.strip(),
                opening_hours=hours,
                created_at=deps.clock(),
            )
        )
    await deps.notify(setup_changed(tenant_id))
    return location_id


async def list_locations(deps: Deps, tenant_id: str) -> list[dict[str, Any]]:
    async with deps.store.read() as conn:
        rows = await conn.execute(
            select(locations.c.id, locations.c.name, locations.c.address, locations.c.opening_hours)
            .where(locations.c.tenant_id == tenant_id)
            .order_by(locations.c.created_at, locations.c.name)
        )
        return [dict(r._mapping) for r in rows]


async def update_location(
    deps: Deps, tenant_id: str, location_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "name" in changes:
        if not str(changes["name"]).strip():
            raise BadInput("invalid_name", "Please give the location a name.", field="name")
        values["name"] = single_line(str(changes["name"]).strip(), "name")
    if "address" in changes:
        values["address"] = str(changes["address"]).strip()
    if "opening_hours" in changes:
        values["opening_hours"] = check_hours(changes["opening_hours"], "opening_hours")
    async with deps.store.write() as conn:
        if not await owned(conn, locations, tenant_id, location_id):
            raise NotFound("The location")
        if values:
            await conn.execute(update(locations).where(locations.c.id == location_id).values(**values))
    await deps.notify(setup_changed(tenant_id))
    return next(loc for loc in await list_locations(deps, tenant_id) if loc["id"] == location_id)


SETTING_LIMITS = {
    "slot_step_minutes": (5, 240),
    "min_notice_minutes": (0, 60 * 24 * 30),
    "horizon_days": (1, 730),
    "cancel_cutoff_hours": (0, 720),
}


#: The most sites a business may list as allowed to frame its booking page.
MAX_EMBED_ORIGINS = 20
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOSTNAME = re.compile(rf"^{LABEL}(?:\.{LABEL})*$")


def check_origin(raw: Any) -> str:
    """"https://Praxis.example.at/" → "https://praxis.example.at": scheme, host and port, nothing else."""
    refused = BadInput(
        "invalid_origin",
        f"{raw!r} is no web origin: give scheme and host, e.g. https://praxis-example.at.",
        field="embed_origins",
        origin=raw if isinstance(raw, str) else None,
    )
    if not isinstance(raw, str):
        raise refused
    text = raw.strip()
    if text.endswith("/"):
        text = text[:-1]
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise refused from error
    host = parts.hostname or ""
    if (
        parts.scheme.lower() not in ("http", "https")
        or not HOSTNAME.match(host)
        or len(host) > 253
        or parts.username is not None
        or parts.password is not None
        or parts.path
        or parts.query
        or parts.fragment
        or "?" in text
        or "#" in text
        or any(c.isspace() or c in ";,'\"" for c in text)
    ):
        raise refused
    origin = f"{parts.scheme.lower()}://{host}"
    return origin if port is None else f"{origin}:{port}"


def check_origins(raw: Any) -> list[str]:
    if not isinstance(raw, list):
        raise BadInput("invalid_setting", "embed_origins is a list of origins.", field="embed_origins")
    origins: list[str] = []
    for item in raw:
        origin = check_origin(item)
        if origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_EMBED_ORIGINS:
        raise BadInput(
            "invalid_setting",
            f"embed_origins lists at most {MAX_EMBED_ORIGINS} origins.",
            field="embed_origins",
        )
    return origins


async def update_settings(deps: Deps, tenant_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "booking_mode":
            if value not in BOOKING_MODES:
                raise BadInput("invalid_setting", "booking_mode is 'direct' or 'request'.", field=key)
            values[key] = value
        elif key in SETTING_LIMITS:
            low, high = SETTING_LIMITS[key]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise BadInput("invalid_setting", f"{key} is a whole number from {low} to {high}.", field=key)
            values[key] = value
        elif key == "show_weekend":
            if not isinstance(value, bool):
                raise BadInput("invalid_setting", "show_weekend is true or false.", field=key)
            values[key] = value
        elif key == "embed_origins":
            values[key] = check_origins(value)
        else:
            raise BadInput("unknown_setting", f"There is no setting {key!r}.", field=key)
    async with deps.store.write() as conn:
        if values:
            await conn.execute(update(tenants).where(tenants.c.id == tenant_id).values(**values))
        tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    await deps.notify(setup_changed(tenant_id))
    return settings_view(tenant)


def settings_view(tenant: Tenant) -> dict[str, Any]:
    return {
        "name": tenant.name,
        "slug": tenant.slug,
        "timezone": tenant.timezone,
        "booking_mode": tenant.booking_mode,
        "slot_step_minutes": tenant.slot_step_minutes,
        "min_notice_minutes": tenant.min_notice_minutes,
        "horizon_days": tenant.horizon_days,
        "show_weekend": tenant.show_weekend,
        "cancel_cutoff_hours": tenant.cancel_cutoff_hours,
        "embed_origins": list(tenant.embed_origins or []),
    }
