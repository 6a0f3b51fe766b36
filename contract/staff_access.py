"""Signing a business up, and its staff in and out."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from contract.fields import Body, Code, Email, Name, NewPassword, Password, Shape
from scheduling import ZoneError, validate_zone

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$")


def _slug(value: str) -> str:
    value = value.strip().lower()
    if not SLUG.match(value):
        raise PydanticCustomError("invalid_slug", "may use a–z, 0–9 and hyphens, 3 to 64 characters")
    return value


def _zone(value: str) -> str:
    try:
        validate_zone(value)
    except ZoneError:
        raise PydanticCustomError(
            "invalid_timezone", "is no time zone name such as 'Europe/Vienna'"
        ) from None
    return value


#: A booking link's last part: a–z, 0–9 and hyphens, 3 to 64 characters (written in any case).
Slug = Annotated[str, Field(max_length=64, examples=["praxis-sonnenhof"]), AfterValidator(_slug)]
TimeZone = Annotated[str, Field(max_length=64, examples=["Europe/Vienna"]), AfterValidator(_zone)]


class SignUp(Body):
    business_name: Annotated[Name, Code("invalid_name", of_type=False)]
    slug: Slug
    email: Email
    password: NewPassword
    timezone: TimeZone = "Europe/Vienna"


class NewBusiness(Shape):
    """The business just signed up, and the owner's token."""

    tenant_id: str
    slug: str
    user_id: str
    staff_id: str
    location_id: str
    token: str = Field(description="the owner's bearer token")


class LogIn(Body):
    email: Annotated[str, Field(max_length=254)]
    password: Password


class Token(Shape):
    token: str
    two_factor_setup_due: bool = Field(
        default=False,
        description="the business requires two-factor log-in and this person has yet to set it up",
    )


class PasswordChange(Body):
    current_password: Password
    new_password: NewPassword


class PasswordChanged(Shape):
    """The caller's fresh token; every other session of the person has ended."""

    status: Literal["password_changed"] = "password_changed"
    token: str
