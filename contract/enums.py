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
    """Who signed the business up: every right, and the licences, which no one else may buy."""
    MEMBER = "member"
    """Everyone the team invited: the rights given to them."""


class Right(StrEnum):
    """What a person of the team may do beyond reading the calendars and working in their own."""

    BOOK_OTHERS = "book_others"
    """Book, move and cancel in colleagues' calendars and see who their appointments are with."""
    OWN_HOURS = "own_hours"
    """Set one's own calendar's bookable hours and closures."""
    OTHERS_HOURS = "others_hours"
    """Set colleagues' bookable hours and closures."""
    SETTINGS = "settings"
    """Change the business's settings: services, opening hours, locations, calendars, booking rules,
    embedding, company data, closures of the whole business."""
    CUSTOMERS = "customers"
    """See and edit the customer database with its notes."""
    EXPORT = "export"
    """Export the customer database and send newsletters."""
    TEAM = "team"
    """Invite people, change their rights, deactivate them; require two-factor log-in."""
    LICENCES = "licences"
    """Buy and change licences: the owner's alone."""


class Preset(StrEnum):
    """A set of rights to start from; each right can be changed afterwards."""

    OWNER = "owner"
    MANAGEMENT = "management"
    RECEPTION = "reception"
    PROVIDER = "provider"


class PersonStatus(StrEnum):
    INVITED = "invited"
    """Invited by mail, with no password yet."""
    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    """Can no longer log in; everything they did stays."""


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


class StaffChoice(StrEnum):
    """Whether the booking page lets the customer pick the person who serves them."""

    OFF = "off"
    """The page finds a free person itself."""
    OPTIONAL = "optional"
    """The customer may pick a person or take the first free one."""
    REQUIRED = "required"
    """The customer picks a person."""


class Currency(StrEnum):
    """The currency a business's prices are in."""

    EUR = "EUR"
    CHF = "CHF"


class Attendance(StrEnum):
    """Whether the customer came to a booked appointment whose start has come; unset until the desk
    says (migration 0022)."""

    ATTENDED = "attended"
    NO_SHOW = "no_show"


class ConsentSource(StrEnum):
    """Where a customer agreed to receive a business's newsletter."""

    BOOKING_PAGE = "booking_page"
    DESK = "desk"
    """Given on paper at the desk ("Einwilligung liegt schriftlich vor")."""
    IMPORT = "import"
    ACCOUNT = "account"
