"""The business's own set-up as the desk edits it: locations, calendars and their hours, settings,
and how its mail stands."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from contract.enums import BookingMode, Currency, Right, Role, StaffChoice
from contract.fields import ONE_LINE, STRIPPED, Body, Code, Id, Moment, Query, Shape
from scheduling import HoursError, parse_weekly

#: Hours of a week as stored and shown: open days only, each a list of ["HH:MM", "HH:MM"] ranges.
Weekly = dict[str, list[list[str]]]
#: The most sites a business may list as allowed to frame its booking page.
MAX_EMBED_ORIGINS = 20
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOSTNAME = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekly(value: Any) -> Weekly:
    try:
        return parse_weekly(value).to_json()
    except HoursError as error:
        raise PydanticCustomError(
            "invalid_hours", "are no usable hours: {reason}", {"reason": str(error).rstrip(".")}
        ) from None


def _named(value: str) -> str:
    if not value:
        raise PydanticCustomError("invalid_name", "must not be empty")
    return value


#: Opening or bookable hours, {"mon": [["08:00", "12:00"], ["13:00", "18:00"]], …}; a day left out
#: is closed, "24:00" may end a day. Ranges end after they start and do not overlap.
WeeklyHours = Annotated[
    Weekly,
    BeforeValidator(_weekly),
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"enum": list(_DAYS)},
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "string", "pattern": r"^\d{2}:\d{2}$"},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
            "examples": [{"mon": [["08:00", "12:00"], ["13:00", "18:00"]]}],
        }
    ),
]
#: The name of a location or calendar: one line of up to 200 characters, not empty once the spaces
#: around it are taken off.
PlaceName = Annotated[str, STRIPPED, Field(max_length=200), ONE_LINE, AfterValidator(_named)]
Address = Annotated[str, STRIPPED, Field(max_length=1000)]
Phone = Annotated[str, STRIPPED, Field(max_length=50), ONE_LINE]
#: A calendar's colour in the staff calendar.
CalendarColor = Annotated[
    str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#3b82f6"]), Code("invalid_color")
]


class NewLocation(Body):
    name: PlaceName
    address: Address = ""
    phone: Phone = ""
    opening_hours: WeeklyHours


class LocationChange(Body):
    """The fields to change; a field left out (or null) stays as it is."""

    name: PlaceName | None = None
    address: Address | None = None
    phone: Phone | None = None
    opening_hours: WeeklyHours | None = None


class Location(Shape):
    id: str
    name: str
    address: str
    phone: str = ""
    opening_hours: Weekly
    active: bool = Field(True, description="false once deactivated: offered nowhere, kept for its past")


class Locations(Shape):
    locations: list[Location]


class NewCalendar(Body):
    name: PlaceName


class CalendarChange(Body):
    """The fields to change; a field left out (or null) stays as it is."""

    name: PlaceName | None = None
    color: CalendarColor | None = None


class CalendarOrder(Body):
    """Every active calendar's id, in the order the calendar shows them."""

    staff_ids: Annotated[list[Id], Field(min_length=1, max_length=500)]


class Calendar(Shape):
    """A calendar: a member of staff who serves customers."""

    id: str
    name: str
    user_id: str | None = Field(description="the account that works in it; null for none")
    hours: dict[str, Weekly] = Field(description="bookable hours by location id, where set")
    color: str | None = Field(None, description="#rrggbb; null: the palette's colour for its place")
    active: bool = Field(True, description="false once deactivated: offered and shown nowhere")
    photo_url: str = Field("", description="the person's photo on this server; empty: none")


class SetUpListing(Query):
    inactive: bool = Field(False, description="true: the deactivated ones too")


class Calendars(Shape):
    staff: list[Calendar]


class CalendarHours(Body):
    location_id: Id
    weekly: WeeklyHours


class HoursSet(Shape):
    staff_id: str
    location_id: str


def _origin(raw: Any) -> str:
    """ "https://Praxis.example.at/" → "https://praxis.example.at": scheme, host and port, nothing else."""
    refused = PydanticCustomError(
        "invalid_origin",
        "must be a web origin, scheme and host like https://praxis-example.at, not {origin}",
        {"origin": repr(raw), "extra": {"origin": raw if isinstance(raw, str) else None}},
    )
    if not isinstance(raw, str):
        raise refused
    text = raw.strip().removesuffix("/")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise refused from None
    host = parts.hostname or ""
    if (
        parts.scheme.lower() not in ("http", "https")
        or not _HOSTNAME.match(host)
        or len(host) > 253
        or parts.username is not None
        or parts.password is not None
        or parts.path
        or parts.query
        or parts.fragment
        or "?" in text
        or "#" in text
        or any(c.isspace() or c in ";,'\"" for c in text)
    ):
        raise refused
    origin = f"{parts.scheme.lower()}://{host}"
    return origin if port is None else f"{origin}:{port}"


