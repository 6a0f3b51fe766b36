"""A customer's record with their appointments: upcoming ones first, then the past a page at a time.

Each appointment comes as the calendar shows it, with its note; the desk edits a note through the
calendar's own PATCH, so a note written in either place shows in both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customers as records
from actions.attendance import summary
from actions.context import Deps
from actions.errors import BadInput
from actions.proposals import open_for
from actions.views import appointment_shape
from contract.appointments import Appointment
from contract.customers import CustomerView
from contract.enums import AppointmentStatus
from store.queries import appointment_query, is_id, one, tenant_by_id
from store.schema import appointments

#: More upcoming appointments than any one customer keeps; the view shows them all.
MOST_UPCOMING = 500


def _of(customer_id: str) -> ColumnElement[bool]:
    return and_(
        appointments.c.customer_id == customer_id, appointments.c.status != AppointmentStatus.RELEASED
    )


async def _shapes(conn: AsyncConnection, query: Select[Any], zone: ZoneInfo) -> list[Appointment]:
    return [appointment_shape(dict(r._mapping), zone) for r in await conn.execute(query)]


async def _before(conn: AsyncConnection, customer_id: str, cursor: str | None) -> ColumnElement[bool] | None:
    """The past appointments after the one named by the cursor, in the order shown (latest first)."""
    if cursor is None:
        return None
    last = (
        None
        if not is_id(cursor)
        else await one(
            conn,
            select(appointments.c.start_at, appointments.c.id).where(
                and_(_of(customer_id), appointments.c.id == cursor)
            ),
        )
    )
    if last is None:
        raise BadInput(
            "invalid_field", "past_before is the past_next of an earlier answer.", field="past_before"
        )
    return or_(
        appointments.c.start_at < last["start_at"],
        and_(appointments.c.start_at == last["start_at"], appointments.c.id < last["id"]),
    )


async def detail(
    deps: Deps, tenant_id: str, customer_id: str, *, past_limit: int = 50, past_before: str | None = None
) -> CustomerView:
    """The customer view: the record, its upcoming appointments and a page of its past ones."""
    now: datetime = deps.clock()
    async with deps.store.read() as conn:
        record = await records.own(conn, tenant_id, customer_id)
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        zone = ZoneInfo(tenant.timezone)
        mine = and_(appointments.c.tenant_id == tenant_id, _of(record["id"]))
        upcoming = await _shapes(
            conn,
            appointment_query()
            .where(and_(mine, appointments.c.start_at >= now))
            .order_by(appointments.c.start_at, appointments.c.id)
            .limit(MOST_UPCOMING),
            zone,
        )
        past_query = appointment_query().where(and_(mine, appointments.c.start_at < now))
        after_cursor = await _before(conn, record["id"], past_before)
        if after_cursor is not None:
            past_query = past_query.where(after_cursor)
        past = await _shapes(
            conn,
            past_query.order_by(appointments.c.start_at.desc(), appointments.c.id.desc()).limit(
                past_limit + 1
            ),
            zone,
        )
        past_total = (
            await conn.execute(select(func.count()).where(and_(mine, appointments.c.start_at < now)))
        ).scalar_one()
        shown = (await records.load_customers(conn, tenant_id, [record["id"]]))[0]
        proposal = await open_for(conn, record, zone)
        attendance = await summary(conn, tenant_id, record["id"], zone)
    more = len(past) > past_limit
    past = past[:past_limit]
    return CustomerView(
        customer=shown,
        upcoming=upcoming,
        past=past,
        past_total=past_total,
        past_next=past[-1].id if more else None,
        proposal=proposal,
        attendance=attendance,
    )
