"""Gathers what the scheduling core needs from the store, and asks it for free slots."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.errors import BadInput, NotFound
from actions.holidays import closed_intervals
from actions.staff_choice import check_person
from contract.public import FreeSlot, Slots
from scheduling import (
    CalendarInput,
    Interval,
    Policy,
    Slot,
    free_slots,
    local_day_bounds,
    parse_weekly,
    slot_problem,
    weekly_intervals,
)
from store.queries import busy_times, closures_touching, owned, tenant_by_slug
from store.rows import Tenant
from store.schema import locations, service_staff, services, staff, staff_hours

#: The longest range one availability request may ask for.
MAX_DAYS = 62


@dataclass(frozen=True)
class Question:
    """Everything that decides the free slots of one service at one location in one window."""

    opening: tuple[Interval, ...]
    calendars: tuple[CalendarInput, ...]
    duration: timedelta
    buffer_before: timedelta
    buffer_after: timedelta
    window: Interval
    zone: ZoneInfo
    policy: Policy

    def slots(self, now: datetime) -> list[Slot]:
        return free_slots(
            opening=self.opening,
            calendars=self.calendars,
            duration=self.duration,
            window=self.window,
            zone=self.zone,
            now=now,
            policy=self.policy,
            buffer_before=self.buffer_before,
            buffer_after=self.buffer_after,
        )

    def problems(self, start: datetime, now: datetime) -> dict[str, str | None]:
        """For each calendar asked about, why a customer may not book `start` there (None: free)."""
        return {
            calendar.staff_id: slot_problem(
                start=start,
                opening=self.opening,
                calendar=calendar,
                duration=self.duration,
                zone=self.zone,
                now=now,
                policy=self.policy,
                buffer_before=self.buffer_before,
                buffer_after=self.buffer_after,
            )
            for calendar in self.calendars
        }


async def _busy(
    conn: AsyncConnection, staff_ids: list[str], start: datetime, end: datetime, now: datetime
) -> dict[str, list[Interval]]:
    """Each calendar's busy time in [start, end), widened by the buffers of the booked services."""
    busy_of: dict[str, list[Interval]] = {}
    for busy_start, busy_end, before, after, busy_calendars in await busy_times(
        conn, staff_ids, start, end, now
    ):
        interval = Interval(busy_start - timedelta(minutes=before), busy_end + timedelta(minutes=after))
        for staff_id in busy_calendars:
            busy_of.setdefault(staff_id, []).append(interval)
    return busy_of


def _offering_query(one_calendar: bool) -> Select[Any]:
    """The calendars in use that offer a service, each with its weekly hours at a location (if set)
    and whether that location is the business's first in use."""
    hours_here = and_(
        staff_hours.c.staff_id == staff.c.id, staff_hours.c.location_id == bindparam("location_id")
    )
    first_location = (
        select(locations.c.id)
        .where(and_(locations.c.tenant_id == bindparam("tenant_id"), locations.c.deactivated_at.is_(None)))
        .order_by(locations.c.created_at, locations.c.id)
        .limit(1)
        .scalar_subquery()
    )
    offering = (
        select(
            staff.c.id,
            staff.c.user_id,
            staff_hours.c.weekly,
            (first_location == bindparam("location_id")).label("first_location"),
        )
        .select_from(
            staff.join(service_staff, service_staff.c.staff_id == staff.c.id).outerjoin(
                staff_hours, hours_here
            )
        )
        .where(
            and_(
                service_staff.c.service_id == bindparam("service_id"),
                staff.c.tenant_id == bindparam("tenant_id"),
                staff.c.deactivated_at.is_(None),
            )
        )
    )
    if one_calendar:
        offering = offering.where(staff.c.id == bindparam("staff_id"))
    return offering.order_by(staff.c.position, staff.c.created_at)


#: Built once: every availability question runs one of them.
_OFFERING = {False: _offering_query(False), True: _offering_query(True)}


def policy_of(tenant: Tenant) -> Policy:
    return Policy(
        step_minutes=tenant.slot_step_minutes,
        min_notice_minutes=tenant.min_notice_minutes,
        horizon_days=tenant.horizon_days,
    )


