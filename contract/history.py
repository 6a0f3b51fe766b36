"""Who did what: the history of an appointment or a customer record, as the desk reads it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from contract.fields import Shape


class Subject(StrEnum):
    """What a line of history is about."""

    APPOINTMENT = "appointment"
    CUSTOMER = "customer"


class ActorKind(StrEnum):
    """Who acted: a person of the team, the customer (online or by a mailed link), or the system
    (a hold whose time ran out)."""

    STAFF = "staff"
    CUSTOMER = "customer"
    SYSTEM = "system"


class Action(StrEnum):
    """What happened. Appointments: booked at the desk; held, confirmed or requested online;
    moved, changed (its note), cancelled, accepted, declined; a hold released or expired.
    Customer records: created, changed (`fields` names which), erased, proposal_taken."""

    BOOKED = "booked"
    HELD = "held"
    CONFIRMED = "confirmed"
    REQUESTED = "requested"
    MOVED = "moved"
    CHANGED = "changed"
    CANCELLED = "cancelled"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    RELEASED = "released"
    EXPIRED = "expired"
    CREATED = "created"
    ERASED = "erased"
    PROPOSAL_TAKEN = "proposal_taken"
    #: The desk noted whether the customer came, or took that back (migration 0022).
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    UNMARKED = "unmarked"


class Placement(Shape):
    """Where and when an appointment lay: its time in the business's zone and its calendar."""

    start: datetime
    end: datetime
    staff_id: str
    #: The calendar's name as it is now.
    calendar: str


class HistoryEntry(Shape):
    action: Action
    actor: ActorKind
    #: The person's name as it was when they acted; null for the customer and the system.
    actor_name: str | None
    at: datetime
    #: Where the appointment lay before a move, and where it lies after it (or where it was booked).
    before: Placement | None = None
    after: Placement | None = None
    #: The fields a change touched (`note` of an appointment, `phone` of a record, …), never their values.
    fields: list[str] = []


class History(Shape):
    """Oldest first."""

    entries: list[HistoryEntry]
