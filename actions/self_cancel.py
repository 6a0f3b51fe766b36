"""Customers cancel their own booking through the signed link in the confirmation mail.

The link (see `actions.cancel_links`) is good until the business's cut-off before the start. The
cancelling goes through the desk's own cancel use-case, so the same events and mails follow.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from sqlalchemy import select

from actions import appointments as desk
from actions import staff_notifications
from actions.cancel_links import linked_appointment
from actions.context import Deps, anyone
from actions.errors import Conflict, Gone, NotFound
from actions.history import BY_LINK, acting
from contract.enums import AppointmentStatus
from mail.dates import when_text
from scheduling import open_online
from store.queries import one
from store.schema import appointments, locations, services, tenants

CANCELLABLE = (AppointmentStatus.BOOKED, AppointmentStatus.REQUESTED)


@dataclass(frozen=True)
class CancelPage:
    """What the cancel page shows of the linked appointment, and what it offers (`state`)."""

    state: str
    appointment_id: str
    tenant_id: str
    business: str
    service: str
    location: str
    address: str
    when: str
    cutoff_hours: int


async def details(deps: Deps, token: str, language: str = "de") -> CancelPage:
    """What the cancel page shows, with `state`: "ask", "too_late", "cancelled" or "past"."""
    appointment_id = linked_appointment(deps.settings.secret_key, token)
    row = None
    if appointment_id is not None:
        query = (
            select(
                appointments.c.id,
                appointments.c.tenant_id,
                appointments.c.status,
                appointments.c.start_at,
                services.c.name.label("service"),
                locations.c.name.label("location"),
                locations.c.address.label("address"),
                tenants.c.name.label("business"),
                tenants.c.timezone,
                tenants.c.cancel_cutoff_hours,
            )
            .select_from(
                appointments.join(services, services.c.id == appointments.c.service_id)
                .join(locations, locations.c.id == appointments.c.location_id)
                .join(tenants, tenants.c.id == appointments.c.tenant_id)
            )
            .where(appointments.c.id == appointment_id)
        )
        async with deps.store.read() as conn:
            row = await one(conn, query)
    if row is None:
        raise NotFound("The cancellation link", "This cancellation link is not valid.")
    now = deps.clock()
    if row["status"] not in CANCELLABLE:
        state = "cancelled"
    elif row["start_at"] <= now:
        state = "past"
    elif not open_online(row["start_at"], row["cancel_cutoff_hours"], now):
        state = "too_late"
    else:
        state = "ask"
    return CancelPage(
        state=state,
        appointment_id=row["id"],
        tenant_id=row["tenant_id"],
        business=row["business"],
        service=row["service"],
        location=row["location"],
        address=row["address"],
        when=when_text(row["start_at"], ZoneInfo(row["timezone"]), language),
        cutoff_hours=row["cancel_cutoff_hours"],
    )


async def cancel_by_link(deps: Deps, token: str, language: str = "de") -> CancelPage:
    """Cancels the linked appointment if the cut-off allows; returns the page's details."""
    shown = await details(deps, token, language)
    if shown.state == "cancelled":
        raise Gone("already_cancelled", "This appointment is already cancelled.")
    if shown.state == "past":
        raise Gone("appointment_past", "This appointment has already begun.")
    if shown.state == "too_late":
        raise Conflict(
            "cancel_too_late",
            f"Online cancellation closes {shown.cutoff_hours} hours before the appointment. "
            "Please call the business.",
            cutoff_hours=shown.cutoff_hours,
        )
    with acting(BY_LINK):
        await desk.cancel(deps, shown.tenant_id, shown.appointment_id, guard=anyone)
    await staff_notifications.customer_cancelled(deps, shown.tenant_id, shown.appointment_id)
    return replace(shown, state="done")
