"""Customers cancel their own booking through the signed link in the confirmation mail.

The link names the appointment and is signed with the server's secret, so it cannot be forged
for another appointment; it is good until the business's cut-off before the start. The cancelling
goes through the desk's own cancel use-case, so the same events and mails follow.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import itsdangerous
from sqlalchemy import select

from actions import appointments as desk
from actions.context import Deps
from actions.customer_mail import when_text
from actions.errors import Conflict, Gone, NotFound
from store.queries import one
from store.schema import appointments, locations, services, tenants

SALT = "self-cancel"
CANCELLABLE = ("booked", "requested")


def cancel_token(secret: str, appointment_id: str) -> str:
    """The token that ends the link `PUBLIC_URL/cancel/<token>` for one appointment."""
    return itsdangerous.URLSafeSerializer(secret, salt=SALT).dumps({"a": appointment_id})


def _appointment_id(secret: str, token: str) -> str | None:
    try:
        data = itsdangerous.URLSafeSerializer(secret, salt=SALT).loads(token)
    except itsdangerous.BadData:
        return None
    value = data.get("a") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


async def details(deps: Deps, token: str) -> dict[str, Any]:
    """What the cancel page shows, with `state`: "ask", "too_late", "cancelled" or "past"."""
    appointment_id = _appointment_id(deps.settings.secret_key, token)
    row = None
    if appointment_id is not None:
        query = (
            select(
                appointments.c.id,
                appointments.c.tenant_id,
                appointments.c.status,
                appointments.c.start_at,
                services.c.name.label("service"),
                locations.c.name.label("location"),
                locations.c.address.label("address"),
                tenants.c.name.label("business"),
                tenants.c.timezone,
                tenants.c.cancel_cutoff_hours,
            )
            .select_from(
                appointments.join(services, services.c.id == appointments.c.service_id)
                .join(locations, locations.c.id == appointments.c.location_id)
                .join(tenants, tenants.c.id == appointments.c.tenant_id)
            )
            .where(appointments.c.id == appointment_id)
        )
        async with deps.store.read() as conn:
            row = await one(conn, query)
    if row is None:
        raise NotFound("The cancellation link", "This cancellation link is not valid.")
    now = deps.clock()
    cutoff = timedelta(hours=row["cancel_cutoff_hours"])
    if row["status"] not in CANCELLABLE:
        state = "cancelled"
    elif row["start_at"] <= now:
        state = "past"
    elif row["start_at"] - cutoff < now:
        state = "too_late"
    else:
        state = "ask"
    return {
        "state": state,
        "appointment_id": row["id"],
        "tenant_id": row["tenant_id"],
        "business": row["business"],
        "service": row["service"],
        "location": row["location"],
        "address": row["address"],
        "when": when_text(row["start_at"], ZoneInfo(row["timezone"])),
        "cutoff_hours": row["cancel_cutoff_hours"],
    }


async def cancel_by_link(deps: Deps, token: str) -> dict[str, Any]:
    """Cancels the linked appointment if the cut-off allows; returns the page's details."""
    shown = await details(deps, token)
    if shown["state"] == "cancelled":
        raise Gone("already_cancelled", "This appointment is already cancelled.")
    if shown["state"] == "past":
        raise Gone("appointment_past", "This appointment has already begun.")
    if shown["state"] == "too_late":
        raise Conflict(
            "cancel_too_late",
            f"Online cancellation closes {shown['cutoff_hours']} hours before the appointment. "
            "Please call the business.",
            cutoff_hours=shown["cutoff_hours"],
        )
    await desk.cancel(deps, shown["tenant_id"], shown["appointment_id"])
    return shown | {"state": "done"}
