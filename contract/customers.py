"""The customer database: records, groups, proposals, newsletters."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from contract.fields import ONE_LINE, STRIPPED, Body, Code, Day, Moment, OptionalEmail, Shape

Line20 = Annotated[str, Field(max_length=20), STRIPPED, ONE_LINE]
Line50 = Annotated[str, Field(max_length=50), STRIPPED, ONE_LINE]
Line100 = Annotated[str, Field(max_length=100), STRIPPED, ONE_LINE]
Line200 = Annotated[str, Field(max_length=200), STRIPPED, ONE_LINE]


#: A birth date, YYYY-MM-DD; an empty text means unknown. The use-case refuses one in the future.
BirthDate = Annotated[Day | None, Code("invalid_birth_date")]


class CustomerFields(Body):
    """A record's own fields; an empty text (or null) leaves a field empty."""

    first_name: Line100 | None = None
    last_name: Line100 | None = None
    email: OptionalEmail | None = None
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

    @model_validator(mode="after")
    def _named(self) -> NewCustomer:
        if not (self.first_name or "").strip() and not (self.last_name or "").strip():
            raise PydanticCustomError("invalid_customer", "a customer needs a first or a last name")
        return self


class ProposedValue(Shape):
    current: str
    proposed: str


class Proposal(Shape):
    """The proposal `P`: changes a customer made to their own account, for the business to take
    into its record field by field or ignore."""

    customer_id: str
    customer_name: str
    name_private: bool
    changes: dict[str, ProposedValue]
    created_at: Moment
