"""What a business's licence allows, asked wherever a limit applies: a new or reactivated calendar or
location, an invitation that brings a calendar, an online booking. A refusal says which limit and
how to lift it (409 `licence_limit`); the desk keeps working and nothing is deleted.

The check of a calendar or location locks the business's row first (PostgreSQL), so two requests at
once cannot both take the last place; SQLite's writers run one at a time anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.errors import Conflict, Forbidden
from contract.enums import AppointmentStatus, Source
from licensing.plans import BASE, TRIAL, Allowance, Holding, Plans, allowance, load_plans
from settings import Settings
from store.queries import one
from store.rows import Tenant
from store.schema import appointments, licence_changes, licences, locations, staff, tenants


class LicenceLimit(Conflict):
    """The licence does not allow this: `limit` names which (calendars, locations, online_bookings,
    trial_ended), `allowed` how many it allows."""

    def __init__(self, limit: str, allowed: int, message: str) -> None:
        super().__init__("licence_limit", message, limit=limit, allowed=allowed)


class BusinessLocked(Forbidden):
    def __init__(self) -> None:
        super().__init__("business_locked", "The operator has locked this business.")


def plans_of(settings: Settings) -> Plans:
    return load_plans(settings.plans_file)


@dataclass(frozen=True)
class Standing:
    """A business's licence as it stands now."""

    holding: Holding
    allowance: Allowance
    trial_ends_at: datetime
    billing_day: int | None
    locked: bool
    buyer_name: str
    buyer_address: str
    buyer_country: str
    buyer_vat_id: str

    def trial_over(self, now: datetime) -> bool:
        return self.holding.plan == TRIAL and now >= self.trial_ends_at


async def standing(conn: AsyncConnection, plans: Plans, tenant_id: str, *, lock: bool = False) -> Standing:
    """The business's licence; with `lock`, its row stays locked to the end of the transaction."""
    query = select(tenants.c.created_at, tenants.c.name, tenants.c.address).where(tenants.c.id == tenant_id)
    tenant = await one(conn, query.with_for_update() if lock else query)
    assert tenant is not None
    row = await one(conn, select(licences).where(licences.c.tenant_id == tenant_id)) or {}
    last = await one(
        conn,
        select(licence_changes)
        .where(licence_changes.c.tenant_id == tenant_id)
        .order_by(licence_changes.c.at.desc(), licence_changes.c.id.desc())
        .limit(1),
    )
    holding = Holding(last["plan"], last["extra_locations"], last["extra_calendars"]) if last else Holding()
    trial_ends_at = row.get("trial_ends_at") or tenant["created_at"] + timedelta(days=plans.trial.days)
    return Standing(
        holding=holding,
        allowance=allowance(plans, holding),
        trial_ends_at=trial_ends_at,
        billing_day=row.get("billing_day"),
        locked=row.get("locked_at") is not None,
        buyer_name=row.get("buyer_name") or tenant["name"],
        buyer_address=row.get("buyer_address") or tenant["address"],
        buyer_country=row.get("buyer_country") or plans.default_country,
        buyer_vat_id=row.get("buyer_vat_id") or "",
    )


async def in_use(conn: AsyncConnection, tenant_id: str) -> tuple[int, int]:
    """How many locations and calendars the business has in use."""
    counts = []
    for table in (locations, staff):
        query = select(func.count()).where(
            and_(table.c.tenant_id == tenant_id, table.c.deactivated_at.is_(None))
        )
        counts.append(int((await conn.execute(query)).scalar_one()))
    return counts[0], counts[1]


async def check_room(conn: AsyncConnection, settings: Settings, tenant_id: str, kind: str) -> None:
    """Refuses one more calendar or location (`kind`) in use than the licence allows."""
    plans = plans_of(settings)
    held = await standing(conn, plans, tenant_id, lock=True)
    used_locations, used_calendars = await in_use(conn, tenant_id)
    trial = held.holding.plan != BASE
    if kind == "locations" and used_locations >= held.allowance.locations:
        raise LicenceLimit(
            "locations",
            held.allowance.locations,
            f"Your licence allows {held.allowance.locations} location(s) in use. "
            + ("Upgrade to the base licence" if trial else "Add a location")
            + " under Settings → Licence, or deactivate another location first.",
        )
    if kind == "calendars" and used_calendars >= held.allowance.calendars:
        raise LicenceLimit(
            "calendars",
            held.allowance.calendars,
            f"Your licence allows {held.allowance.calendars} calendar(s) in use. "
            + ("Upgrade to the base licence" if trial else "Add a calendar")
            + " under Settings → Licence, or deactivate another calendar first.",
        )


def month_start(tenant: Tenant, now: datetime) -> datetime:
    """The start of the business's current calendar month, as an instant."""
    local = now.astimezone(tenant.zone)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(now.tzinfo)


async def online_bookings_this_month(conn: AsyncConnection, tenant: Tenant, now: datetime) -> int:
    """Online bookings made this month: held, requested, booked or cancelled (not released holds)."""
    query = select(func.count()).where(
        and_(
            appointments.c.tenant_id == tenant.id,
            appointments.c.source == Source.ONLINE,
            appointments.c.status != AppointmentStatus.RELEASED,
            appointments.c.created_at >= month_start(tenant, now),
        )
    )
    return int((await conn.execute(query)).scalar_one())


async def _online_refusal(
    conn: AsyncConnection, settings: Settings, tenant: Tenant, now: datetime
) -> Conflict | Forbidden | None:
    # The monthly count is not locked: holds never wait for each other (see actions.holds), and
    # customers holding at the very same instant may pass the trial's cap by those few.
    plans = plans_of(settings)
    held = await standing(conn, plans, tenant.id)
    if held.locked:
        return BusinessLocked()
    if held.trial_over(now):
        return LicenceLimit("trial_ended", 0, "This business cannot take online bookings at the moment.")
    cap = held.allowance.online_bookings_per_month
    if cap is not None and await online_bookings_this_month(conn, tenant, now) >= cap:
        return LicenceLimit(
            "online_bookings", cap, "This business cannot take more online bookings this month."
        )
    return None


async def check_online_booking(
    conn: AsyncConnection, settings: Settings, tenant: Tenant, now: datetime
) -> None:
    """Refuses an online booking of a locked business, of one whose trial ended, and past the trial's
    monthly number of online bookings."""
    refusal = await _online_refusal(conn, settings, tenant, now)
    if refusal is not None:
        raise refusal


async def takes_online_bookings(
    conn: AsyncConnection, settings: Settings, tenant: Tenant, now: datetime
) -> bool:
    """Whether the booking page offers slots now (the same rules as check_online_booking)."""
    return await _online_refusal(conn, settings, tenant, now) is None


async def is_locked(conn: AsyncConnection, tenant_id: str) -> bool:
    row = await one(conn, select(licences.c.locked_at).where(licences.c.tenant_id == tenant_id))
    return row is not None and row["locked_at"] is not None
