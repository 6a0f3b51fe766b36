"""One hold for all dates of a series booked online: every date is held in one transaction or none
is, under one security code; the code confirms (or requests) all of them, wrong codes count for the
group, and releasing or the deadline lets all of them go. Each is a hold like a single one
(actions/holds.py), with the series' id."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert

from actions import owner_verification
from actions.accounts import Account
from actions.context import Deps
from actions.errors import BadInput, Conflict
from actions.history import APPOINTMENT, record, record_all
from actions.hold_codes import code_hash
from actions.holds import _release_previous, release_expired
from actions.online_series import DateCheck, check_count, check_date, place, refuse_closed, taken_dates
from actions.series_hold_mail import series_code_mail
from actions.views import appointment_shape, load_shapes
from contract.enums import AppointmentStatus, SlotState, Source
from contract.history import Action
from contract.online_series import NewSeriesHold, SeriesHold
from contract.public import Hold
from realtime.events import Event, holds_released, slot_changed
from scheduling import pick_calendar
from store import SlotTaken, Stalled
from store.queries import new_id
from store.schema import appointments, series

#: How often the hold is tried again when another writer took a date between the look and the insert.
TRIES = 3


def _chosen(new: NewSeriesHold, duration: timedelta, now: datetime) -> list[datetime]:
    starts = sorted(new.starts)
    if starts[0] < now:
        raise BadInput("in_past", "This time has already passed.", field="starts")
    for before, after in zip(starts, starts[1:], strict=False):
        if after < before + duration:
            raise BadInput("overlapping_starts", "Two chosen dates overlap each other.", field="starts")
    return starts


def _calendars(checks: list[DateCheck]) -> list[str]:
    """One calendar per date: the same for all where one is free on every date (the least booked),
    else the least booked free one of each date."""
    booked: dict[str, int] = {}
    for check in checks:
        for calendar in check.question.calendars:
            minutes = sum((b.end - b.start).total_seconds() for b in calendar.busy) // 60
            booked[calendar.staff_id] = booked.get(calendar.staff_id, 0) + int(minutes)
    common = set(checks[0].free).intersection(*(c.free for c in checks[1:]))
    if common:
        ordered = [s for s in checks[0].free if s in common]
        choice = pick_calendar(random.sample(ordered, len(ordered)), booked)
        return [choice] * len(checks)
    return [pick_calendar(random.sample(c.free, len(c.free)), booked) for c in checks]


async def hold(deps: Deps, slug: str, account: Account, new: NewSeriesHold) -> SeriesHold:
    """Holds every chosen date for HOLD_SECONDS and mails one security code for all of them."""
    await owner_verification.check_live(deps, slug)
    for _ in range(TRIES - 1):
        try:
            return await _try(deps, slug, account, new)
        except (SlotTaken, Stalled):  # another writer took a date between our look and our insert
            await release_expired(deps)
    try:
        return await _try(deps, slug, account, new)
    except (SlotTaken, Stalled) as error:
        raise Conflict(
            "slot_taken", "Someone else has just taken one of these dates; nothing was held.", conflicts=[]
        ) from error


async def _try(deps: Deps, slug: str, account: Account, new: NewSeriesHold) -> SeriesHold:
    now = deps.clock()
    code = f"{secrets.randbelow(10**6):06d}"
    expires_at = now + timedelta(seconds=deps.settings.hold_seconds)
    async with deps.work() as work:
        conn = work.conn
        where = await place(conn, deps, slug, new.service_id, new.location_id, new.staff_id)
        check_count(where, len(new.starts))
        tenant, service, zone = where.tenant, where.service, where.tenant.zone
        duration = timedelta(minutes=service["duration_minutes"])
        starts = _chosen(new, duration, now)
        checks = [await check_date(conn, where, start, now, new.staff_id) for start in starts]
        refuse_closed(checks, zone)
        conflicts = taken_dates(checks, zone)
        if conflicts:
            raise Conflict(
                "slot_taken", "Some of these dates are taken; nothing was held.", conflicts=conflicts
            )
        calendars = _calendars(checks)
        let_go = await _release_previous(conn, tenant.id, account.id, now)
        await record_all(work, tenant.id, APPOINTMENT, let_go, Action.RELEASED)
        series_id = new_id()
        rule = {
            "start": starts[0].isoformat(),
            "every_weeks": new.every_weeks,
            "count": len(starts),
            "starts": [s.isoformat() for s in starts],
        }
        await conn.execute(
            insert(series).values(
                id=series_id, tenant_id=tenant.id, rule=rule, source=Source.ONLINE, created_at=now
            )
        )
        named = {
            "service_name": service["name"],
            "service_color": service["color"],
            "customer_name": account.name,
        }
        holds: list[Hold] = []
        events: list[Event] = []
        for start, calendar in zip(starts, calendars, strict=True):
            hold_id = new_id()
            row = {
                "id": hold_id,
                "tenant_id": tenant.id,
                "staff_id": calendar,
                "location_id": where.location["id"],
                "service_id": service["id"],
                "customer_id": None,
                "account_id": account.id,
                "start_at": start,
                "end_at": start + duration,
                "status": AppointmentStatus.HELD,
                "note": "",
                "source": Source.ONLINE,
                "expires_at": expires_at,
                "replaces": None,
                "series_id": series_id,
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
            held = appointment_shape({**row, **named}, zone)
            events += [Event(tenant.id, "hold.created", held), slot_changed(tenant.id, held, SlotState.HELD)]
            holds.append(
                Hold(
                    id=hold_id,
                    start=held.start,
                    end=held.end,
                    staff_id=calendar,
                    expires_at=expires_at.astimezone(zone),
                )
            )
        await series_code_mail(conn, account, tenant, service, code, starts, expires_at, now)
        work.mailed()
        work.emit_all(holds_released(tenant.id, await load_shapes(conn, let_go, zone)))
        work.emit_all(events)
    return SeriesHold(
        id=holds[0].id, series_id=series_id, holds=holds, expires_at=expires_at.astimezone(zone)
    )
