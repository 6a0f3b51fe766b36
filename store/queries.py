"""Lookups that several use-cases share. Every query of business data is scoped by tenant."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from contract.enums import AppointmentStatus
from store.rows import Tenant
from store.schema import (
    ACTIVE_STATUSES,
    LONGEST_APPOINTMENT,
    appointments,
    closures,
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


async def tenant_by_id(conn: AsyncConnection, tenant_id: str) -> Tenant | None:
    row = (await conn.execute(select(tenants).where(tenants.c.id == tenant_id))).first()
    return Tenant.from_row(row) if row else None


async def tenant_by_slug(conn: AsyncConnection, slug: str) -> Tenant | None:
    row = (await conn.execute(select(tenants).where(tenants.c.slug == slug))).first()
    return Tenant.from_row(row) if row else None


def _offer_query() -> Select[Any]:
    def labelled(table: Any, prefix: str) -> list[Any]:
        return [column.label(f"{prefix}{column.name}") for column in table.c]

    service = and_(services.c.id == bindparam("service_id"), services.c.tenant_id == tenants.c.id)
    location = and_(locations.c.id == bindparam("location_id"), locations.c.tenant_id == tenants.c.id)
    return (
        select(tenants, *labelled(services, "s__"), *labelled(locations, "l__"))
        .select_from(tenants.outerjoin(services, service).outerjoin(locations, location))
        .where(tenants.c.slug == bindparam("slug"))
    )


#: Built once: the booking path runs it for every hold.
_OFFER = _offer_query()


async def offer(
    conn: AsyncConnection, slug: str, service_id: Any, location_id: Any
) -> tuple[Tenant | None, Row | None, Row | None]:
    """The business with that booking link, and its service and location with those ids (each None
    where there is none): one query, for the booking path where every round trip counts."""
    wanted = {
        "slug": slug,
        "service_id": service_id if is_id(service_id) else "",
        "location_id": location_id if is_id(location_id) else "",
    }
    row = (await conn.execute(_OFFER, wanted)).first()
    if row is None:
        return None, None, None
    found = row._mapping
    tenant = Tenant.from_mapping({column.name: found[column.name] for column in tenants.c})
    service = {column.name: found[f"s__{column.name}"] for column in services.c}
    location = {column.name: found[f"l__{column.name}"] for column in locations.c}
    return tenant, service if service["id"] else None, location if location["id"] else None


async def owned(conn: AsyncConnection, table: Any, tenant_id: str, row_id: Any) -> Row | None:
    """A row of `table` with that id, only if it belongs to the business."""
    if not is_id(row_id):
        return None
    return await one(conn, select(table).where(and_(table.c.id == row_id, table.c.tenant_id == tenant_id)))


def appointment_query() -> Select[Any]:
    """Appointments with the name to show: the business's record, else the booking account's."""
    name = func.coalesce(
        customers.c.first_name + " " + customers.c.last_name,
        customer_accounts.c.first_name + " " + customer_accounts.c.last_name,
        "",
    )
    # The service's name and colour come along: a deleted service's appointments keep showing them.
    return select(
        appointments,
        name.label("customer_name"),
        services.c.name.label("service_name"),
        services.c.color.label("service_color"),
    ).select_from(
        appointments.outerjoin(customers, customers.c.id == appointments.c.customer_id)
        .outerjoin(customer_accounts, customer_accounts.c.id == appointments.c.account_id)
        .outerjoin(services, services.c.id == appointments.c.service_id)
    )


async def appointment(conn: AsyncConnection, tenant_id: str, appointment_id: str) -> Row | None:
    return await one(
        conn,
        appointment_query().where(
            and_(appointments.c.id == appointment_id, appointments.c.tenant_id == tenant_id)
        ),
    )


def occupying(now: datetime | ColumnElement[datetime] | None = None) -> ColumnElement[bool]:
    """Appointments that occupy their calendar: held (with `now`, only until the deadline),
    requested or booked.

    Written as a CASE, which no index serves: SQLite keeps no statistics and would otherwise read
    the (status, expires_at) index, every booked row of every business, instead of the range of
    the calendars asked for.
    """
    still_held = true() if now is None else appointments.c.expires_at > now
    others = tuple(status for status in ACTIVE_STATUSES if status != AppointmentStatus.HELD)
    return case(
        (appointments.c.status == AppointmentStatus.HELD, still_held), else_=appointments.c.status.in_(others)
    )


def starts_near(start: datetime, end: datetime) -> ColumnElement[bool]:
    """Appointments that touch [start, end).

    The bound on `start_at` from below is implied by the others (an appointment lasts at most
    LONGEST_APPOINTMENT); it lets the (staff_id, start_at) index read only the range asked for
    instead of everything from the beginning of time.
    """
    return and_(
        appointments.c.start_at > start - LONGEST_APPOINTMENT,
        appointments.c.start_at < end,
        appointments.c.end_at > start,
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
        ).where(and_(appointments.c.staff_id.in_(staff_ids), occupying(), starts_near(start, end)))
    )
    return [dict(r._mapping) for r in rows]


def _busy_query() -> Select[Any]:
    start: BindParameter[datetime] = bindparam("start")
    end: BindParameter[datetime] = bindparam("end")
    busy = and_(
        appointments.c.staff_id.in_(bindparam("staff_ids", expanding=True)),
        occupying(bindparam("now")),
        appointments.c.start_at > bindparam("earliest"),
        appointments.c.start_at < end,
        appointments.c.end_at > start,
    )
    before, after = services.c.buffer_before_minutes, services.c.buffer_after_minutes
    return (
        select(
            appointments.c.start_at,
            appointments.c.end_at,
            before,
            after,
            func.aggregate_strings(appointments.c.staff_id, ","),
        )
        .select_from(appointments.join(services, services.c.id == appointments.c.service_id))
        .where(busy)
        .group_by(appointments.c.start_at, appointments.c.end_at, before, after)
    )


#: Built once: every availability question and every hold runs it.
_BUSY = _busy_query()


async def busy_times(
    conn: AsyncConnection, staff_ids: Sequence[str], start: datetime, end: datetime, now: datetime
) -> list[tuple[datetime, datetime, int, int, list[str]]]:
    """What occupies these calendars in [start, end) at `now` (bookings, requests, and holds before
    their deadline), as `(start_at, end_at, buffer_before_minutes, buffer_after_minutes, calendars
    busy then)`, the buffers being those of the booked service.

    Calendars mostly share their times (the same grid, the same services), so the database hands
    each time once: a month of 20 calendars is a few hundred rows instead of thousands. The bound on
    `start_at` from below is as in `starts_near`.
    """
    values = {
        "staff_ids": list(staff_ids),
        "now": now,
        "earliest": start - LONGEST_APPOINTMENT,
        "start": start,
        "end": end,
    }
    rows = await conn.execute(_BUSY, values)
    return [(row[0], row[1], row[2], row[3], row[4].split(",")) for row in rows]  # ids are hex: no commas


def _closures_query(for_calendars: bool) -> Select[Any]:
    touching = and_(
        closures.c.tenant_id == bindparam("tenant_id"),
        closures.c.end_at > bindparam("start"),
        closures.c.start_at < bindparam("end"),
    )
    if for_calendars:
        calendars = closures.c.staff_id.in_(bindparam("staff_ids", expanding=True))
        touching = and_(touching, or_(closures.c.staff_id.is_(None), calendars))
    return select(closures).where(touching).order_by(closures.c.start_at, closures.c.id)


#: Built once, for the business and for some of its calendars.
_CLOSURES = {False: _closures_query(False), True: _closures_query(True)}


async def closures_touching(
    conn: AsyncConnection,
    tenant_id: str,
    start: datetime,
    end: datetime,
    staff_ids: Sequence[str] | None = None,
) -> list[Row]:
    """Closures of the business that touch [start, end), in order of start.

    With `staff_ids`, only those that shut one of these calendars: their own and the business-wide
    ones (`staff_id` NULL).
    """
    values: dict[str, Any] = {"tenant_id": tenant_id, "start": start, "end": end}
    if staff_ids is not None:
        values["staff_ids"] = list(staff_ids)
    rows = await conn.execute(_CLOSURES[staff_ids is not None], values)
    return [dict(r._mapping) for r in rows]


async def lock_calendars(
    conn: AsyncConnection, tenant_id: str, staff_ids: Sequence[str] | None, *, exclusive: bool
) -> list[str]:
    """Locks the calendars' staff rows until the transaction ends; returns their ids, sorted.

    `staff_ids` None means every calendar of the business. A closure locks exclusively; a move
    shares, as the guard in migration 0002 does for every placed appointment, so the two wait for
    each other on PostgreSQL (SQLite serialises every write transaction anyway). Rows are locked
    in id order, which keeps two lockers from waiting on each other in a circle.
    """
    query = select(staff.c.id).where(staff.c.tenant_id == tenant_id)
    if staff_ids is not None:
        query = query.where(staff.c.id.in_(staff_ids))
    query = query.order_by(staff.c.id).with_for_update(key_share=not exclusive, read=not exclusive)
    return list((await conn.execute(query)).scalars().all())


async def release_expired_holds(
    conn: AsyncConnection, now: datetime, staff_id: str | None = None, limit: int = 200
) -> list[str]:
    """Marks holds whose deadline passed as released; returns their ids (each id only once, ever)."""
    due = and_(appointments.c.status == AppointmentStatus.HELD, appointments.c.expires_at <= now)
    if staff_id is not None:
        due = and_(due, appointments.c.staff_id == staff_id)
    ids: list[str] = list((await conn.execute(select(appointments.c.id).where(due).limit(limit))).scalars())
    if not ids:
        return []
    released = await conn.execute(
        update(appointments)
        .where(and_(appointments.c.id.in_(ids), due))
        .values(status=AppointmentStatus.RELEASED, updated_at=now)
        .returning(appointments.c.id)
    )
    return list(released.scalars().all())


async def contacts(conn: AsyncConnection, tenant_id: str, appointment_ids: Sequence[str]) -> list[Row]:
    """Who to write to about each appointment, and what to name in the mail.

    The address is the business's customer record's, else the booking account's; an empty `email`
    means none is known. `language` is the customer account's ("de" without one). Rows come in
    order of start.
    """
    if not appointment_ids:
        return []
    email = func.coalesce(func.nullif(customers.c.email, ""), func.nullif(customer_accounts.c.email, ""), "")
    # A name the business corrected stays its own: mail greets the customer by the name they gave.
    own_name = and_(customers.c.name_private, customer_accounts.c.first_name.is_not(None))
    first_name = case(
        (own_name, customer_accounts.c.first_name),
        else_=func.coalesce(func.nullif(customers.c.first_name, ""), customer_accounts.c.first_name, ""),
    )
    query = (
        select(
            appointments.c.id,
            appointments.c.start_at,
            appointments.c.end_at,
            appointments.c.sequence,
            email.label("email"),
            first_name.label("first_name"),
            func.coalesce(customer_accounts.c.language, "de").label("language"),
            services.c.name.label("service"),
            locations.c.name.label("location"),
            locations.c.address.label("location_address"),
            staff.c.name.label("staff"),
        )
        .select_from(
            appointments.join(services, services.c.id == appointments.c.service_id)
            .join(locations, locations.c.id == appointments.c.location_id)
            .join(staff, staff.c.id == appointments.c.staff_id)
            .outerjoin(customers, customers.c.id == appointments.c.customer_id)
            .outerjoin(
                customer_accounts,
                customer_accounts.c.id == func.coalesce(appointments.c.account_id, customers.c.account_id),
            )
        )
        .where(and_(appointments.c.tenant_id == tenant_id, appointments.c.id.in_(appointment_ids)))
        .order_by(appointments.c.start_at, appointments.c.id)
    )
    return [dict(r._mapping) for r in await conn.execute(query)]


async def location_names(conn: AsyncConnection, tenant_id: str) -> dict[str, str]:
    rows = await conn.execute(
        select(locations.c.id, locations.c.name).where(locations.c.tenant_id == tenant_id)
    )
    return {r.id: r.name for r in rows}


async def staff_names(conn: AsyncConnection, tenant_id: str) -> dict[str, str]:
    rows = await conn.execute(select(staff.c.id, staff.c.name).where(staff.c.tenant_id == tenant_id))
    return {r.id: r.name for r in rows}


def is_id(value: Any) -> bool:
    """Whether `value` can be an id at all: ids are letters and digits (a NUL byte in a path or a
    body would otherwise reach PostgreSQL, which refuses it with an error)."""
    return isinstance(value, str) and 0 < len(value) <= 64 and value.isascii() and value.isalnum()


def new_id() -> str:
    """A random, unguessable id (ids appear in URLs and must not be enumerable)."""
    return secrets.token_hex(16)
