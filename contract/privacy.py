"""Consent and data rights: a customer's newsletter opt-in, deleting an account, verifying a
business's owner."""

from __future__ import annotations

from typing import Any

from contract.fields import Body, Password, Shape


class AccountDeletion(Body):
    """The account's password, given again: deleting cannot be undone."""

    password: Password


class AccountData(Shape):
    """Everything kept about a customer: the account, and per business the record kept there
    (`business`, `booking_page`, `record`, `newsletter_consent`, `appointments`)."""

    account: dict[str, Any]
    businesses: list[dict[str, Any]]
    exported_at: str


class BusinessExport(Shape):
    """All of a business's data: the business's own row and each table's rows by the table's name."""

    exported_at: str
    business: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
