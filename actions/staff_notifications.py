"""What the practice is told: mails to the people of the team about online bookings, booking
requests and cancellations by customers, and each person's daily agenda.

Each person chooses what they hear of (without a choice saved, the owner hears of all three and
the others of nothing). A mail about an appointment goes only to those who see it in full: in
their own calendar, or with the right to work in colleagues' calendars.

The agenda lists the next day's appointments of the person's own calendar (of every calendar for a
person without one who may work in them all) and is mailed at the hour they chose, in the
business's time zone, once a day: its row in `sent_agendas` (person, day) is inserted in the
transaction that queues the mail, and the key refuses a second from any process. A day without
appointments sends no mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps, Work
from contract.enums import AppointmentStatus, PersonStatus, Right, Role
from contract.notifications import Notifications, NotificationsChange
from contract.rights import rights_of
from i18n import LANGUAGES
from mail.dates import clock_text, day_text, when_text
from mail.messages import Message, render
from mail.outbox import enqueue
from settings import Settings
from store.queries import Row, tenant_by_id
from store.rows import Tenant
from store.schema import (
    appointments,
    customer_accounts,
    customers,
    locations,
    sent_agendas,
    services,
    staff,
    staff_notifications,
    tenants,
    users,
)

#: What a person may be told of about one appointment, by the column of their choice.
ONLINE_BOOKING = "online_bookings"
REQUEST = "requests"
CANCELLATION = "cancellations"
_TEMPLATES = {
    ONLINE_BOOKING: "staff_online_booking",
    REQUEST: "staff_request",
    CANCELLATION: "staff_cancellation",
}
#: The appointments an agenda lists.
_ON_AGENDA = (AppointmentStatus.BOOKED, AppointmentStatus.REQUESTED)


def defaults(role: str) -> Notifications:
    """The choice of a person who has not saved one: the owner hears of everything but the agenda."""
    owner = role == Role.OWNER
    return Notifications(online_bookings=owner, requests=owner, cancellations=owner, agenda_hour=None)


async def choice_of(deps: Deps, tenant_id: str, user_id: str, role: str) -> Notifications:
    async with deps.store.read() as conn:
        row = (
            await conn.execute(
                select(staff_notifications).where(
                    and_(
                        staff_notifications.c.user_id == user_id,
                        staff_notifications.c.tenant_id == tenant_id,
                    )
                )
            )
        ).first()
    if row is None:
        return defaults(role)
    return Notifications(
        online_bookings=row.online_bookings,
        requests=row.requests,
        cancellations=row.cancellations,
        agenda_hour=row.agenda_hour,
    )


async def save(
    deps: Deps, tenant_id: str, user_id: str, change: NotificationsChange, language: str
) -> Notifications:
    """Saves a person's choice; their mails come in `language` from now on."""
    values: dict[str, Any] = {
        "online_bookings": change.online_bookings,
        "requests": change.requests,
        "cancellations": change.cancellations,
        "agenda_hour": change.agenda_hour,
        "language": language if language in LANGUAGES else "de",
    }
    async with deps.work() as work:
        dialect: Any = postgresql if work.conn.dialect.name == "postgresql" else sqlite
        await work.conn.execute(
            dialect.insert(staff_notifications)
            .values(user_id=user_id, tenant_id=tenant_id, **values)
            .on_conflict_do_update(index_elements=[staff_notifications.c.user_id], set_=values)
        )
    return Notifications(**{key: value for key, value in values.items() if key != "language"})


@dataclass(frozen=True)
class Person:
    """A person of the team as mail reaches them: what they see, and in which language."""

    user_id: str
    email: str
    name: str
    language: str
    #: Their own calendar, if any.
    staff_id: str | None
    all_calendars: bool

    def sees(self, staff_id: str) -> bool:
        return self.all_calendars or staff_id == self.staff_id


def _chosen(column: str) -> Any:
    """A person's choice of `column`, or the default of their role."""
    return func.coalesce(staff_notifications.c[column], users.c.role == Role.OWNER)


