"""The signed link in booking mails with which customers cancel their own appointment.

The link names the appointment and is signed with the server's secret, so it cannot be forged
for another appointment.
"""

from __future__ import annotations

import itsdangerous

SALT = "self-cancel"


def cancel_token(secret: str, appointment_id: str) -> str:
    """The token that ends the link `PUBLIC_URL/cancel/<token>` for one appointment."""
    return itsdangerous.URLSafeSerializer(secret, salt=SALT).dumps({"a": appointment_id})


def cancel_link(public_url: str, secret: str, appointment_id: str, language: str = "de") -> str:
    """The link in the customer's mail; an English mail's link opens the page in English."""
    link = f"{public_url}/cancel/{cancel_token(secret, appointment_id)}"
    return f"{link}?lang=en" if language == "en" else link


def linked_appointment(secret: str, token: str) -> str | None:
    """The appointment id a token was signed for, or None for a forged or mangled token."""
    try:
        data = itsdangerous.URLSafeSerializer(secret, salt=SALT).loads(token)
    except itsdangerous.BadData:
        return None
    value = data.get("a") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
