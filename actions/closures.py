"""Closures: sickness and vacation shut whole local days, a pause a time range, for one calendar or
for the whole business.

Creating one is a preview first: with appointments in the way and no confirmation nothing is
written and the answer lists them. Confirmed, one transaction writes the closure, cancels every
appointment in the way (pending holds are released) and queues one mail per customer address.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, insert, update

from actions.context import Deps
from actions.customer_mail import mail_cancelled
from actions.errors import BadInput, Conflict, NotFound
from actions.views import appointment_view, load_views, local_iso
from realtime.events import Event
from scheduling import CLOSURE_KINDS, Interval, closure_interval
from scheduling.closures import WHOLE_DAY_KINDS
from store import SlotTaken
from store.queries import (
    appointment_query,
    closures_touching,
    lock_calendars,
    new_id,
    occupying,
    owned,
    starts_near,
    tenant_by_id,
)
from store.schema import ACTIVE_STATUSES, appointments, closures, staff

#: The longest closure, and the longest range one listing may ask for.
MAX_DAYS = 366


def closure_view(row: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """A closure as the staff calendar shows it; `staff_id` null means the whole business."""
    return {
        "id": row["id"],
        "staff_id": row["staff_id"],
        "kind": row["kind"],
        "start": local_iso(row["start_at"], zone),
        "end": local_iso(row["end_at"], zone),
        "all_day": row["kind"] in WHOLE_DAY_KINDS,
        "note": row["note"],
    }


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _interval(kind: str, start: date | datetime, end: date | datetime, zone: ZoneInfo) -> Interval:
    """The UTC interval the closure shuts, or a 400 naming what is wrong with the input."""
    if kind not in CLOSURE_KINDS:
        raise BadInput("invalid_kind", f"kind is one of {', '.join(CLOSURE_KINDS)}.", field="kind")
    try:
        shut = closure_interval(kind, start, end, zone)
    except ValueError as error:
        raise BadInput("invalid_range", str(error), field="end") from error
    # Counted in local days for whole-day closures, so a DST change cannot push one past the limit.
    if kind in WHOLE_DAY_KINDS:
        days: float = (_day(end) - _day(start)).days + 1
    else:
        days = (shut.end - shut.start) / timedelta(days=1)
    if days > MAX_DAYS:
        raise BadInput("invalid_range", f"A closure lasts at most {MAX_DAYS} days.", field="end")
    return shut


async def create(
    deps: Deps,
    tenant_id: str,
    *,
    kind: str,
    start: date | datetime,
    end: date | datetime,
    staff_id: str | None = None,
    confirm: bool = False,
    message: str = "",
    note: str = "",
    created_by: str | None = None,
) -> dict[str, Any]:
    """Writes a closure; 409 `conflicts` listing the appointments in the way unless `confirm`.

    Appointments that have ended stay as they were: a sick day entered at noon cancels what is
    still to come that day.
    """
    now = deps.clock()
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        if staff_id is not None and not await owned(conn, staff, tenant_id, staff_id):
            raise NotFound("The calendar")
    zone = ZoneInfo(tenant.timezone)
    shut = _interval(kind, start, end, zone)
    closure_id = new_id()
    try:
        async with deps.store.write() as conn:
            # Locked before looking: an appointment being placed meanwhile is either seen here
            # or waits for this transaction and then meets the guard of migration 0002.
            await lock_calendars(conn, tenant_id, [staff_id] if staff_id else None, exclusive=True)
            ahead = [
                row
                for row in await _active_ahead(conn, tenant_id, staff_id, shut, now)
                if not (row["status"] == "held" and row["expires_at"] <= now)
            ]
            if ahead and not confirm:
                raise Conflict(
                    "conflicts",
                    "Appointments lie in the way. Confirm to cancel them all.",
                    appointments=[appointment_view(row, zone) for row in ahead],
                )
            # Expired holds that the expiry loop has not reached yet are released too, unmailed.
            expired = await _release_expired(conn, tenant_id, staff_id, shut, now)
            holds = [row["id"] for row in ahead if row["status"] == "held"]
            booked = [row["id"] for row in ahead if row["status"] != "held"]
            await _set_status(conn, holds, "released", now)
            await _set_status(conn, booked, "cancelled", now)
            await conn.execute(
                insert(closures).values(
                    id=closure_id,
                    tenant_id=tenant_id,
                    staff_id=staff_id,
                    kind=kind,
                    start_at=shut.start,
                    end_at=shut.end,
                    note=note,
                    created_at=now,
                    created_by=created_by,
                )
            )
            mailed = await mail_cancelled(conn, tenant, [row["id"] for row in ahead], message, now)
            changed = await load_views(conn, [*holds, *booked, *expired], zone)
            written = await _one_closure(conn, tenant_id, closure_id)
            assert written is not None
            view = closure_view(written, zone)
    except SlotTaken as error:  # only when a lock was lost and someone booked in between
        raise Conflict(
            "slot_taken", "Something was booked into this time just now. Please try again."
        ) from error
    events = [Event(tenant_id, "closure.created", view)]
    for item in changed:
        if item["status"] == "released":
            events.append(Event(tenant_id, "hold.released", item))
        else:
            events.append(Event(tenant_id, "appointment.cancelled", item))
    events.append(Event(tenant_id, "availability.changed", {}))
    await deps.notify(events, mail=mailed > 0)
    return view


async def list_range(
    deps: Deps, tenant_id: str, start: datetime, end: datetime, staff_id: str | None = None
) -> list[dict[str, Any]]:
    """Closures that touch [start, end); with `staff_id`, that calendar's and the business's."""
    if end <= start:
        raise BadInput("invalid_range", "`to` must come after `from`.", field="to")
    if end - start > timedelta(days=MAX_DAYS + 1):
        raise BadInput("invalid_range", f"Ask for at most {MAX_DAYS} days at a time.", field="to")
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        rows = await closures_touching(
            conn, tenant_id, start, end, [staff_id] if staff_id is not None else None
        )
    zone = ZoneInfo(tenant.timezone)
    return [closure_view(row, zone) for row in rows]


async def remove(deps: Deps, tenant_id: str, closure_id: str) -> None:
    """Deletes a closure; its time is open for booking again where hours allow."""
    async with deps.store.write() as conn:
        row = await _one_closure(conn, tenant_id, closure_id)
        if row is None:
            raise NotFound("The closure")
        await conn.execute(delete(closures).where(closures.c.id == row["id"]))
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
    view = closure_view(row, ZoneInfo(tenant.timezone))
    await deps.notify(
        [
            Event(tenant_id, "closure.deleted", view),
            Event(tenant_id, "availability.changed", {}),
        ]
    )


async def _one_closure(conn: Any, tenant_id: str, closure_id: str) -> dict[str, Any] | None:
    return await owned(conn, closures, tenant_id, closure_id)


def _ahead_filter(tenant_id: str, staff_id: str | None, shut: Interval, now: datetime) -> Any:
    """Active appointments in the closed calendars that overlap what is left of it after `now`."""
    condition = and_(
        appointments.c.tenant_id == tenant_id,
        occupying(),
        starts_near(max(shut.start, now), shut.end),
    )
    if staff_id is not None:
        condition = and_(condition, appointments.c.staff_id == staff_id)
    return condition


async def _active_ahead(
    conn: Any, tenant_id: str, staff_id: str | None, shut: Interval, now: datetime
) -> list[dict[str, Any]]:
    if shut.end <= now:
        return []
    query = appointment_query().where(_ahead_filter(tenant_id, staff_id, shut, now))
    rows = await conn.execute(query.order_by(appointments.c.start_at, appointments.c.id))
    return [dict(r._mapping) for r in rows]


async def _release_expired(
    conn: Any, tenant_id: str, staff_id: str | None, shut: Interval, now: datetime
) -> list[str]:
    if shut.end <= now:
        return []
    result = await conn.execute(
        update(appointments)
        .where(
            and_(
                _ahead_filter(tenant_id, staff_id, shut, now),
                appointments.c.status == "held",
                appointments.c.expires_at <= now,
            )
        )
        .values(status="released", updated_at=now)
        .returning(appointments.c.id)
    )
    return list(result.scalars().all())


async def _set_status(conn: Any, ids: list[str], status: str, now: datetime) -> None:
    if ids:
        await conn.execute(
            update(appointments)
            .where(and_(appointments.c.id.in_(ids), appointments.c.status.in_(ACTIVE_STATUSES)))
            .values(status=status, updated_at=now)
        )
