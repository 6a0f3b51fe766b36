"""What the operator does to the licences of the businesses they host: list them with plan and
state, extend a trial, lock and unlock a business. Locking keeps everything: its pages say it is
locked, online bookings stop, and unlocking brings it all back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.errors import BadInput, Conflict, NotFound
from actions.licence_limits import Standing, in_use, standing
from contract.enums import Role
from licensing.plans import BASE, Plans
from store import Store
from store.queries import one, tenant_by_slug
from store.rows import Tenant
from store.schema import licences, tenants, users


@dataclass(frozen=True)
class Listed:
    """One business as the operator's list shows it."""

    slug: str
    name: str
    owner: str
    plan: str
    state: str
    locations: int
    calendars: int
    billing_day: int | None


def state_of(held: Standing, now: datetime) -> str:
    if held.locked:
        return "locked"
    if held.holding.plan == BASE:
        return "active"
    if held.trial_over(now):
        return f"trial ended {held.trial_ends_at:%Y-%m-%d}"
    return f"trial until {held.trial_ends_at:%Y-%m-%d}"


def plan_of(held: Standing) -> str:
    if held.holding.plan != BASE:
        return "trial"
    extras = [
        f"+{n} {what}"
        for n, what in (
            (held.holding.extra_locations, "location(s)"),
            (held.holding.extra_calendars, "calendar(s)"),
        )
        if n
    ]
    return " ".join(["base", *extras])


async def businesses(store: Store, plans: Plans, now: datetime) -> list[Listed]:
    """Every business, by booking link."""
    async with store.read() as conn:
        rows = (
            await conn.execute(select(tenants.c.id, tenants.c.slug, tenants.c.name).order_by(tenants.c.slug))
        ).all()
        listed = []
        for row in rows:
            held = await standing(conn, plans, row.id)
            owner = await one(
                conn,
                select(users.c.email).where(and_(users.c.tenant_id == row.id, users.c.role == Role.OWNER)),
            )
            used_locations, used_calendars = await in_use(conn, row.id)
            listed.append(
                Listed(
                    slug=row.slug,
                    name=row.name,
                    owner=owner["email"] if owner else "",
                    plan=plan_of(held),
                    state=state_of(held, now),
                    locations=used_locations,
                    calendars=used_calendars,
                    billing_day=held.billing_day,
                )
            )
    return listed


async def _business(conn: AsyncConnection, slug: str) -> Tenant:
    tenant = await tenant_by_slug(conn, slug)
    if tenant is None:
        raise NotFound("The business", f"No business has the booking link {slug!r}.")
    if await one(conn, select(licences.c.tenant_id).where(licences.c.tenant_id == tenant.id)) is None:
        await conn.execute(insert(licences).values(tenant_id=tenant.id))
    return tenant


async def extend_trial(store: Store, plans: Plans, slug: str, days: int, now: datetime) -> datetime:
    """Lets the trial run `days` longer (from today, where it has ended); returns its new end."""
    if not 1 <= days <= 3650:
        raise BadInput("invalid_days", "Give the days as a whole number from 1 to 3650.")
    async with store.write() as conn:
        tenant = await _business(conn, slug)
        held = await standing(conn, plans, tenant.id, lock=True)
        if held.holding.plan == BASE:
            raise Conflict("not_trial", f"{slug} holds the base licence; it has no trial to extend.")
        ends = max(held.trial_ends_at, now) + timedelta(days=days)
        await conn.execute(
            update(licences).where(licences.c.tenant_id == tenant.id).values(trial_ends_at=ends)
        )
    return ends


async def set_locked(store: Store, slug: str, locked: bool, now: datetime) -> Tenant:
    """Locks a business (its pages say so, online bookings stop) or lifts the lock; deletes nothing."""
    async with store.write() as conn:
        tenant = await _business(conn, slug)
        await conn.execute(
            update(licences)
            .where(licences.c.tenant_id == tenant.id)
            .values(locked_at=now if locked else None)
        )
    return tenant
