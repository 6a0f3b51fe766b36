"""Events as small JSON values, addressed to a business's staff room or its public room."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STAFF_EVENTS = frozenset(
    {
        "appointment.created",
        "appointment.updated",
        "appointment.cancelled",
        "hold.created",
        "hold.confirmed",
        "hold.released",
        "closure.created",
        "closure.deleted",
        "settings.changed",
        "customer.changed",
        "customer_groups.changed",
        "customers.imported",
        "proposal.created",
    }
)
PUBLIC_EVENTS = frozenset({"slots.changed", "availability.changed"})


def staff_room(tenant_id: str) -> str:
    return f"staff:{tenant_id}"


def public_room(tenant_id: str) -> str:
    return f"public:{tenant_id}"


def session_room(session_id: str) -> str:
    """The connections of one staff session, which end with it."""
    return f"session:{session_id}"


@dataclass(frozen=True)
class Event:
    """One message for one room. `public` events must carry no personal data."""

    tenant_id: str
    name: str
    payload: dict[str, Any]

    @property
    def public(self) -> bool:
        return self.name in PUBLIC_EVENTS

    @property
    def room(self) -> str:
        return public_room(self.tenant_id) if self.public else staff_room(self.tenant_id)

    def __post_init__(self) -> None:
        if self.name not in STAFF_EVENTS | PUBLIC_EVENTS:
            raise ValueError(f"unknown event {self.name!r}")


def slot_changed(tenant_id: str, appointment: dict[str, Any], state: str) -> Event:
    """The public shadow of an appointment change: where and when, never who or why."""
    return Event(
        tenant_id,
        "slots.changed",
        {
            "location_id": appointment["location_id"],
            "staff_id": appointment["staff_id"],
            "start": appointment["start"],
            "end": appointment["end"],
            "state": state,
        },
    )
