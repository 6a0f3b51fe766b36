"""Series at the desk: the preview of a weekly rule's dates in a calendar, and booking the dates
chosen, all of them in one transaction or none. Like single desk bookings, a series may leave the
calendar's hours, never lie over anything else in it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customers as customer_records
from actions.appointments import _tenant, in_the_way, in_use, must_offer, taken
from actions.availability import _OFFERING
from actions.context import Deps
from actions.errors import BadInput, Conflict, NotFound
from actions.history import APPOINTMENT, CUSTOMER, record, record_expired
from actions.series_mail import mail_series
from actions.views import tenant_shapes
from contract.appointments import Obstacle
from contract.enums import AppointmentStatus, SlotState, Source
from contract.history import Action
from contract.series import (
    Alternative,
    NewSeries,
    RepeatRule,
    SeriesAsked,
    SeriesBooked,
    SeriesDate,
    SeriesPreview,
)
from realtime.events import Event, holds_released, slot_changed
from scheduling import Interval, intersect, local_day_bounds, parse_weekly, weekly_intervals
from scheduling.series import CLOSED, TAKEN, Occupancy, Repeat, SeriesError, expand
from store import SlotTaken, Stalled
from store.queries import (
    Row,
    closures_touching,
    new_id,
    occupying,
    owned,
    release_expired_holds,
    starts_near,
)
from store.rows import Tenant
from store.schema import appointments, locations, series, services, staff

#: How many days after a taken date its alternatives are looked for (its own day included: a week).
ALTERNATIVE_DAYS = 6


def repeat_of(rule: RepeatRule) -> Repeat:
    """The scheduling rule of the rule asked for; a rule that gives no series is a 400."""
    try:
        return Repeat(
            every_weeks=rule.every_weeks,
            weekdays=frozenset(rule.weekdays),
            count=rule.count,
            until=rule.until,
        )
    except SeriesError as error:
        raise BadInput(error.code, str(error), field=f"repeat.{error.field}") from error


async def _place(conn: AsyncConnection, tenant_id: str, asked: SeriesAsked | NewSeries) -> tuple[Row, Row]:
    """The service and location of a series, checked as a single desk booking checks them."""
    if not await in_use(conn, staff, tenant_id, asked.staff_id):
        raise NotFound("The calendar")
    location = await in_use(conn, locations, tenant_id, asked.location_id)
    if not location:
        raise NotFound("The location")
    service = await owned(conn, services, tenant_id, asked.service_id)
    if not service or service["deleted_at"] is not None:
        raise NotFound("The service")
    await must_offer(conn, asked.service_id, asked.staff_id, field="service_id")
    return service, location


#: The weekly hours of a calendar that follows its location's opening hours.
OPENING_HOURS: dict[str, Any] = {}


async def _calendar_hours(conn: AsyncConnection, tenant_id: str, asked: SeriesAsked) -> Any:
    """The calendar's weekly hours at the location as online booking reads them (actions/
    availability.py): its own where set, the opening hours (OPENING_HOURS) for a person's own
    calendar at the first location, else None: no hours there."""
    values = {
        "service_id": asked.service_id,
        "tenant_id": tenant_id,
        "location_id": asked.location_id,
        "staff_id": asked.staff_id,
    }
    found = (await conn.execute(_OFFERING[True], values)).first()
    if found is None:
        return None
    if found.weekly is not None:
        return found.weekly
    return OPENING_HOURS if found.user_id is not None and found.first_location else None


def _windows(starts: Sequence[datetime], tenant: Tenant) -> list[list[datetime]]:
    """The starts in runs whose days (each with the week of alternatives after it) meet, so that
    each run's calendar is read once."""
    runs: list[list[datetime]] = []
    for start in starts:
        day = start.astimezone(tenant.zone).date()
        if runs:
            last = runs[-1][-1].astimezone(tenant.zone).date()
            if (day - last).days <= ALTERNATIVE_DAYS + 1:
                runs[-1].append(start)
                continue
        runs.append([start])
    return runs


