"""Events addressed to a business's staff room or its public room, each with the payload model
its name has in `contract.events`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from contract.appointments import Appointment
from contract.enums import SlotState
from contract.events import EVENTS, PUBLIC_EVENTS, SlotChange


def staff_room(tenant_id: str) -> str:
    return f"staff:{tenant_id}"


def public_room(tenant_id: str) -> str:
    return f"public:{tenant_id}"


def session_room(session_id: str) -> str:
    """The connections of one staff session, which end with it."""
    return f"session:{session_id}"


@dataclass(frozen=True)
class Event:
    """One message for one room. `public` events must carry no personal data.

    The payload is the event's model; a mapping is read into that model, so a payload that breaks
    the contract fails where it is made, not in a client.
    """

    tenant_id: str
    name: str
    payload: BaseModel

    def __init__(self, tenant_id: str, name: str, payload: BaseModel | dict[str, Any]) -> None:
        model = EVENTS.get(name)
        if model is None:
            raise ValueError(f"unknown event {name!r}")
        if not isinstance(payload, model):
            source = payload.model_dump() if isinstance(payload, BaseModel) else payload
            payload = model.model_validate(source)
        object.__setattr__(self, "tenant_id", tenant_id)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "payload", payload)

    @property
    def public(self) -> bool:
        return self.name in PUBLIC_EVENTS

    @property
    def room(self) -> str:
        return public_room(self.tenant_id) if self.public else staff_room(self.tenant_id)

    def data(self) -> dict[str, Any]:
        """The payload as it travels: JSON values."""
        return self.payload.model_dump(mode="json")


def slot_changed(tenant_id: str, appointment: Appointment | dict[str, Any], state: SlotState | str) -> Event:
    """The public shadow of an appointment change: where and when, never who or why."""
    if isinstance(appointment, dict):
        appointment = Appointment.model_validate(appointment)
    return Event(
        tenant_id,
        "slots.changed",
        SlotChange(
            location_id=appointment.location_id,
            staff_id=appointment.staff_id,
            start=appointment.start,
            end=appointment.end,
            state=SlotState(state),
        ),
    )
