"""The business's company data: how customers reach it, shown in the booking page's and every mail's
footer. Name and booking link are not among them: only the operator changes those."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from contract.fields import ONE_LINE, STRIPPED, Body, OptionalEmail, Shape


def _web_address(value: str) -> str:
    """An http(s) address a customer may open, or an empty text for none."""
    if not value:
        return value
    try:
        parts = urlsplit(value)
        port_in_range = parts.port is None or parts.port > 0
    except ValueError:
        port_in_range = False
    if (
        not port_in_range
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(char.isspace() for char in value)
    ):
        raise PydanticCustomError("invalid_url", "must be a web address starting with https:// or http://")
    return value


#: A web address starting with http:// or https://, or an empty text for none.
WebAddress = Annotated[
    str,
    STRIPPED,
    Field(max_length=500),
    ONE_LINE,
    AfterValidator(_web_address),
    WithJsonSchema({"type": "string", "maxLength": 500, "examples": ["https://praxis-example.at/impressum"]}),
]
#: A telephone number as customers dial it, "+43 1 234 56 78".
PhoneNumber = Annotated[str, STRIPPED, Field(max_length=50), ONE_LINE]
#: The postal address on one line, "Hauptstraße 1, 1010 Wien".
PostalAddress = Annotated[str, STRIPPED, Field(max_length=300), ONE_LINE]


class Company(Shape):
    """How customers reach the business; an empty text where nothing is given."""

    address: str
    phone: str
    email: str
    website: str
    imprint_url: str = Field(description="the business's imprint (Impressum)")
    privacy_url: str = Field(description="the business's privacy policy")
    logo_url: str = Field("", description="the logo's address on this server; empty: no logo")
    privacy_text: str = Field("", description="the business's privacy notice as text, shown at registration")


class CompanyChange(Body):
    """The company data to change; a field left out (or null) stays as it is, an empty text clears it."""

    address: PostalAddress | None = None
    phone: PhoneNumber | None = None
    email: OptionalEmail | None = None
    website: WebAddress | None = None
    imprint_url: WebAddress | None = None
    privacy_url: WebAddress | None = None
    privacy_text: Annotated[str, STRIPPED, Field(max_length=20_000)] | None = None
