"""The live events of Socket.IO: each event's name and the model of its payload.

Staff connections hear every event but the two public ones, as far as the person's rights go: a
person without the right to work in colleagues' calendars hears appointments, holds and closures of
the others' calendars in their busy shape (no customer, no note), and only those with the right to
the customer database hear the customer events. A booking page's public room hears only
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
    "holidays.changed": Nothing,
}
#: Staff events about the customer database, for those with the right to it.
CUSTOMER_EVENTS: dict[str, type[BaseModel]] = {
    "customer.changed": CustomerChanged,
    "customer_groups.changed": GroupsChanged,
    "customers.imported": CustomersImported,
    "proposal.created": Proposal,
}
PUBLIC_EVENTS: dict[str, type[BaseModel]] = {
    "slots.changed": SlotChange,
    "availability.changed": Nothing,
}
EVENTS = STAFF_EVENTS | CUSTOMER_EVENTS | PUBLIC_EVENTS

#: What each event says, for the document.
MEANINGS: dict[str, str] = {
    "appointment.created": "The desk booked an appointment.",
    "appointment.updated": "An appointment moved or changed; or its customer was erased.",
    "appointment.cancelled": "An appointment was cancelled (by the desk, a closure or the customer).",
    "hold.created": "A customer holds a slot while typing the mailed security code.",
    "hold.confirmed": "A hold's code was typed: the appointment is booked or requested.",
    "hold.released": "A hold expired, was given up, or its code was wrong too often.",
    "closure.created": "Sickness, vacation or a pause was entered.",
    "closure.deleted": "A closure was removed.",
    "settings.changed": "Hours, services or settings changed: fetch the set-up again.",
    "holidays.changed": "A public holiday was opened or closed, or the country changed: fetch them again.",
    "customer.changed": "A customer record changed.",
    "customer_groups.changed": "A customer group was added, renamed or removed.",
    "customers.imported": "A CSV import made or changed records.",
    "proposal.created": "A customer changed their own account: a proposal waits on the record.",
    "slots.changed": "A time was taken, held or freed; never who or why.",
    "availability.changed": "Hours, closures or services changed: fetch the slots again.",
}
