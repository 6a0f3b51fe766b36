"""Lookups that several use-cases share. Every query of business data is scoped by tenant."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from store.schema import (
    ACTIVE_STATUSES,
    appointments,
    customer_accounts,
    customers,
    locations,
    services,
    staff,
    tenants,
)

Row = dict[str, Any]


async def one(conn: AsyncConnection, query: Select[Any]) -> Row | None:
    row = (await conn.execute(query)).first()
    return dict(row._mapping) if row else None


async def tenant_by_id(conn: AsyncConnection, tenant_id: str) -> Row | None:
    return await one(conn, select(tenants).where(tenants.c.id == tenant_id))


async def tenant_by_slug(conn: AsyncConnection, slug: str) -> Row | None:
    return await one(conn, select(tenants).where(tenants.c.slug == slug))


async def owned(conn: AsyncConnection, table: Any, tenant_id: str, row_id: Any) -> Row | None:
    """A row of `table` with that id, only if it belongs to the business."""
    if not isinstance(row_id, str):
        return None
    return await one(
        conn, select(table).where(and_(table.c.id == row_id, table.c.tenant_id == tenant_id))
    )


def appointment_query() -> Select[Any]:
    """Appointments with the name to show: the business's record, else the booking account's."""
    name = func.coalesce(
        customers.c.first_name + " " + customers.c.last_name,
        customer_accounts.c.first_name + " " + customer_accounts.c.last_name,
        "",
    )
    return select(appointments, name.label("customer_name")).select_from(
        appointments.outerjoin(customers, customers.c.id == appointments.c.customer_id).outerjoin(
            customer_accounts, customer_accounts.c.id == appointments.c.account_id
        )
    )


async def appointment(conn: AsyncConnection, tenant_id: str, appointment_id: str) -> Row | None:
    return await one(
        conn,
        appointment_query().where(
            and_(appointments.c.id == appointment_id, appointments.c.tenant_id == tenant_id)
        ),
    )


async def active_in_calendar(
    conn: AsyncConnection, staff_ids: Sequence[str], start: datetime, end: datetime
) -> list[Row]:
    """Active appointments (held, requested, booked) in these calendars that touch [start, end)."""
    rows = await conn.execute(
        select(
            appointments.c.id,
            appointments.c.staff_id,
            appointments.c.start_at,
            appointments.c.end_at,
            appointments.c.status,
            appointments.c.expires_at,
            services.c.buffer_before_minutes,
            services.c.buffer_after_minutes,
        )
        .select_from(appointments.join(services, services.c.id == appointments.c.service_id))
        .where(
            and_(
                appointments.c.staff_id.in_(staff_ids),
                appointments.c.status.in_(ACTIVE_STATUSES),
                appointments.c.start_at < end,
                appointments.c.end_at > start,
            )
        )
    )
    return [dict(r._mapping) for r in rows]


async def release_expired_holds(
    conn: AsyncConnection, now: datetime, staff_id: str | None = None, limit: int = 200
) -> list[str]:
    """Marks holds whose deadline passed as released; returns their ids (each id only once, ever)."""
    due = and_(appointments.c.status == "held", appointments.c.expires_at <= now)
    if staff_id is not None:
        due = and_(due, appointments.c.staff_id == staff_id)
    ids = (await conn.execute(select(appointments.c.id).where(due).limit(limit))).scalars().all()
    if not ids:
        return []
    released = await conn.execute(
        update(appointments)
        .where(and_(appointments.c.id.in_(ids), due))
        .values(status="released", updated_at=now)
        .returning(appointments.c.id)
    )
    return list(released.scalars().all())


async def location_names(conn: AsyncConnection, tenant_id: str) -> dict[str, str]:
    rows = await conn.execute(
        select(locations.c.id, locations.c.name).where(locations.c.tenant_id == tenant_id)
    )
    return {r.id: r.name for r in rows}


async def staff_names(conn: AsyncConnection, tenant_id: str) -> dict[str, str]:
    rows = await conn.execute(
        select(staff.c.id, staff.c.name).where(staff.c.tenant_id == tenant_id)
    )
    return {r.id: r.name for r in rows}


def new_id() -> str:
    """A random, unguessable id (ids appear in URLs and must not be enumerable)."""
    return secrets.token_hex(16)
