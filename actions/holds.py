"""Online bookings: hold a free slot for a while, or let it go (its code is in `hold_codes`).

A hold is an appointment in status `held` with a deadline; the database refuses any overlap with
it until it is released, so the slot can be taken by nobody else in the meantime.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import owner_verification
from actions.accounts import Account
from actions.availability import ask
from actions.context import Deps, Work
from actions.errors import BadInput, Conflict, NotFound
from actions.history import APPOINTMENT, record, record_all, record_expired
from actions.hold_codes import code_hash, code_mail, own_hold
from actions.licence_limits import check_online_booking
from actions.my_appointments import check_replaceable
from actions.staff_choice import check_person, check_required
from actions.views import appointment_shape, load_shapes, tenant_shapes
from contract.enums import AppointmentStatus, SlotState, Source
from contract.history import Action
from contract.public import Hold, NewHold
from mail.outbox import enqueue
from realtime.events import Event, holds_released, slot_changed
from scheduling import pick_calendar
from store import SlotTaken, Stalled
from store.queries import new_id, offer, owned, release_expired_holds
from store.schema import appointments, staff

REASONS = {
    "past": "This time has already passed.",
    "notice": "This time is too soon to book online.",
    "horizon": "This time is too far ahead to book online.",
    "off_step": "Online bookings start on the slot grid only.",
    "closed": "The business does not take online bookings at this time.",
}


async def hold(deps: Deps, slug: str, account: Account, new: NewHold) -> Hold:
    """Holds a free slot for HOLD_SECONDS and mails the security code.

    Each try is one unit of work that looks at every calendar offering the service there, picks
    one and inserts. Holds of other slots never wait for each other; when another writer got this
    slot first, the database refuses the insert and the next free calendar is tried.
    """
    await owner_verification.check_live(deps, slug)
    tried: set[str] = set()
    while True:
        outcome = await _try_hold(deps, slug, account, new, tried)
        if isinstance(outcome, Hold):
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


async def _try_hold(deps: Deps, slug: str, account: Account, new: NewHold, tried: set[str]) -> Hold | str:
    """Holds the slot in the best free calendar not yet tried; returns the hold, or the calendar's
    id when the database refused the insert because another writer took the slot first."""
    hold_id = new_id()
    code = f"{secrets.randbelow(10**6):06d}"
    now = deps.clock()
    expires_at = now + timedelta(seconds=deps.settings.hold_seconds)
    choice = ""
    try:
        async with deps.work() as work:
            conn = work.conn
            tenant, service, location = await offer(conn, slug, new.service_id, new.location_id)
            if tenant is None:
                raise NotFound("The business")
            await check_online_booking(conn, deps.settings, tenant, now)
            if not service or service["deleted_at"] is not None:
                raise NotFound("The service")
            if not location or location["deactivated_at"] is not None:
                raise NotFound("The location")
            if new.staff_id is not None and not await owned(conn, staff, tenant.id, new.staff_id):
                raise NotFound("The calendar")
            if new.staff_id is not None:
                await check_person(conn, tenant, service, new.staff_id)
            check_required(tenant, new.staff_id)
            if new.replaces is not None:
                await check_replaceable(conn, tenant.id, account.id, new.replaces, now)
            zone = tenant.zone
            day = new.start.astimezone(zone).date()
            question = await ask(
                conn,
                tenant=tenant,
                service=service,
                location=location,
                first=day,
                last=day,
                now=now,
                staff_id=new.staff_id,
            )
            problems = {s: p for s, p in question.problems(new.start, now).items() if s not in tried}
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
            let_go = await _release_previous(conn, tenant.id, account.id, now)
            await record_all(work, tenant.id, APPOINTMENT, let_go, Action.RELEASED)
            row = {
                "id": hold_id,
                "tenant_id": tenant.id,
                "staff_id": choice,
                "location_id": location["id"],
                "service_id": service["id"],
                "customer_id": None,
                "account_id": account.id,
                "start_at": new.start,
                "end_at": new.start + timedelta(minutes=service["duration_minutes"]),
                "status": AppointmentStatus.HELD,
                "note": "",
                "source": Source.ONLINE,
                "expires_at": expires_at,
                "replaces": new.replaces,
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
            await record(work, tenant.id, APPOINTMENT, hold_id, Action.HELD, after=row)
            message = code_mail(account, tenant, service, code, new.start, expires_at)
            await enqueue(conn, message, now=now, tenant_id=tenant.id)
            work.mailed()
            named = {"service_name": service["name"], "service_color": service["color"]}
            held = appointment_shape({**row, **named, "customer_name": account.name}, zone)
            work.emit_all(holds_released(tenant.id, await load_shapes(conn, let_go, zone)))
            work.emit(Event(tenant.id, "hold.created", held), slot_changed(tenant.id, held, SlotState.HELD))
    except (SlotTaken, Stalled):  # taken, or being taken by a writer that has not finished yet
        if not choice:
            raise
        return choice
    return Hold(
        id=hold_id, start=held.start, end=held.end, staff_id=choice, expires_at=expires_at.astimezone(zone)
    )


async def _release_previous(
    conn: AsyncConnection, tenant_id: str, account_id: str, now: datetime
) -> list[str]:
    """A customer holds one pending slot per business at a time: choosing another lets the first go."""
    mine = and_(
        appointments.c.tenant_id == tenant_id,
        appointments.c.account_id == account_id,
        appointments.c.status == AppointmentStatus.HELD,
    )
    result = await conn.execute(
        update(appointments)
        .where(mine)
        .values(status=AppointmentStatus.RELEASED, updated_at=now)
        .returning(appointments.c.id)
    )
    return list(result.scalars().all())


async def release(deps: Deps, hold_id: str, account: Account) -> None:
    """The customer gives the slot up; it is free again at once."""
    now = deps.clock()
    async with deps.work() as work:
        row = await own_hold(work.conn, hold_id, account.id)
        if row["status"] in (AppointmentStatus.BOOKED, AppointmentStatus.REQUESTED):
            raise Conflict("already_confirmed", "This booking is already confirmed; cancel it instead.")
        if row["status"] != AppointmentStatus.HELD:
            return
        await work.conn.execute(
            update(appointments)
            .where(and_(appointments.c.id == row["id"], appointments.c.status == AppointmentStatus.HELD))
            .values(status=AppointmentStatus.RELEASED, updated_at=now)
        )
        await record(work, row["tenant_id"], APPOINTMENT, row["id"], Action.RELEASED)
        gone = await tenant_shapes(work.conn, row["tenant_id"], [row["id"]])
        work.emit_all(holds_released(row["tenant_id"], gone))


async def release_expired(deps: Deps, staff_id: str | None = None) -> int:
    """Releases the holds whose deadline has passed (of one calendar, or all); returns how many.

    Each process runs it for all every fraction of a second, so a slot frees on time.
    """
    now = deps.clock()
    # A cheap look first, so a pass with nothing due takes no write lock.
    due = and_(appointments.c.status == AppointmentStatus.HELD, appointments.c.expires_at <= now)
    if staff_id is not None:
        due = and_(due, appointments.c.staff_id == staff_id)
    async with deps.store.read() as conn:
        if (await conn.execute(select(appointments.c.id).where(due).limit(1))).first() is None:
            return 0
    async with deps.work() as work:
        let_go = await release_expired_holds(work.conn, now, staff_id=staff_id)
        await _tell_released(work, let_go)
    return len(let_go)


async def _tell_released(work: Work, ids: list[str]) -> None:
    by_tenant: dict[str, list[str]] = {}
    for row in await work.conn.execute(
        select(appointments.c.id, appointments.c.tenant_id).where(appointments.c.id.in_(ids))
    ):
        by_tenant.setdefault(row.tenant_id, []).append(row.id)
    for tenant_id, theirs in by_tenant.items():
        await record_expired(work, tenant_id, theirs)
        work.emit_all(holds_released(tenant_id, await tenant_shapes(work.conn, tenant_id, theirs)))