async def _people(conn: AsyncConnection, tenant_id: str, *where: Any) -> list[tuple[Person, Row]]:
    """The active people of the business (with their saved choice, if any) that match `where`."""
    query = (
        select(
            users.c.id,
            users.c.email,
            users.c.name,
            users.c.role,
            users.c.rights,
            staff.c.id.label("staff_id"),
            func.coalesce(staff_notifications.c.language, "de").label("language"),
            staff_notifications.c.agenda_hour,
        )
        .select_from(
            users.outerjoin(staff_notifications, staff_notifications.c.user_id == users.c.id).outerjoin(
                staff, and_(staff.c.user_id == users.c.id, staff.c.tenant_id == users.c.tenant_id)
            )
        )
        .where(users.c.tenant_id == tenant_id, users.c.status == PersonStatus.ACTIVE, *where)
        .order_by(users.c.created_at, users.c.id)
    )
    found = []
    for row in await conn.execute(query):
        person = Person(
            user_id=row.id,
            email=row.email,
            name=row.name,
            language=row.language,
            staff_id=row.staff_id,
            all_calendars=Right.BOOK_OTHERS in rights_of(row.role, row.rights),
        )
        found.append((person, dict(row._mapping)))
    return found


def _customer_name() -> Any:
    first = func.coalesce(func.nullif(customers.c.first_name, ""), customer_accounts.c.first_name, "")
    last = func.coalesce(func.nullif(customers.c.last_name, ""), customer_accounts.c.last_name, "")
    return func.trim(first + " " + last)


def _appointment_query() -> Any:
    return select(
        appointments.c.id,
        appointments.c.staff_id,
        appointments.c.start_at,
        appointments.c.end_at,
        appointments.c.status,
        services.c.name.label("service"),
        locations.c.name.label("location"),
        staff.c.name.label("staff"),
        _customer_name().label("customer"),
    ).select_from(
        appointments.join(services, services.c.id == appointments.c.service_id)
        .join(locations, locations.c.id == appointments.c.location_id)
        .join(staff, staff.c.id == appointments.c.staff_id)
        .outerjoin(customers, customers.c.id == appointments.c.customer_id)
        .outerjoin(
            customer_accounts,
            customer_accounts.c.id == func.coalesce(appointments.c.account_id, customers.c.account_id),
        )
    )


def calendar_link(settings: Settings, appointment_id: str, start: datetime, zone: ZoneInfo) -> str:
    """The staff calendar opened at the appointment's day, with the appointment's card open."""
    day = start.astimezone(zone).date().isoformat()
    return f"{settings.public_url}/calendar?date={day}&appointment={appointment_id}"


async def tell(work: Work, settings: Settings, tenant: Tenant, appointment_id: str, what: str) -> int:
    """Mails `what` happened to an appointment (ONLINE_BOOKING, REQUEST or CANCELLATION) to those
    who chose to hear of it and see the appointment in full; returns how many mails were queued."""
    conn = work.conn
    row = (
        await conn.execute(
            _appointment_query().where(
                and_(appointments.c.tenant_id == tenant.id, appointments.c.id == appointment_id)
            )
        )
    ).first()
    if row is None:
        return 0
    queued = 0
    for person, _ in await _people(conn, tenant.id, _chosen(what).is_(True)):
        if not person.sees(row.staff_id):
            continue
        message = render(
            _TEMPLATES[what],
            person.email,
            language=person.language,
            name=person.name,
            business=tenant.name,
            customer=row.customer,
            service=row.service,
            when=when_text(row.start_at, tenant.zone, person.language),
            location=row.location,
            staff=row.staff,
            link=calendar_link(settings, row.id, row.start_at, tenant.zone),
        )
        await enqueue(conn, message, now=work.at, tenant_id=tenant.id)
        queued += 1
    if queued:
        work.mailed()
    return queued


async def customer_cancelled(deps: Deps, tenant_id: str, appointment_id: str) -> None:
    """Tells those who chose it that a customer cancelled an appointment by the mailed link."""
    async with deps.work() as work:
        tenant = await tenant_by_id(work.conn, tenant_id)
        assert tenant is not None
        await tell(work, deps.settings, tenant, appointment_id, CANCELLATION)


@dataclass(frozen=True)
class Due:
    """One agenda to mail: the person, their business, and the day it is mailed on (business time)."""

    user_id: str
    tenant_id: str
    day: date


async def send_agendas(deps: Deps) -> int:
    """Mails the agendas whose hour has come today and that were not mailed yet; returns how many
    mails were queued."""
    now = deps.clock()
    async with deps.store.read() as conn:
        due = await _due_agendas(conn, now)
    if not due:
        return 0
    async with deps.work() as work:
        queued = await _send_agendas(work, deps.settings, due)
        if queued:
            work.mailed()
    return queued


