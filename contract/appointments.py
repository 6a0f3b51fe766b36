"""Appointments as the API and the live events show them."""

from __future__ import annotations

from pydantic import Field

from contract.enums import AppointmentStatus, Source
from contract.fields import Moment, Shape


class Appointment(Shape):
    """The appointment `A` of the contract, its instants in the business's own offset."""

    id: str
    staff_id: str
    location_id: str
    service_id: str
    customer_id: str | None
    customer_name: str = Field(description="empty for a hold and for an erased customer")
    start: Moment
    end: Moment
    status: AppointmentStatus
    note: str
    source: Source
    expires_at: Moment | None = Field(description="when a hold runs out; null for the others")
