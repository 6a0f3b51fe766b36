"""Appointments as the API and the live events show them, and as the desk books and changes them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError

from contract.customer_fields import NewCustomer
from contract.enums import AppointmentStatus, Attendance, ClosureKind, Source
from contract.fields import STRIPPED, Body, Code, DayOrInstant, Id, Instant, Moment, Note, Query, Shape


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
    service_name: str = Field("", description="the service's name, kept when the service was deleted")
    service_color: str = Field("", description="the service's colour, kept when the service was deleted")
    attendance: Attendance | None = Field(
        None, description="whether the customer came (`attended`, `no_show`); null until the desk says"
    )
    series_id: str | None = Field(None, description="the series the appointment was booked in, if any")

    def busy(self) -> Appointment:
        """Only where and when: what a person sees of a colleague's appointment without the right
        to work in colleagues' calendars."""
        return self.model_copy(update={"customer_id": None, "customer_name": "", "note": ""})


class CalendarRange(Query):
    """A listing's range: a date is that local day (from its start, for `to` to its end), a time that
    instant; without `from` from today, without `to` a week on."""

    start: DayOrInstant | None = Field(None, alias="from")
    end: DayOrInstant | None = Field(None, alias="to")
    staff_id: str | None = Field(None, description="one calendar (and, for closures, the business's)")


class Appointments(Shape):
    appointments: list[Appointment]


#: A message mailed to the customer with the change, where an address is known.
MessageText = Annotated[str, STRIPPED, Field(max_length=5000)]


class NewAppointment(Body):
    """A desk booking, for a customer on record (`customer_id`) or one made with it (`new_customer`)."""

    staff_id: Id
    location_id: Id
    service_id: Id
    start: Instant
    new_customer: NewCustomer | None = Field(
        default=None, description="first_name or last_name, the rest optional"
    )
    customer_id: Id | None = Field(None, validate_default=True, description="unless new_customer is given")
    note: Note = ""
    notify: bool = Field(
        True,
        description="mail the customer a confirmation with the calendar entry, where an address is known",
    )
    walk_in: bool = Field(
        default=False,
        description="documents a visit that took place: the start may lie in the past, the appointment "
        "is marked attended, and no mail or reminder goes out",
    )
    ignore_buffers: bool = Field(
        default=False,
        description="book even where the service's buffers meet something else (409 buffer_conflict)",
    )

    @field_validator("start", mode="before")
    @classmethod
    def _start_given(cls, value: Any) -> Any:
        if value is None:
            raise PydanticKnownError("missing")
        return value

    @field_validator("new_customer", mode="before")
    @classmethod
    def _customer_object(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, dict):
            raise PydanticCustomError("invalid_customer", "must be an object with the customer's names")
        return value

    @field_validator("customer_id")
    @classmethod
    def _one_customer(cls, value: str | None, info: ValidationInfo) -> str | None:
        if "new_customer" not in info.data:  # refused already
            return value
        if value is not None and info.data["new_customer"] is not None:
            raise PydanticCustomError("invalid_customer", "cannot be given with new_customer")
        if value is None and info.data["new_customer"] is None:
            raise PydanticCustomError("invalid_customer", "is required unless new_customer is given")
        return value

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> NewAppointment:
        """As pydantic reads it, a failure inside `new_customer` named by the customer's own field
        (`email`, `first_name`), as the desk's form places it."""
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            raise _customer_fields_named(error) from None


def _customer_fields_named(error: ValidationError) -> ValidationError:
    named: list[InitErrorDetails] = []
    for item in error.errors(include_url=False):
        where = item["loc"]
        if len(where) > 1 and where[0] == "new_customer":
            where = where[1:]
        kind = PydanticCustomError(item["type"], item["msg"])
        named.append({"type": kind, "loc": where, "input": item["input"]})
    return ValidationError.from_exception_data(error.title, named)


#: How long the desk may make an appointment: 5 minutes to 24 hours (as a service), in steps of 5.
Length = Annotated[
    int,
    Field(ge=5, le=24 * 60, multiple_of=5, description="5 minutes to 24 hours, a multiple of 5"),
    Code("invalid_length"),
]


class AppointmentChange(Body):
    """A move (`start`, `staff_id`), another service, length or customer, and the note."""

    start: Instant | None = None
    staff_id: Id | None = None
    service_id: Id | None = Field(
        None, description="another service the calendar offers; the length follows it unless given"
    )
    duration_minutes: Length | None = None
    customer_id: Id | None = Field(None, description="another customer on record")
    ignore_buffers: bool = Field(
        False, description="move even where the service's buffers meet something else (409 buffer_conflict)"
    )
    note: Note | None = Field(None, description="null empties the note")
    message: MessageText = ""
    notify: bool = Field(
        True,
        description="mail the customer about a move, with the calendar entry that moves it in "
        "their calendar (a message is mailed in any case)",
    )


class Message(Body):
    """What the customer is told with a cancellation or an answer to their request."""

    message: MessageText = ""


class Obstacle(Shape):
    """What lies in the way of a time in a calendar: an appointment (with its status) or a closure
    (with its kind and calendar, null for the whole business)."""

    type: Literal["appointment", "closure"]
    id: str
    start: Moment
    end: Moment
    status: AppointmentStatus | None = None
    kind: ClosureKind | None = None
    staff_id: str | None = None


class AttendanceChange(Body):
    """Whether the customer came: `attended`, `no_show`, or null to undo."""

    attendance: Attendance | None = Field(description="attended, no_show, or null to undo")


class AttendanceSummary(Shape):
    """How often a customer came and did not come, with the appointments they missed (latest first)."""

    attended: int
    no_show: int
    no_shows: list[Appointment]
