"""The customer's choice of the person who serves them: whom the booking page offers, and whether a
chosen person may serve the service asked for."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.business import list_staff, locations_of
from actions.context import Deps
from actions.errors import BadInput, NotFound
from contract.enums import StaffChoice
from contract.public import PublicPerson
from contract.services import Service
from store.queries import one, owned
from store.rows import Tenant
from store.schema import service_staff, staff

#: Why a hold without a person is refused when the business wants the customer to choose one.
STAFF_REQUIRED = "Please choose the person you would like to book with."


async def public_staff(deps: Deps, tenant: Tenant, offered: list[Service]) -> list[PublicPerson]:
    """The persons a customer may pick, each with the services they offer and where they are
    bookable; none while the business keeps the choice off."""
    if tenant.staff_choice == StaffChoice.OFF:
        return []
    calendars = await list_staff(deps, tenant.id)
    places = await locations_of(deps, tenant.id)
    first = places[0].id if places else None
    persons = []
    for calendar in calendars:
        service_ids = [s.id for s in offered if calendar.id in s.staff_ids]
        # Bookable where hours are set (an empty week: not there); a person's own calendar follows
        # the opening hours at the first location until it has hours there (as in availability).
        where = [p.id for p in places if calendar.hours.get(p.id)]
        if calendar.user_id is not None and first is not None and first not in calendar.hours:
            where.insert(0, first)
        if service_ids and where:
            persons.append(
                PublicPerson(
                    id=calendar.id,
                    name=calendar.name,
                    photo_url=calendar.photo_url,
                    service_ids=service_ids,
                    location_ids=where,
                )
            )
    return persons


async def check_person(conn: AsyncConnection, tenant: Tenant, service: dict[str, Any], staff_id: str) -> None:
    """A 404 for a calendar the business does not have in use, a 400 for one not offering `service`."""
    calendar = await owned(conn, staff, tenant.id, staff_id)
    if not calendar or calendar["deactivated_at"] is not None:
        raise NotFound("The calendar")
    offers = and_(service_staff.c.service_id == service["id"], service_staff.c.staff_id == staff_id)
    if await one(conn, select(service_staff.c.staff_id).where(offers)) is None:
        raise BadInput("not_offered", "This person does not offer this service.", field="staff_id")


def check_required(tenant: Tenant, staff_id: str | None) -> None:
    """A 400 for a booking without a person where the business wants the customer to choose one."""
    if staff_id is None and tenant.staff_choice == StaffChoice.REQUIRED:
        raise BadInput("staff_required", STAFF_REQUIRED, field="staff_id")
