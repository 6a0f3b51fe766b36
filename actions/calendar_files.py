"""A booking as a calendar entry for the customer's own calendar: the same file whether it comes
attached to a mail or downloaded from the booking page, its UID the appointment id at our host."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import and_, or_, select

from actions.context import Deps
from actions.errors import NotFound
from contract.enums import AppointmentStatus
from mail.ics import event_attachment
from mail.messages import Attachment
from store.queries import Row
from store.schema import appointments, customers, locations, services, tenants

#: The bookings a customer may put in their calendar: those the code made binding.
BINDING = (AppointmentStatus.BOOKED, AppointmentStatus.REQUESTED)


def calendar_entry(
    public_url: str, booking: Row, now: datetime, business: str, company_address: str
) -> Attachment:
    """The booking (`id`, `start_at`, `end_at`, `service`, `location`, `location_address`) as a
    `termin.ics` entry, named after its service and the business."""
    host = urlsplit(public_url).hostname or "termine.local"
    return event_attachment(
        uid=f"{booking['id']}@{host}",
        start=booking["start_at"],
        end=booking["end_at"],
        summary=f"{booking['service']} – {business}",
        location=place(booking, company_address),
        stamp=now,
    )


def place(booking: Row, company_address: str) -> str:
    """Where the appointment takes place, as a calendar program finds it on a map: the location's
    address, else the business's; the location's name where neither is given."""
    return booking["location_address"].strip() or company_address.strip() or booking["location"]


async def customer_calendar_entry(deps: Deps, account_id: str, appointment_id: str) -> Attachment:
    """The entry of one of the customer's booked or requested appointments; any other id is unknown."""
    theirs = or_(appointments.c.account_id == account_id, customers.c.account_id == account_id)
    query = (
        select(
            appointments.c.id,
            appointments.c.start_at,
            appointments.c.end_at,
            services.c.name.label("service"),
            locations.c.name.label("location"),
            locations.c.address.label("location_address"),
            tenants.c.name.label("business"),
            tenants.c.address.label("company_address"),
        )
        .select_from(
            appointments.join(services, services.c.id == appointments.c.service_id)
            .join(locations, locations.c.id == appointments.c.location_id)
            .join(tenants, tenants.c.id == appointments.c.tenant_id)
            .outerjoin(customers, customers.c.id == appointments.c.customer_id)
        )
        .where(
            and_(
                appointments.c.id == appointment_id,
                appointments.c.status.in_(BINDING),
                theirs,
            )
        )
    )
    async with deps.store.read() as conn:
        row = (await conn.execute(query)).first()
    if row is None:
        raise NotFound("The appointment")
    booking = dict(row._mapping)
    return calendar_entry(
        deps.settings.public_url, booking, deps.clock(), booking["business"], booking["company_address"]
    )
