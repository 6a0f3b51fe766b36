"""A business's own data in one JSON document (GDPR Art. 20, and a way to leave): every table of
that business, never another business's rows, never password hashes, two-factor secrets, session
or link tokens, feed secrets or the mail outbox (whose mails carry codes and links)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from store.schema import (
    appointments,
    closures,
    customer_group_members,
    customer_groups,
    customer_proposals,
    customers,
    former_slugs,
    history,
    locations,
    newsletters,
    sent_reminders,
    service_staff,
    services,
    staff,
    staff_hours,
    staff_notifications,
    tenants,
    users,
)

#: Columns never exported: secrets, and keys derived from other columns.
SECRET = {
    "password_hash",
    "totp_secret",
    "totp_last_step",
    "recovery_codes",
    "code_hash",
    "search_name",
    "search_text",
}
#: Tables with a `tenant_id`, by the name they have in the export.
OWN: dict[str, Table] = {
    "users": users,
    "calendars": staff,
    "locations": locations,
    "services": services,
    "customers": customers,
    "customer_groups": customer_groups,
    "customer_proposals": customer_proposals,
    "newsletters": newsletters,
    "appointments": appointments,
    "closures": closures,
    "history": history,
    "staff_notifications": staff_notifications,
    "sent_reminders": sent_reminders,
    "former_booking_links": former_slugs,
}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _rows(result: Any, table: Table) -> list[dict[str, Any]]:
    shown = [c.name for c in table.columns if c.name not in SECRET]
    return [{name: _plain(row._mapping[name]) for name in shown} for row in result]


async def _linked(conn: AsyncConnection, table: Table, column: Any, owner: Table, tenant_id: str) -> Any:
    """Rows of a link table whose `column` names a row of `owner` in the business."""
    mine = select(owner.c.id).where(owner.c.tenant_id == tenant_id)
    return await conn.execute(select(table).where(column.in_(mine)))


async def export(deps: Deps, tenant_id: str) -> dict[str, Any]:
    """The business's row, and every table of the business as lists of rows by name."""
    async with deps.store.read() as conn:
        own_row = await conn.execute(select(tenants).where(tenants.c.id == tenant_id))
        business = _rows(own_row, tenants)[0]
        data: dict[str, Any] = {}
        for name, table in OWN.items():
            result = await conn.execute(select(table).where(table.c.tenant_id == tenant_id))
            data[name] = _rows(result, table)
        hours = await _linked(conn, staff_hours, staff_hours.c.staff_id, staff, tenant_id)
        data["calendar_hours"] = _rows(hours, staff_hours)
        offered = await _linked(conn, service_staff, service_staff.c.service_id, services, tenant_id)
        data["service_calendars"] = _rows(offered, service_staff)
        members = await _linked(
            conn, customer_group_members, customer_group_members.c.group_id, customer_groups, tenant_id
        )
        data["customer_group_members"] = _rows(members, customer_group_members)
    return {"exported_at": deps.clock().isoformat(), "business": business, "tables": data}
