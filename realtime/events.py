"""Events addressed to a business's staff room or its public room, each with the payload model
its name has in `contract.events`."""

from __future__ import annotations

from collections.abc import Sequence
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


def person_room(user_id: str) -> str:
    """Every connection of one person of the team, which reconnect when their rights change."""
    return f"person:{user_id}"


@dataclass(frozen=True)
class Event:
    """One message for one room. `public` events must carry no personal data.

    The payload is the model the event's name has in `contract.events`; any other is refused where
    the event is made, not found out in a client.
    """

    tenant_id: str
    name: str
    payload: BaseModel

    def __post_init__(self) -> None:
        model = EVENTS.get(self.name)
        if model is None:
            raise ValueError(f"unknown event {self.name!r}")
        if not isinstance(self.payload, model):
            raise TypeError(f"{self.name} carries {model.__name__}, not {type(self.payload).__name__}")

    @property
    def public(self) -> bool:
        return self.name in PUBLIC_EVENTS

    @property
    def room(self) -> str:
        return public_room(self.tenant_id) if self.public else staff_room(self.tenant_id)

    def data(self) -> dict[str, Any]:
        """The payload as it travels: JSON values."""
        return self.payload.model_dump(mode="json")


def slot_changed(tenant_id: str, appointment: Appointment, state: SlotState) -> Event:
    """The public shadow of an appointment change: where and when, never who or why."""
    return Event(
        tenant_id,
        "slots.changed",
        SlotChange(
            location_id=appointment.location_id,
            staff_id=appointment.staff_id,
            start=appointment.start,
            end=appointment.end,
            state=state,
        ),
    )


def holds_released(tenant_id: str, holds: Sequence[Appointment]) -> list[Event]:
    """`hold.released` for the staff and the freed slot for booking pages, per hold let go."""
    events = []
    for hold in holds:
        events.append(Event(tenant_id, "hold.released", hold))
        events.append(slot_changed(tenant_id, hold, SlotState.FREE))
    return events