async def ask(
    conn: AsyncConnection,
    *,
    tenant: Tenant,
    service: dict[str, Any],
    location: dict[str, Any],
    first: date,
    last: date,
    now: datetime,
    staff_id: str | None = None,
) -> Question:
    """Loads opening hours, each offering calendar's hours at the location, busy time and closures
    (each calendar's own and the whole business's)."""
    zone = ZoneInfo(tenant.timezone)
    window = local_day_bounds(zone, first, last)
    opening = tuple(weekly_intervals(parse_weekly(location["opening_hours"]), zone, first, last))
    values = {"service_id": service["id"], "tenant_id": tenant.id, "location_id": location["id"]}
    if staff_id is not None:
        values["staff_id"] = staff_id
    calendars = (await conn.execute(_OFFERING[staff_id is not None], values)).all()
    hours = {c.id: c.weekly for c in calendars if c.weekly is not None}
    # Busy time may reach into the window from a neighbouring day through buffers.
    margin = timedelta(days=1)
    ids = [c.id for c in calendars]
    busy_of = await _busy(conn, ids, window.start - margin, window.end + margin, now)
    shut = await closures_touching(conn, tenant.id, window.start - margin, window.end + margin, ids)
    # Closed public holidays shut every calendar for online booking, whole local days.
    holidays = await closed_intervals(conn, tenant, first - margin, last + margin)
    # Calendars often share their weekly hours; each distinct week is laid onto the days once.
    laid: dict[str, tuple[Interval, ...]] = {}
    inputs = []
    for calendar in calendars:
        if calendar.id in hours:
            weekly = hours[calendar.id]
            key = json.dumps(weekly, sort_keys=True)
            if key not in laid:
                laid[key] = tuple(weekly_intervals(parse_weekly(weekly), zone, first, last))
            bookable = laid[key]
        elif calendar.user_id is not None and calendar.first_location:
            # A person's own calendar follows the opening hours until its hours are set, at the
            # business's first location only: a second location is bookable once hours say so.
            bookable = opening
        else:
            continue
        closed = tuple(
            Interval(row["start_at"], row["end_at"])
            for row in shut
            if row["staff_id"] is None or row["staff_id"] == calendar.id
        )
        inputs.append(
            CalendarInput(
                staff_id=calendar.id,
                bookable=bookable,
                busy=tuple(busy_of.get(calendar.id, ())),
                closures=closed + holidays,
            )
        )
    return Question(
        opening=opening,
        calendars=tuple(inputs),
        duration=timedelta(minutes=service["duration_minutes"]),
        buffer_before=timedelta(minutes=service["buffer_before_minutes"]),
        buffer_after=timedelta(minutes=service["buffer_after_minutes"]),
        window=window,
        zone=zone,
        policy=policy_of(tenant),
    )


async def offered_slots(
    deps: Deps,
    slug: str,
    *,
    service_id: str | None,
    location_id: str | None,
    first: date | None,
    last: date | None,
    staff_id: str | None = None,
) -> Slots:
    """The free, bookable slots of a service at a location (the business's first when not named),
    from `first` (today) to `last` (six days on), in the business's own offset; with `staff_id`,
    that person's only."""
    now = deps.clock()
    async with deps.store.read() as conn:
        tenant = await tenant_by_slug(conn, slug)
        if tenant is None:
            raise NotFound("The business")
        first = first or now.astimezone(tenant.zone).date()
        last = last or first + timedelta(days=6)
        if last < first:
            raise BadInput("invalid_range", "`to` must not come before `from`.", field="to")
        if (last - first).days >= MAX_DAYS:
            raise BadInput("invalid_range", f"Ask for at most {MAX_DAYS} days at a time.", field="to")
        service = await owned(conn, services, tenant.id, service_id)
        if not service or service["deleted_at"] is not None:
            raise NotFound("The service")
        if location_id is None:
            location_id = await _first_location(conn, tenant.id)
        location = await owned(conn, locations, tenant.id, location_id)
        if not location or location["deactivated_at"] is not None:
            raise NotFound("The location")
        if staff_id is not None:
            await check_person(conn, tenant, service, staff_id)
        question = await ask(
            conn,
            tenant=tenant,
            service=service,
            location=location,
            first=first,
            last=last,
            now=now,
            staff_id=staff_id,
        )
    zone = tenant.zone
    return Slots(
        timezone=tenant.timezone,
        slots=[
            FreeSlot(start=s.start.astimezone(zone), end=s.end.astimezone(zone), staff_ids=list(s.staff_ids))
            for s in question.slots(now)
        ],
    )


async def _first_location(conn: AsyncConnection, tenant_id: str) -> str | None:
    first = await conn.execute(
        select(locations.c.id)
        .where(and_(locations.c.tenant_id == tenant_id, locations.c.deactivated_at.is_(None)))
        .order_by(locations.c.created_at, locations.c.id)
    )
    row = first.first()
    return str(row.id) if row else None
