"""Online bookings: hold a free slot for a while, or let it go (its code is in `hold_codes`).

A hold is an appointment in status `held` with a deadline; the database refuses any overlap with
it until it is released, so the slot can be taken by nobody else in the meantime.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.appointments import released_events
from actions.availability import ask
from actions.context import Deps
from actions.errors import BadInput, Conflict, Forbidden, NotFound
from actions.hold_codes import code_hash, code_mail, own_hold
from actions.views import appointment_view, load_views, local_iso, tenant_views
from mail.outbox import enqueue
from realtime.events import Event, slot_changed
from scheduling import pick_calendar
from store import SlotTaken, Stalled
from store.queries import (
    new_id,
    offer,
    one,
    owned,
    release_expired_holds,
)
from store.schema import appointments, customer_accounts, staff

REASONS = {
    "past": "This time has already passed.",
    "notice": "This time is too soon to book online.",
    "horizon": "This time is too far ahead to book online.",
    "off_step": "Online bookings start on the slot grid only.",
    "closed": "The business does not take online bookings at this time.",
}


async def hold(
    deps: Deps,
    slug: str,
    account: dict[str, Any],
    *,
    service_id: Any,
    location_id: Any,
    start: datetime,
    staff_id: Any = None,
) -> dict[str, Any]:
    """Holds a free slot for HOLD_SECONDS and mails the security code.

    Each try is one write transaction that looks at every calendar offering the service there,
    picks one and inserts. Holds of other slots never wait for each other; when another writer
    got this slot first, the database refuses the insert and the next free calendar is tried.
    """
    tried: set[str] = set()
    while True:
        outcome = await _try_hold(deps, slug, account, service_id, location_id, start, staff_id, tried)
        if isinstance(outcome, dict):
            return outcome
        # Taken in that calendar meanwhile, or by a hold whose deadline passed a moment ago and
        # which the expiry has not released yet: then the same calendar is tried once more.
        if not await release_expired(deps, staff_id=outcome):
            tried.add(outcome)


def _refuse(problems: list[str | None]) -> None:
    if not problems or "taken" in problems:
        raise Conflict("slot_taken", "Someone else has just taken this time. Please choose another.")
    reason = next((p for p in problems if p in REASONS), "closed")
    raise BadInput("not_bookable", REASONS.get(reason, REASONS["closed"]), reason=reason)


async def _try_hold(
    deps: Deps,
    slug: str,
    account: dict[str, Any],
    service_id: Any,
    location_id: Any,
    start: datetime,
    staff_id: Any,
    tried: set[str],
) -> dict[str, Any] | str:
    """Holds the slot in the best free calendar not yet tried; returns the hold, or the calendar's
    id when the database refused the insert because another writer took the slot first."""
    hold_id = new_id()
    code = f"{secrets.randbelow(10**6):06d}"
    now = deps.clock()
    expires_at = now + timedelta(seconds=deps.settings.hold_seconds)
    choice = ""
    try:
        async with deps.store.write() as conn:
            tenant, service, location = await offer(conn, slug, service_id, location_id)
            if tenant is None:
                raise NotFound("The business")
            if not service or service["deleted_at"] is not None:
                raise NotFound("The service")
            if not location:
                raise NotFound("The location")
            if staff_id is not None and not await owned(conn, staff, tenant.id, staff_id):
                raise NotFound("The calendar")
            tenant_id = tenant.id
            zone = ZoneInfo(tenant.timezone)
            day = start.astimezone(zone).date()
            question = await ask(
                conn,
                tenant=tenant,
                service=service,
                location=location,
                first=day,
                last=day,
                now=now,
                staff_id=staff_id,
            )
            problems = {s: p for s, p in question.problems(start, now).items() if s not in tried}
            free = [s for s, problem in problems.items() if problem is None]
            if not free:
                _refuse(list(problems.values()))
            booked_minutes = {
                c.staff_id: int(sum((b.end - b.start).total_seconds() for b in c.busy) // 60)
                for c in question.calendars
            }
            # Equally booked calendars come in random order, so customers taking the same time
            # at once land in different calendars instead of all trying the first.
            choice = pick_calendar(random.sample(free, len(free)), booked_minutes)
            released = await _release_previous(conn, tenant_id, account["id"], now)
            row = {
                "id": hold_id,
                "tenant_id": tenant_id,
                "staff_id": choice,
                "location_id": location["id"],
                "service_id": service["id"],
                "customer_id": None,
                "account_id": account["id"],
                "start_at": start,
                "end_at": start + timedelta(minutes=service["duration_minutes"]),
                "status": "held",
                "note": "",
                "source": "online",
                "expires_at": expires_at,
            }
            await conn.execute(
                insert(appointments).values(
                    **row,
                    code_hash=code_hash(deps.settings.secret_key, hold_id, code),
                    code_sends=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            message = code_mail(account, tenant, service, code, start, expires_at)
            await enqueue(conn, message, now=now, tenant_id=tenant_id)
            gone = await load_views(conn, released, zone)
    except (SlotTaken, Stalled):  # taken, or being taken by a writer that has not finished yet
        if not choice:
            raise
        return choice
    name = f"{account['first_name']} {account['last_name']}"
    view = appointment_view({**row, "customer_name": name}, zone)
    await deps.notify(
        released_events(tenant_id, gone)
        + [Event(tenant_id, "hold.created", view), slot_changed(tenant_id, view, "held")],
        mail=True,
    )
    return {
        "id": hold_id,
        "start": view["start"],
        "end": view["end"],
        "staff_id": choice,
        "expires_at": local_iso(expires_at, zone),
    }


async def _release_previous(
    conn: AsyncConnection, tenant_id: str, account_id: str, now: datetime
) -> list[str]:
    """A customer holds one pending slot per business at a time: choosing another lets the first go."""
    mine = and_(
        appointments.c.tenant_id == tenant_id,
        appointments.c.account_id == account_id,
        appointments.c.status == "held",
    )
    result = await conn.execute(
        update(appointments)
        .where(mine)
        .values(status="released", updated_at=now)
        .returning(appointments.c.id)
    )
    return list(result.scalars().all())


async def release(deps: Deps, hold_id: Any, account: dict[str, Any]) -> None:
    """The customer gives the slot up; it is free again at once."""
    now = deps.clock()
    async with deps.store.write() as conn:
        row = await own_hold(conn, hold_id, account["id"])
        if row["status"] in ("booked", "requested"):
            raise Conflict("already_confirmed", "This booking is already confirmed; cancel it instead.")
        if row["status"] != "held":
            return
        await conn.execute(
            update(appointments)
            .where(and_(appointments.c.id == row["id"], appointments.c.status == "held"))
            .values(status="released", updated_at=now)
        )
        gone = await tenant_views(conn, row["tenant_id"], [row["id"]])
    await deps.notify(released_events(row["tenant_id"], gone))


async def release_expired(deps: Deps, staff_id: str | None = None) -> int:
    """Releases the holds whose deadline has passed (of one calendar, or all); returns how many.

    Each process runs it for all every fraction of a second, so a slot frees on time.
    """
    now = deps.clock()
    # A cheap look first, so a pass with nothing due takes no write lock.
    due = and_(appointments.c.status == "held", appointments.c.expires_at <= now)
    if staff_id is not None:
        due = and_(due, appointments.c.staff_id == staff_id)
    async with deps.store.read() as conn:
        if (await conn.execute(select(appointments.c.id).where(due).limit(1))).first() is None:
            return 0
    async with deps.store.write() as conn:
        released = await release_expired_holds(conn, now, staff_id=staff_id)
        by_tenant: dict[str, list[str]] = {}
        for row in await conn.execute(
            select(appointments.c.id, appointments.c.tenant_id).where(appointments.c.id.in_(released))
        ):
            by_tenant.setdefault(row.tenant_id, []).append(row.id)
        gone = {tenant_id: await tenant_views(conn, tenant_id, ids) for tenant_id, ids in by_tenant.items()}
    for tenant_id, items in gone.items():
        await deps.notify(released_events(tenant_id, items))
    return len(released)


async def verified_account(deps: Deps, account_id: str) -> dict[str, Any]:
    async with deps.store.read() as conn:
        account = await one(conn, select(customer_accounts).where(customer_accounts.c.id == account_id))
    if account is None:
        raise NotFound("The account")
    if account["verified_at"] is None:
        raise Forbidden("email_unverified", "Please open the link in the mail we sent you first.")
    return account
