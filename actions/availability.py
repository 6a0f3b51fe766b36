"""Gathers what the scheduling core needs from the store, and asks it for free slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduling import (
    CalendarInput,
    Interval,
    Policy,
    Slot,
    free_slots,
    local_day_bounds,
    parse_weekly,
    weekly_intervals,
)
from store.queries import active_in_calendar
from store.schema import service_staff, staff, staff_hours

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


def policy_of(tenant: dict[str, Any]) -> Policy:
    return Policy(
        step_minutes=tenant["slot_step_minutes"],
        min_notice_minutes=tenant["min_notice_minutes"],
        horizon_days=tenant["horizon_days"],
    )


async def ask(
    conn: AsyncConnection,
    *,
    tenant: dict[str, Any],
    service: dict[str, Any],
    location: dict[str, Any],
    first: date,
    last: date,
    now: datetime,
    staff_id: str | None = None,
) -> Question:
    """Loads opening hours, each offering calendar's hours at the location, and busy time."""
    zone = ZoneInfo(tenant["timezone"])
    window = local_day_bounds(zone, first, last)
    opening = tuple(weekly_intervals(parse_weekly(location["opening_hours"]), zone, first, last))
    offering = (
        select(staff.c.id, staff.c.user_id)
        .select_from(staff.join(service_staff, service_staff.c.staff_id == staff.c.id))
        .where(and_(service_staff.c.service_id == service["id"], staff.c.tenant_id == tenant["id"]))
    )
    if staff_id is not None:
        offering = offering.where(staff.c.id == staff_id)
    calendars = (await conn.execute(offering.order_by(staff.c.position, staff.c.created_at))).all()
    hours = {
        r.staff_id: r.weekly
        for r in await conn.execute(
            select(staff_hours).where(
                and_(
                    staff_hours.c.location_id == location["id"],
                    staff_hours.c.staff_id.in_([c.id for c in calendars]),
                )
            )
        )
    }
    # Busy time may reach into the window from a neighbouring day through buffers.
    margin = timedelta(days=1)
    busy_rows = await active_in_calendar(
        conn, [c.id for c in calendars], window.start - margin, window.end + margin
    )
    inputs = []
    for calendar in calendars:
        if calendar.id in hours:
            bookable = tuple(weekly_intervals(parse_weekly(hours[calendar.id]), zone, first, last))
        elif calendar.user_id is not None:
            bookable = opening  # the owner's calendar follows the opening hours until set
        else:
            continue
        busy = tuple(
            Interval(
                row["start_at"] - timedelta(minutes=row["buffer_before_minutes"]),
                row["end_at"] + timedelta(minutes=row["buffer_after_minutes"]),
            )
            for row in busy_rows
            if row["staff_id"] == calendar.id
            and not (row["status"] == "held" and row["expires_at"] <= now)
        )
        inputs.append(CalendarInput(staff_id=calendar.id, bookable=bookable, busy=busy))
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
