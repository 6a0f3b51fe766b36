"""A customer record's own fields, as the desk and a booking enter them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from contract.fields import EARLIEST, LATEST, ONE_LINE, STRIPPED, Body, Code, OptionalEmail

Line20 = Annotated[str, Field(max_length=20), STRIPPED, ONE_LINE]
Line50 = Annotated[str, Field(max_length=50), STRIPPED, ONE_LINE]
Line100 = Annotated[str, Field(max_length=100), STRIPPED, ONE_LINE]
Line200 = Annotated[str, Field(max_length=200), STRIPPED, ONE_LINE]
#: Addresses are kept in lower case, so that one address is one customer.
CustomerEmail = Annotated[OptionalEmail, AfterValidator(str.lower)]


def _birth_date(value: Any) -> date:
    """A day written YYYY-MM-DD; whether it lies in the past is the use-case's to say (it has the clock)."""
    try:
        born = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        born = None
    if born is None or not EARLIEST <= born <= LATEST:
        raise PydanticCustomError("invalid_birth_date", "must be a past date written YYYY-MM-DD")
    return born


#: A birth date, YYYY-MM-DD; an empty text means unknown. The use-case refuses one in the future.
BirthDate = Annotated[
    date | None,
    BeforeValidator(lambda value: None if value is None else _birth_date(value)),
    PlainSerializer(lambda value: value.isoformat() if value else None),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}),
    Code("invalid_birth_date"),
]


class CustomerFields(Body):
    """A record's own fields; an empty text (or null) leaves a field empty."""

    first_name: Line100 | None = None
    last_name: Line100 | None = None
    email: CustomerEmail | None = None
    phone: Line50 | None = None
    street: Line200 | None = None
    postal_code: Line20 | None = None
    city: Line100 | None = None
    note: Annotated[str, Field(max_length=5000), STRIPPED] | None = None
    birth_date: BirthDate = None

    @model_validator(mode="before")
    @classmethod
    def _unknown_birth_date(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("birth_date") == "":
            return {**data, "birth_date": None}
        return data


class NewCustomer(CustomerFields):
    """A customer made while booking: a first or a last name, the rest optional."""

    last_name: Line100 | None = Field(default=None, validate_default=True)

    @field_validator("last_name")
    @classmethod
    def _named(cls, value: str | None, info: Any) -> str | None:
        if not (value or "").strip() and not (info.data.get("first_name") or "").strip():
            raise PydanticCustomError("invalid_customer", "or first_name is needed: a customer has a name")
        return value
