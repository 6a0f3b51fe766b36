"""A booking as a calendar entry for the customer's own calendar: the same file whether it comes
attached to a mail or downloaded from the booking page, its UID the appointment id at our host."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from sqlalchemy import and_, or_, select

from actions.context import Deps
from actions.errors import NotFound
from contract.enums import AppointmentStatus
from mail.ics import Entry, Method, Party, event_attachment
from mail.messages import Attachment
from settings import Settings
from store.queries import Row
from store.rows import Tenant
from store.schema import appointments, customers, locations, services, tenants

#: The bookings a customer may put in their calendar: those the code made binding.
BINDING = (AppointmentStatus.BOOKED, AppointmentStatus.REQUESTED)


def entry_of(public_url: str, booking: Row, business: str, company_address: str) -> Entry:
    """The booking (`id`, `start_at`, `end_at`, `sequence`, `service`, `location`,
    `location_address`) as a calendar entry named after its service and the business, its UID the
    appointment id at our host."""
    host = urlsplit(public_url).hostname or "termine.local"
    return Entry(
        uid=f"{booking['id']}@{host}",
        start=booking["start_at"],
        end=booking["end_at"],
        summary=f"{booking['service']} – {business}",
        location=place(booking, company_address),
        sequence=int(booking.get("sequence") or 0),
    )


def calendar_entry(
    settings: Settings,
    tenant: Tenant,
    booking: Row,
    now: datetime,
    *,
    method: Method = "REQUEST",
    filename: str = "termin.ics",
) -> Attachment:
    """The booking as the `termin.ics` of a mail to the customer: an iTIP `REQUEST` that puts it in
    (or moves it in) their calendar, or a `CANCEL` that takes it out; from the business to the
    customer's address (`email`, `first_name` of the booking's row)."""
    entry = entry_of(settings.public_url, booking, tenant.name, tenant.address)
    organizer = Party(tenant.email or parseaddr(settings.mail_from)[1], tenant.name)
    attendee = Party(booking["email"], str(booking.get("first_name") or "")) if booking.get("email") else None
    return event_attachment(
        entry, stamp=now, method=method, organizer=organizer, attendee=attendee, filename=filename
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
            appointments.c.sequence,
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
    entry = entry_of(deps.settings.public_url, booking, booking["business"], booking["company_address"])
    return event_attachment(entry, stamp=deps.clock())