async def preview(deps: Deps, tenant_id: str, asked: SeriesAsked) -> SeriesPreview:
    """Each date of the rule with its state in the calendar (free, taken, closed, outside its
    hours) and, for a taken or closed one, the nearest free times to pick instead."""
    now = deps.clock()
    repeat = repeat_of(asked.repeat)
    if asked.start < now:
        raise BadInput("in_past", "This time has already passed.", field="start")
    async with deps.store.read() as conn:
        tenant = await _tenant(conn, tenant_id)
        service, location = await _place(conn, tenant_id, asked)
        try:
            starts = expand(asked.start, tenant.zone, repeat)
        except SeriesError as error:
            raise BadInput(error.code, str(error), field=f"repeat.{error.field}") from error
        duration = timedelta(minutes=service["duration_minutes"])
        weekly = await _calendar_hours(conn, tenant_id, asked)
        dates: list[SeriesDate] = []
        for run in _windows(starts, tenant):
            first = run[0].astimezone(tenant.zone).date()
            last = run[-1].astimezone(tenant.zone).date() + timedelta(days=ALTERNATIVE_DAYS)
            window = local_day_bounds(tenant.zone, first, last)
            opening = weekly_intervals(parse_weekly(location["opening_hours"]), tenant.zone, first, last)
            if weekly is OPENING_HOURS:
                bookable = opening
            else:
                bookable = weekly_intervals(parse_weekly(weekly), tenant.zone, first, last) if weekly else []
            occupied = select(appointments.c.start_at, appointments.c.end_at).where(
                and_(
                    appointments.c.staff_id == asked.staff_id,
                    occupying(now),
                    starts_near(window.start, window.end),
                )
            )
            busy: list[tuple[datetime, datetime]] = [(row[0], row[1]) for row in await conn.execute(occupied)]
            shut = [
                (c["start_at"], c["end_at"])
                for c in await closures_touching(conn, tenant_id, window.start, window.end, [asked.staff_id])
            ]
            calendar = Occupancy(hours=intersect(opening, bookable), busy=busy, closures=shut)
            for start in run:
                slot = Interval(start, start + duration)
                state = calendar.state(slot)
                others = (
                    calendar.alternatives(
                        slot,
                        zone=tenant.zone,
                        step_minutes=tenant.slot_step_minutes,
                        not_before=now,
                        days=ALTERNATIVE_DAYS,
                    )
                    if state in (TAKEN, CLOSED)
                    else []
                )
                dates.append(
                    SeriesDate(
                        start=slot.start.astimezone(tenant.zone),
                        end=slot.end.astimezone(tenant.zone),
                        state=state,  # type: ignore[arg-type]
                        alternatives=[
                            Alternative(
                                start=a.start.astimezone(tenant.zone), end=a.end.astimezone(tenant.zone)
                            )
                            for a in others
                        ],
                    )
                )
    return SeriesPreview(dates=dates)


def _chosen(new: NewSeries, duration: timedelta, now: datetime) -> list[Interval]:
    """The chosen dates as slots in order: in the future, none twice, none over another."""
    slots = [Interval(start, start + duration) for start in sorted(new.starts)]
    if slots[0].start < now:
        raise BadInput("in_past", "This time has already passed.", field="starts")
    for before, after in zip(slots, slots[1:], strict=False):
        if before.overlaps(after):
            raise BadInput("overlapping_starts", "Two chosen dates overlap each other.", field="starts")
    return slots


async def _conflicts(
    conn: AsyncConnection, tenant_id: str, staff_id: str, slots: Sequence[Interval], tenant: Tenant
) -> list[dict[str, Any]]:
    """For each slot with something in its way: the slot and what is there."""
    found: list[dict[str, Any]] = []
    for slot in slots:
        in_way: list[Obstacle] = await in_the_way(conn, tenant_id, staff_id, slot)
        if in_way:
            found.append(conflict_of(slot, in_way, tenant))
    return found