async def _due_agendas(conn: AsyncConnection, now: datetime) -> list[Due]:
    rows = await conn.execute(
        select(
            staff_notifications.c.user_id, staff_notifications.c.agenda_hour, tenants.c.id, tenants.c.timezone
        )
        .select_from(
            staff_notifications.join(users, users.c.id == staff_notifications.c.user_id).join(
                tenants, tenants.c.id == staff_notifications.c.tenant_id
            )
        )
        .where(staff_notifications.c.agenda_hour.is_not(None), users.c.status == PersonStatus.ACTIVE)
        # Every process marks in the same order: two never wait for each other crosswise.
        .order_by(staff_notifications.c.user_id)
    )
    wanted = []
    for row in rows:
        local = now.astimezone(ZoneInfo(row.timezone))
        if local.hour >= row.agenda_hour:
            wanted.append(Due(row.user_id, row.id, local.date()))
    if not wanted:
        return []
    sent = {
        (r.user_id, r.day)
        for r in await conn.execute(
            select(sent_agendas.c.user_id, sent_agendas.c.day).where(
                sent_agendas.c.user_id.in_([due.user_id for due in wanted]),
                sent_agendas.c.day.in_({due.day for due in wanted}),
            )
        )
    }
    return [due for due in wanted if (due.user_id, due.day) not in sent]


async def _send_agendas(work: Work, settings: Settings, due: Sequence[Due]) -> int:
    conn = work.conn
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    queued = 0
    tenant_of: dict[str, Tenant] = {}
    for agenda in due:
        marked = await conn.execute(
            dialect.insert(sent_agendas)
            .values(user_id=agenda.user_id, day=agenda.day, tenant_id=agenda.tenant_id, sent_at=work.at)
            .on_conflict_do_nothing()
            .returning(sent_agendas.c.user_id)
        )
        if marked.first() is None:  # another process mailed it meanwhile
            continue
        if agenda.tenant_id not in tenant_of:
            found = await tenant_by_id(conn, agenda.tenant_id)
            assert found is not None
            tenant_of[agenda.tenant_id] = found
        tenant = tenant_of[agenda.tenant_id]
        people = await _people(conn, tenant.id, users.c.id == agenda.user_id)
        if not people:
            continue
        person = people[0][0]
        listed = await _agenda(conn, tenant, person, agenda.day + timedelta(days=1))
        if not listed:
            continue
        await enqueue(
            conn,
            agenda_mail(settings, tenant, person, agenda.day + timedelta(days=1), listed),
            now=work.at,
            tenant_id=tenant.id,
        )
        queued += 1
    return queued


async def _agenda(conn: AsyncConnection, tenant: Tenant, person: Person, day: date) -> list[Row]:
    """The appointments of `day` (business time) in the calendars the person's agenda covers."""
    if person.staff_id is not None:
        calendars: Any = appointments.c.staff_id == person.staff_id
    elif person.all_calendars:
        calendars = appointments.c.tenant_id == tenant.id
    else:
        return []
    start = datetime.combine(day, time(), tenant.zone)
    end = datetime.combine(day + timedelta(days=1), time(), tenant.zone)
    rows = await conn.execute(
        _appointment_query()
        .where(
            appointments.c.tenant_id == tenant.id,
            calendars,
            appointments.c.status.in_(_ON_AGENDA),
            appointments.c.start_at >= start,
            appointments.c.start_at < end,
        )
        .order_by(appointments.c.start_at, staff.c.position, appointments.c.id)
    )
    return [dict(row._mapping) for row in rows]


def agenda_mail(settings: Settings, tenant: Tenant, person: Person, day: date, listed: list[Row]) -> Message:
    """The agenda of one day in the person's language: time, service, customer (and calendar)."""
    zone = tenant.zone
    several = len({row["staff_id"] for row in listed}) > 1
    lines = [
        {
            "from": clock_text(row["start_at"], zone),
            "to": clock_text(row["end_at"], zone),
            "service": row["service"],
            "customer": row["customer"],
            "staff": row["staff"] if several else "",
            "requested": row["status"] == AppointmentStatus.REQUESTED,
        }
        for row in listed
    ]
    return render(
        "staff_agenda",
        person.email,
        language=person.language,
        name=person.name,
        business=tenant.name,
        day=day_text(day, person.language),
        appointments=lines,
        link=f"{settings.public_url}/calendar?date={day.isoformat()}",
    )
