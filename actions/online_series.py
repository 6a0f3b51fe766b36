"""Series online: which of a customer's weekly dates are free online slots, by the same rules as a
single online hold (opening and calendar hours, buffers, notice, horizon, closures, closed
holidays), and the nearest free online slots for the others. Not the desk's looser rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from actions.availability import Question, ask
from actions.context import Deps
from actions.errors import BadInput, NotFound
from actions.holds import REASONS
from actions.licence_limits import check_online_booking
from actions.staff_choice import check_person, check_required
from contract.online_series import OnlineSeriesAsked, OnlineSeriesDate, OnlineSeriesPreview
from contract.series import Alternative
from scheduling.series import Repeat, expand, nearest_starts
from store.queries import Row, offer, owned
from store.rows import Tenant
from store.schema import staff

#: How many days after a date its alternatives are looked for (its own day included: a week).
ALTERNATIVE_DAYS = 6

FREE, TAKEN, CLOSED = "free", "taken", "closed"


@dataclass(frozen=True)
class Place:
    tenant: Tenant
    service: Row
    location: Row


@dataclass(frozen=True)
class DateCheck:
    """How one date stands online: the calendars free for it, and why not where none is."""

    start: datetime
    end: datetime
    free: list[str]
    state: str
    reason: str | None
    question: Question


async def place(
    conn: AsyncConnection, deps: Deps, slug: str, service_id: str, location_id: str, staff_id: str | None
) -> Place:
    """The business, service and location of an online series, checked as a single hold checks
    them, and the service must allow series online."""
    tenant, service, location = await offer(conn, slug, service_id, location_id)
    if tenant is None:
        raise NotFound("The business")
    await check_online_booking(conn, deps.settings, tenant, deps.clock())
    if not service or service["deleted_at"] is not None:
        raise NotFound("The service")
    if not location or location["deactivated_at"] is not None:
        raise NotFound("The location")
    if staff_id is not None:
        if not await owned(conn, staff, tenant.id, staff_id):
            raise NotFound("The calendar")
        await check_person(conn, tenant, service, staff_id)
    check_required(tenant, staff_id)
    if (service["series_online"] or 0) < 2:
        raise BadInput(
            "series_not_offered", "This service cannot be booked online as a series.", field="service_id"
        )
    return Place(tenant, service, location)


def check_count(place: Place, count: int) -> None:
    most = int(place.service["series_online"])
    if count > most:
        raise BadInput(
            "series_too_long", f"This service is booked online in series of at most {most} dates.", most=most
        )


async def check_date(
    conn: AsyncConnection,
    where: Place,
    start: datetime,
    now: datetime,
    staff_id: str | None,
    *,
    days: int = 0,
) -> DateCheck:
    """Asks online availability about one date (and, with `days`, the days after it)."""
    zone = where.tenant.zone
    day = start.astimezone(zone).date()
    question = await ask(
        conn,
        tenant=where.tenant,
        service=where.service,
        location=where.location,
        first=day,
        last=day + timedelta(days=days),
        now=now,
        staff_id=staff_id,
    )
    problems = question.problems(start, now)
    free = [s for s, problem in problems.items() if problem is None]
    reason: str | None = None
    if free:
        state = FREE
    elif "taken" in problems.values():
        state = TAKEN
    else:
        state = CLOSED
        reason = next((p for p in problems.values() if p in REASONS), "closed")
    end = start + timedelta(minutes=where.service["duration_minutes"])
    return DateCheck(start, end, free, state, reason, question)


def refuse_closed(checks: Sequence[DateCheck], zone: Any) -> None:
    """400 `not_bookable` naming the first date that is no free online slot for a reason other than
    someone else's booking."""
    for check in checks:
        if check.state == CLOSED:
            reason = check.reason or "closed"
            raise BadInput(
                "not_bookable",
                f"{check.start.astimezone(zone).isoformat()}: {REASONS.get(reason, REASONS['closed'])}",
                reason=reason,
                start=check.start.astimezone(zone).isoformat(),
            )


def taken_dates(checks: Sequence[DateCheck], zone: Any) -> list[dict[str, str]]:
    return [
        {"start": c.start.astimezone(zone).isoformat(), "end": c.end.astimezone(zone).isoformat()}
        for c in checks
        if c.state == TAKEN
    ]


async def preview(deps: Deps, slug: str, asked: OnlineSeriesAsked) -> OnlineSeriesPreview:
    """Each weekly date from the picked time with its online state, and for a taken or closed one up
    to three free online slots nearest to it (its own day first, then the following days)."""
    now = deps.clock()
    async with deps.store.read() as conn:
        where = await place(conn, deps, slug, asked.service_id, asked.location_id, asked.staff_id)
        check_count(where, asked.count)
        zone = where.tenant.zone
        repeat = Repeat(every_weeks=asked.every_weeks, weekdays=frozenset(), count=asked.count, until=None)
        dates: list[OnlineSeriesDate] = []
        for start in expand(asked.start, zone, repeat):
            check = await check_date(conn, where, start, now, asked.staff_id, days=ALTERNATIVE_DAYS)
            others: list[datetime] = []
            if check.state != FREE:
                free = [s.start for s in check.question.slots(now)]
                others = nearest_starts(start, free, zone=zone, days=ALTERNATIVE_DAYS)
            duration = check.end - check.start
            dates.append(
                OnlineSeriesDate(
                    start=check.start.astimezone(zone),
                    end=check.end.astimezone(zone),
                    state=check.state,  # type: ignore[arg-type]
                    reason=check.reason,
                    alternatives=[
                        Alternative(start=a.astimezone(zone), end=(a + duration).astimezone(zone))
                        for a in others
                    ],
                )
            )
    return OnlineSeriesPreview(dates=dates)
