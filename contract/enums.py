"""The closed sets of words the product stores and the API speaks. Each is a `StrEnum`, so a
member is the very string that is stored, sent and compared.
"""

from __future__ import annotations

from enum import StrEnum


class AppointmentStatus(StrEnum):
    HELD = "held"
    """An online booking waiting for its security code."""
    REQUESTED = "requested"
    """A confirmed online booking the business has yet to accept (booking-request mode)."""
    BOOKED = "booked"
    CANCELLED = "cancelled"
    RELEASED = "released"
    """A hold given up, expired or refused; kept as history, never shown."""


#: The statuses that occupy their calendar.
ACTIVE_STATUSES = (AppointmentStatus.HELD, AppointmentStatus.REQUESTED, AppointmentStatus.BOOKED)
#: The statuses the desk may move; a pending hold belongs to the customer typing its code.
MOVABLE_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.REQUESTED)


class Source(StrEnum):
    """Who entered an appointment."""

    DESK = "desk"
    ONLINE = "online"


class ClosureKind(StrEnum):
    SICK = "sick"
    VACATION = "vacation"
    PAUSE = "pause"


class Role(StrEnum):
    OWNER = "owner"


class BookingMode(StrEnum):
    DIRECT = "direct"
    """Online bookings are booked once the code is typed."""
    REQUEST = "request"
    """Online bookings become requests the business accepts or declines."""


class SlotState(StrEnum):
    """What a public `slots.changed` says of a time: taken for good, held for now, or free again."""

    BOOKED = "booked"
    HELD = "held"
    FREE = "free"


class MailStatus(StrEnum):
    """Where a message of the outbox stands."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"
    """Given up after its last attempt; shown to the business with its error."""


class Language(StrEnum):
    DE = "de"
    EN = "en"
