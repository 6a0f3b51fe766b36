"""The field types bodies are made of, and the two bases every model stands on.

A field that fails raises a `PydanticCustomError` whose type is the API's error code
(`invalid_time`, `invalid_line`, …); the web edge turns the first failure into the 400 of the
contract, naming the field. Types without a code of their own fail as `invalid_field`, a missing
field as `missing_field`, a field the operation does not take as `unknown_field`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from mail.messages import breaks_line

#: The dates a request may name. Outside them lie typing slips and probes, and the ends of Python's
#: calendar, where a day's bounds overflow; inside, both databases store and order every instant alike.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
_RANGE = f"from {EARLIEST.isoformat()} to {LATEST.isoformat()}"
#: The shortest password the product takes.
SHORTEST_PASSWORD = 8
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Code:
    """Marks a field whose every failure answers with this error code (`invalid_duration` for a
    duration that is no number as much as for one out of range), as the API has always answered;
    with `of_type=False` a value of the wrong JSON type stays an `invalid_field`."""

    code: str
    of_type: bool = True


class Body(BaseModel):
    """A request body: JSON types as JSON has them (no "5" for 5), and no field it does not name."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    #: The error code of a field the body does not take.
    unknown_code: ClassVar[str] = "unknown_field"

    def given(self) -> set[str]:
        """The fields the client sent, for changes that touch only those."""
        return set(self.model_fields_set)


class Query(BaseModel):
    """A query string: its values are text, read as the numbers, days and words the fields name;
    parameters it does not name are left alone (a cache-buster, the page's `lang`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Shape(BaseModel):
    """An answer or an event payload: built by the use-cases, never from a client."""

    model_config = ConfigDict(frozen=True)


class Created(Shape):
    """The id of what was just made."""

    id: str


def _instant(value: Any) -> Any:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise PydanticCustomError("invalid_time", "must be an ISO 8601 time with offset") from None
    else:
        raise PydanticCustomError("invalid_time", "must be an ISO 8601 time with offset")
    if parsed.tzinfo is None:
        raise PydanticCustomError("invalid_time", "needs its UTC offset, e.g. +01:00")
    if not EARLIEST <= parsed.date() <= LATEST:
        raise PydanticCustomError("invalid_time", f"must be a time on a day {_RANGE}")
    return parsed


def _day(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and len(value) == 10:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("invalid_date", "must be a date YYYY-MM-DD") from None
    else:
        raise PydanticCustomError("invalid_date", "must be a date YYYY-MM-DD")
    if not EARLIEST <= parsed <= LATEST:
        raise PydanticCustomError("invalid_date", f"must be a date {_RANGE}")
    return parsed


def _day_or_instant(value: Any) -> Any:
    return _day(value) if isinstance(value, str) and len(value) == 10 else _instant(value)


def _one_line(value: str) -> str:
    if breaks_line(value):
        raise PydanticCustomError(
            "invalid_line", "must be one line, without line breaks or control characters"
        )
    return value


def _email(value: str) -> str:
    """The address as it is stored and compared: without spaces around it, in lower case."""
    value = value.strip().lower()
    if not EMAIL_PATTERN.match(value) or len(value) > 254:
        raise PydanticCustomError("invalid_email", "must be a valid e-mail address")
    return value


def _email_or_empty(value: str) -> str:
    return _email(value) if value.strip() else ""


def _strong(value: str) -> str:
    if len(value) < SHORTEST_PASSWORD:
        raise PydanticCustomError("weak_password", f"needs at least {SHORTEST_PASSWORD} characters")
    return value


def _iso(value: datetime) -> str:
    return value.isoformat()


#: An instant with its UTC offset, read from ISO 8601 and written back in the offset it carries
#: (the business's own, in answers): "2026-03-02T09:00:00+01:00".
Instant = Annotated[
    datetime,
    BeforeValidator(_instant),
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
#: An instant as an answer or an event shows it: ISO 8601 in the offset it carries. Unlike `Instant`
#: it reads any stored time, the far ends of the calendar included.
Moment = Annotated[
    datetime,
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
#: A calendar day, YYYY-MM-DD.
Day = Annotated[
    date,
    BeforeValidator(_day),
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]
#: A range bound: a plain date means a local day, a time with offset that instant.
DayOrInstant = Annotated[
    date | datetime,
    BeforeValidator(_day_or_instant),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]
#: An id of something the business owns (its existence is checked by the use-case).
Id = Annotated[str, Field(min_length=1, max_length=64)]


#: One line of text (names, subjects): with a length, `Annotated[str, Field(max_length=200), ONE_LINE]`.
ONE_LINE = AfterValidator(_one_line)
#: Spaces around a text taken off before its length is counted.
STRIPPED = StringConstraints(strip_whitespace=True)
#: A name: one line of 1 to 200 characters, the spaces around it taken off.
Name = Annotated[str, STRIPPED, Field(min_length=1, max_length=200), ONE_LINE]
Email = Annotated[str, Field(max_length=254, examples=["ana@example.com"]), AfterValidator(_email)]
#: An e-mail address, or an empty text for none; the spaces around it are taken off.
OptionalEmail = Annotated[str, STRIPPED, Field(max_length=254), AfterValidator(_email_or_empty)]
#: A password as typed at log-in: any text up to 200 characters.
Password = Annotated[str, Field(max_length=200)]
#: A password being set: 8 to 200 characters; a shorter one is a `weak_password`.
NewPassword = Annotated[str, Field(max_length=200), AfterValidator(_strong)]
#: A note: free text, line breaks allowed.
Note = Annotated[str, Field(max_length=5000)]