def conflict_of(slot: Interval, in_way: list[Obstacle], tenant: Tenant) -> dict[str, Any]:
    """A date of a series that cannot be booked or moved to, with what is in its way."""
    return {
        "start": slot.start.astimezone(tenant.zone).isoformat(),
        "end": slot.end.astimezone(tenant.zone).isoformat(),
        "in_way": taken(in_way).extra["conflicts"],
    }


def series_taken(conflicts: list[dict[str, Any]]) -> Conflict:
    return Conflict(
        "slot_taken",
        "Some of these dates are taken in that calendar; nothing was booked.",
        conflicts=conflicts,
    )


async def book(deps: Deps, tenant_id: str, new: NewSeries) -> SeriesBooked:
    """Books every chosen date for one customer, or none of them when any is taken."""
    now = deps.clock()
    repeat_of(new.repeat)
    new_values = (
        customer_records.clean_new_customer(
            new.new_customer.model_dump(mode="json", exclude_none=True), now.date()
        )
        if new.new_customer is not None
        else None
    )
    async with deps.store.read() as conn:
        tenant = await _tenant(conn, tenant_id)
        service, _ = await _place(conn, tenant_id, new)
        if new.customer_id is not None and not await customer_records.exists(
            conn, tenant_id, new.customer_id
        ):
            raise NotFound("The customer")
    slots = _chosen(new, timedelta(minutes=service["duration_minutes"]), now)
    series_id = new_id()
    ids = [new_id() for _ in slots]
    try:
        async with deps.work() as work:
            released = await release_expired_holds(work.conn, now, staff_id=new.staff_id)
            await record_expired(work, tenant_id, released)
            conflicts = await _conflicts(work.conn, tenant_id, new.staff_id, slots, tenant)
            if conflicts:
                raise series_taken(conflicts)
            if new_values is not None:
                customer_id = await customer_records.insert_customer(work.conn, tenant_id, new_values, now)
                await record(work, tenant_id, CUSTOMER, customer_id, Action.CREATED)
            else:
                assert new.customer_id is not None
                customer_id = new.customer_id
                await customer_records.own(work.conn, tenant_id, customer_id, lock="share")
            rule = {"start": new.start.isoformat(), **new.repeat.model_dump(mode="json", exclude_none=True)}
            await work.conn.execute(
                insert(series).values(
                    id=series_id, tenant_id=tenant_id, rule=rule, source=Source.DESK, created_at=now
                )
            )
            for appointment_id, slot in zip(ids, slots, strict=True):
                await work.conn.execute(
                    insert(appointments).values(
                        id=appointment_id,
                        tenant_id=tenant_id,
                        staff_id=new.staff_id,
                        location_id=new.location_id,
                        service_id=new.service_id,
                        customer_id=customer_id,
                        start_at=slot.start,
                        end_at=slot.end,
                        status=AppointmentStatus.BOOKED,
                        note=new.note,
                        source=Source.DESK,
                        series_id=series_id,
                        created_at=now,
                        updated_at=now,
                    )
                )
                placed = {"start_at": slot.start, "end_at": slot.end, "staff_id": new.staff_id}
                await record(work, tenant_id, APPOINTMENT, appointment_id, Action.BOOKED, after=placed)
            if new.notify and await mail_series(work.conn, deps.settings, tenant, ids, now):
                work.mailed()
            booked = await tenant_shapes(work.conn, tenant_id, ids)
            work.emit_all(holds_released(tenant_id, await tenant_shapes(work.conn, tenant_id, released)))
            for shown in booked:
                work.emit(
                    Event(tenant_id, "appointment.created", shown),
                    slot_changed(tenant_id, shown, SlotState.BOOKED),
                )
            if new_values is not None:
                work.emit(customer_records.changed(tenant_id, customer_id))
    except (SlotTaken, Stalled) as error:
        # Another writer got there between our check and our insert: say where, from what is there now.
        async with deps.store.read() as conn:
            conflicts = await _conflicts(conn, tenant_id, new.staff_id, slots, tenant)
        raise series_taken(conflicts) from error
    return SeriesBooked(series_id=series_id, appointments=booked)
