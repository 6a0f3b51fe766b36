"""Prices as a customer reads them in a mail, in the mail's language: "45,00 €" or "€45.00"."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

from i18n import DEFAULT, LANGUAGES


def price_text(cents: int | None, currency: str, language: str = "de") -> str:
    """A price in cents of `currency`, written the way the language writes money; empty for none."""
    if cents is None:
        return ""
    lang = language if language in LANGUAGES else DEFAULT
    return format_currency(Decimal(cents) / 100, currency, locale=lang)
