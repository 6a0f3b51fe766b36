"""Events for a business's staff and its booking pages, each with the payload model its name has in
`contract.events`, and the rooms that say who hears which: every staff connection joins its
business's staff room, and besides those its rights open.

A person with the right to work in colleagues' calendars joins the room that hears every calendar in
full. A person without it joins the room of those limited, and the room of their own calendar (if
they have one), which hears that calendar in full; every other calendar reaches the limited people
in its busy shape (where and when, never who or why). Customer events reach only the room of those
with the right to the customer database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from contract.appointments import Appointment
from contract.closures import Closure
from contract.enums import SlotState
from contract.events import CUSTOMER_EVENTS, EVENTS, PUBLIC_EVENTS, SlotChange

#: Joins a room and a room whose members it leaves out into one room name; see `but`.
BUT = " but "


def staff_room(tenant_id: str) -> str:
    """Every staff connection of one business."""
    return f"staff:{tenant_id}"


def every_calendar_room(tenant_id: str) -> str:
    """The staff who see every calendar in full: those who may work in colleagues' calendars."""
    return f"staff:{tenant_id}:all"


def limited_room(tenant_id: str) -> str:
    """The staff who see in full only their own calendar, and the others' busy shape."""
    return f"staff:{tenant_id}:limited"


def own_calendar_room(tenant_id: str, staff_id: str) -> str:
    """The limited person whose own calendar this is: they see it in full."""
    return f"staff:{tenant_id}:own:{staff_id}"


def customers_room(tenant_id: str) -> str:
    """The staff with the right to the customer database."""
    return f"staff:{tenant_id}:customers"


def public_room(tenant_id: str) -> str:
    return f"public:{tenant_id}"


def session_room(session_id: str) -> str:
    """The connections of one staff session, which end with it."""
    return f"session:{session_id}"


def person_room(user_id: str) -> str:
    """Every connection of one person of the team, which reconnect when their rights change."""
    return f"person:{user_id}"


def but(room: str, left_out: str) -> str:
    """The members of `room` who are not in `left_out`, as one room name that each process resolves
    among its own connections (realtime.hub): so nobody hears an event twice, and a calendar added
    later needs no room that the limited people would have had to join at connect."""
    return f"{room}{BUT}{left_out}"


@dataclass(frozen=True)
class Delivery:
    """One payload for the connections in `room`: a room name, or several whose members hear it once."""

    room: str | tuple[str, ...]
    payload: dict[str, Any]


@dataclass(frozen=True)
class Event:
    """One change for the business's staff or its booking pages. `public` events must carry no
    personal data.

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

    def data(self) -> dict[str, Any]:
        """The payload as it travels in full: JSON values."""
        return self.payload.model_dump(mode="json")

    def deliveries(self) -> list[Delivery]:
        """Who hears this event in which shape: each connection in at most one of the rooms."""
        tenant = self.tenant_id
        if self.public:
            return [Delivery(public_room(tenant), self.data())]
        if self.name in CUSTOMER_EVENTS:
            return [Delivery(customers_room(tenant), self.data())]
        payload = self.payload
        if not isinstance(payload, Appointment | Closure) or payload.staff_id is None:
            return [Delivery(staff_room(tenant), self.data())]
        own = own_calendar_room(tenant, payload.staff_id)
        return [
            Delivery((every_calendar_room(tenant), own), self.data()),
            Delivery(but(limited_room(tenant), own), payload.busy().model_dump(mode="json")),
        ]


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
