"""The live events of Socket.IO: each event's name and the model of its payload.

Staff rooms hear every event but the two public ones; a booking page's public room hears only
`slots.changed` and `availability.changed`, which carry no personal data.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from contract.appointments import Appointment
from contract.closures import Closure
from contract.customers import Proposal
from contract.enums import SlotState
from contract.fields import Moment, Shape


class Nothing(Shape):
    """An event that says only that something changed: fetch again."""


class SlotChange(Shape):
    """The public shadow of an appointment change: where and when, never who or why."""

    location_id: str
    staff_id: str
    start: Moment
    end: Moment
    state: SlotState


class CustomerChanged(Shape):
    customer_id: str


class GroupsChanged(Shape):
    group_id: str | None = Field(description="the group added, renamed or removed")


class CustomersImported(Shape):
    imported: int = Field(description="how many records the import made or changed")


STAFF_EVENTS: dict[str, type[BaseModel]] = {
    "appointment.created": Appointment,
    "appointment.updated": Appointment,
    "appointment.cancelled": Appointment,
    "hold.created": Appointment,
    "hold.confirmed": Appointment,
    "hold.released": Appointment,
    "closure.created": Closure,
    "closure.deleted": Closure,
    "settings.changed": Nothing,
    "customer.changed": CustomerChanged,
    "customer_groups.changed": GroupsChanged,
    "customers.imported": CustomersImported,
    "proposal.created": Proposal,
}
PUBLIC_EVENTS: dict[str, type[BaseModel]] = {
    "slots.changed": SlotChange,
    "availability.changed": Nothing,
}
EVENTS = STAFF_EVENTS | PUBLIC_EVENTS
