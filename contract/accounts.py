"""Customer accounts: registration, verification, log-in, password reset and the customer's profile."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from contract.enums import Language
from contract.fields import ONE_LINE, STRIPPED, Body, Code, NewPassword, OptionalEmail, Password, Shape


def _given_address(value: str) -> str:
    if not value:
        raise PydanticCustomError("invalid_email", "must be a valid e-mail address")
    return value.lower()


#: An address an account is made for: the spaces around it taken off, kept in lower case.
AccountEmail = Annotated[OptionalEmail, AfterValidator(_given_address)]
#: A mailed link's token.
Token = Annotated[str, Field(max_length=200)]
PersonName = Annotated[str, STRIPPED, Field(min_length=1, max_length=100), ONE_LINE, Code("invalid_name")]
Phone = Annotated[str, STRIPPED, Field(max_length=50), ONE_LINE, Code("invalid_phone")]
AccountLanguage = Annotated[Language, Code("invalid_language")]


class NewAccount(Body):
    """A registration: an unverified account, until the mailed link is opened."""

    email: AccountEmail
    password: NewPassword
    first_name: PersonName
    last_name: PersonName
    phone: Phone | None = None
    language: AccountLanguage = Language.DE

    @model_validator(mode="before")
    @classmethod
    def _said_as_empty(cls, data: Any) -> Any:
        """A field left out fails as the empty text would, as registration always answered."""
        if isinstance(data, dict):
            required = ("email", "password", "first_name", "last_name")
            return {key: "" for key in required} | data
        return data


class Verification(Body):
    token: Token


class LogIn(Body):
    email: Annotated[str, Field(max_length=254)]
    password: Password


class ResetRequest(Body):
    email: Annotated[str, Field(max_length=254)]


class NewPasswordByLink(Body):
    token: Token
    password: NewPassword


class PasswordChange(Body):
    current_password: Password
    new_password: NewPassword


class Profile(Shape):
    """The customer's own data; the address is the account's and stays."""

    email: str
    first_name: str
    last_name: str
    phone: str
    language: Language


class ProfileChange(Body):
    """The fields to change; a field left out (or null) stays as it is."""

    first_name: PersonName | None = None
    last_name: PersonName | None = None
    phone: Phone | None = None
    language: AccountLanguage | None = None


class LoggedIn(Shape):
    token: str = Field(description="the customer's bearer token")


class PasswordChanged(Shape):
    status: str
    token: str = Field(description="a fresh bearer token; log-ins made with the old password end")