def _few_origins(origins: list[str]) -> list[str]:
    distinct = list(dict.fromkeys(origins))
    if len(distinct) > MAX_EMBED_ORIGINS:
        raise PydanticCustomError("invalid_setting", f"lists at most {MAX_EMBED_ORIGINS} origins")
    return distinct


#: A site allowed to frame the booking page, written as its origin.
Origin = Annotated[str, BeforeValidator(_origin), WithJsonSchema({"type": "string", "format": "uri"})]
Setting = Code("invalid_setting")


def _distinct_leads(leads: list[int]) -> list[int]:
    """Reminders in the order they go out, the earliest (longest lead) first."""
    if len(set(leads)) != len(leads):
        raise PydanticCustomError("invalid_setting", "lists each lead time once")
    return sorted(leads, reverse=True)


#: The most reminders mailed before one appointment, and their longest lead (two weeks).
MAX_REMINDERS = 2
MAX_LEAD_HOURS = 14 * 24
ReminderLeads = Annotated[
    list[Annotated[int, Field(ge=1, le=MAX_LEAD_HOURS)]],
    Field(
        max_length=MAX_REMINDERS,
        description=(
            f"up to {MAX_REMINDERS} distinct lead times in hours (1 to {MAX_LEAD_HOURS}) before an "
            "appointment at which its customer is reminded by mail; [] mails none"
        ),
        examples=[[24, 2]],
    ),
    AfterValidator(_distinct_leads),
    Setting,
]


class SettingsChange(Body):
    """The settings to change; a setting left out stays as it is, none may be set to null."""

    unknown_code = "unknown_setting"

    booking_mode: Annotated[BookingMode, Setting] | None = None
    slot_step_minutes: Annotated[int, Field(ge=5, le=240), Setting] | None = None
    min_notice_minutes: Annotated[int, Field(ge=0, le=60 * 24 * 30), Setting] | None = None
    horizon_days: Annotated[int, Field(ge=1, le=730), Setting] | None = None
    show_weekend: Annotated[bool, Setting] | None = None
    cancel_cutoff_hours: Annotated[int, Field(ge=0, le=720), Setting] | None = None
    embed_origins: (
        Annotated[
            list[Origin],
            AfterValidator(_few_origins),
            Setting,
            Field(description=f"at most {MAX_EMBED_ORIGINS} sites that may frame the booking page"),
        ]
        | None
    ) = None
    reminders: ReminderLeads | None = None
    staff_choice: Annotated[StaffChoice, Setting] | None = Field(
        None, description="whether the booking page lets customers pick the person: off, optional, required"
    )
    currency: Annotated[Currency, Setting] | None = Field(
        None, description="the prices' currency: EUR or CHF"
    )
    holiday_country: (
        Annotated[
            str,
            Setting,
            Field(max_length=8, description='"AT", "DE", "CH" or "LI"; "" for no public holidays'),
        ]
        | None
    ) = None
    holiday_region: (
        Annotated[
            str, Setting, Field(max_length=32, description='a region of the country ("9": Wien); "" for none')
        ]
        | None
    ) = None

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("invalid_setting", "cannot be null")
        return value


class Settings(Shape):
    name: str
    slug: str
    timezone: str
    booking_mode: BookingMode
    slot_step_minutes: int
    min_notice_minutes: int
    horizon_days: int
    show_weekend: bool
    cancel_cutoff_hours: int
    embed_origins: list[str]
    reminders: list[int] = Field(description="lead times in hours of the reminders mailed, longest first")
    staff_choice: StaffChoice = Field(
        StaffChoice.OFF, description="whether the booking page lets the customer pick the person"
    )
    currency: Currency = Field(Currency.EUR, description="the currency of the services' prices")
    holiday_country: str = Field("", description='where the public holidays come from ("AT"); "" for none')
    holiday_region: str = Field("", description='the region of the country ("9"); "" for none')


class Business(Settings):
    id: str


class Me(Shape):
    """The signed-in member of staff and their business."""

    user_id: str
    name: str
    email: str
    role: Role
    staff_id: str | None = Field(description="the person's own calendar, if they have one")
    rights: list[Right] = Field(description="what the person may do beyond their own calendar")
    business: Business


class UndeliveredMail(Shape):
    id: str
    to: str
    subject: str
    error: str
    attempts: int
    created_at: Moment


class MailState(Shape):
    """How the business's mail leaves, how many messages wait, and which could not be delivered."""

    delivery: Literal["smtp", "dev_mailbox", "off"]
    smtp_reachable: bool | None = Field(description="null unless mail leaves by SMTP")
    waiting: int
    undelivered: list[UndeliveredMail] = Field(description="newest first, at most 50")
