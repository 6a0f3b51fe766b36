"""The business's customer records: their fields, creation and editing at the desk, and how a
record is shown through the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customer_groups
from actions.business import check_email
from actions.context import Deps
from actions.errors import BadInput, NotFound
from actions.text import single_line
from realtime.events import Event
from store.customer_keys import keys
from store.queries import is_id, new_id, one
from store.schema import customer_group_members, customer_proposals, customers, tenants

#: Text fields of a record and their longest length.
TEXT_FIELDS = {
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "phone": 50,
    "street": 200,
    "postal_code": 20,
    "city": 100,
    "note": 5000,
}
EDITABLE = (*TEXT_FIELDS, "birth_date", "groups", "newsletter")
OLDEST_BIRTH_DATE = date(1900, 1, 1)
#: What the calendar shows for an erased customer's past appointments.
DELETED_NAME = "Gelöschter Kunde"


def clean_birth_date(value: Any, today: date) -> date | None:
    """A birth date as YYYY-MM-DD, not in the future; empty means unknown."""
    if value is None or value == "":
        return None
    try:
        born = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        born = None
    if born is None or not OLDEST_BIRTH_DATE <= born <= today:
        raise BadInput(
            "invalid_birth_date", "The birth date is a past date written YYYY-MM-DD.", field="birth_date"
        )
    return born


def clean_text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    limit = TEXT_FIELDS[key]
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise BadInput("invalid_field", f"{key} must be text of at most {limit} characters.", field=key)
    value = value.strip()
    if key != "note":
        single_line(value, key)
    return check_email(value) if key == "email" and value else value


def clean_fields(data: dict[str, Any], today: date, *, partial: bool) -> dict[str, Any]:
    """The record's values from `data`: every text field (all of them, or with `partial` only those
    given) and the birth date; `groups` and `newsletter` are left to their own functions."""
    values: dict[str, Any] = {key: clean_text(data, key) for key in TEXT_FIELDS if not partial or key in data}
    if not partial or "birth_date" in data:
        values["birth_date"] = clean_birth_date(data.get("birth_date"), today)
    return values


def clean_new_customer(data: Any, today: date) -> dict[str, Any]:
    """Validates a new customer's fields: a first or a last name, the rest optional."""
    if not isinstance(data, dict):
        raise BadInput("invalid_customer", "A customer needs first_name and last_name.")
    values = clean_fields(data, today, partial=False)
    if not values["first_name"] and not values["last_name"]:
        raise BadInput("invalid_customer", "A customer needs a first or a last name.", field="last_name")
    return values


def with_keys(values: dict[str, Any], record: dict[str, Any] | None = None) -> dict[str, Any]:
    """`values` plus the search keys of the record they make (`record` holds the fields not changed)."""
    merged = {**(record or {}), **values}
    fields = [str(merged.get(key) or "") for key in ("first_name", "last_name", "email", "phone")]
    return {**values, **keys(*fields)}


async def insert_customer(
    conn: AsyncConnection, tenant_id: str, values: dict[str, Any], now: datetime, **extra: Any
) -> str:
    """Writes a new record; every path that creates customers comes through here, for the keys."""
    customer_id = new_id()
    row = with_keys({**values, **extra})
    await conn.execute(insert(customers).values(id=customer_id, tenant_id=tenant_id, created_at=now, **row))
    return customer_id


async def write_fields(conn: AsyncConnection, record: dict[str, Any], values: dict[str, Any]) -> None:
    """Changes fields of a record and keeps its search keys in step."""
    if values:
        await conn.execute(
            update(customers).where(customers.c.id == record["id"]).values(**with_keys(values, record))
        )


def changed(tenant_id: str, customer_id: str) -> Event:
    """Tells open lists and views of the business that a record changed."""
    return Event(tenant_id, "customer.changed", {"customer_id": customer_id})


def wants_newsletter(data: dict[str, Any]) -> bool:
    """The form's `newsletter` choice; true where it is not given."""
    chosen = data.get("newsletter", True)
    if not isinstance(chosen, bool):
        raise BadInput("invalid_field", "newsletter is true or false.", field="newsletter")
    return chosen


async def create(deps: Deps, tenant_id: str, data: Any) -> str:
    """A record made at the desk, with its groups (chosen by id or created by name)."""
    now = deps.clock()
    values = clean_new_customer(data, now.date())
    if not wants_newsletter(data):
        values["newsletter_opt_out_at"] = now
    wanted = data.get("groups")
    async with deps.store.write() as conn:
        group_ids = await customer_groups.resolve(conn, tenant_id, wanted, now)
        customer_id = await insert_customer(conn, tenant_id, values, now)
        await set_groups(conn, customer_id, group_ids)
    await deps.notify([changed(tenant_id, customer_id)])
    return customer_id


async def update_record(deps: Deps, tenant_id: str, customer_id: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Changes any fields of a record; a changed name becomes the business's own (`name_private`)."""
    unknown = sorted(set(data) - set(EDITABLE))
    if unknown:
        raise BadInput("unknown_field", f"{unknown[0]!r} cannot be changed here.", field=unknown[0])
    now = deps.clock()
    values = clean_fields(data, now.date(), partial=True)
    newsletter = wants_newsletter(data)
    async with deps.store.write() as conn:
        record = await own(conn, tenant_id, customer_id)
        if "newsletter" in data and newsletter != (record["newsletter_opt_out_at"] is None):
            values["newsletter_opt_out_at"] = None if newsletter else now
        if any(key in values and values[key] != record[key] for key in ("first_name", "last_name")):
            values["name_private"] = True
        if not (
            values.get("first_name", record["first_name"]) or values.get("last_name", record["last_name"])
        ):
            raise BadInput("invalid_customer", "A customer needs a first or a last name.", field="last_name")
        await write_fields(conn, record, values)
        if "groups" in data:
            group_ids = await customer_groups.resolve(conn, tenant_id, data["groups"], now)
            await set_groups(conn, record["id"], group_ids)
        shown = (await load_views(conn, tenant_id, [record["id"]]))[0]
    await deps.notify([changed(tenant_id, record["id"])])
    return shown


async def set_groups(conn: AsyncConnection, customer_id: str, group_ids: list[str]) -> None:
    await conn.execute(
        delete(customer_group_members).where(customer_group_members.c.customer_id == customer_id)
    )
    if group_ids:
        await conn.execute(
            insert(customer_group_members),
            [{"group_id": group_id, "customer_id": customer_id} for group_id in group_ids],
        )


async def own(
    conn: AsyncConnection, tenant_id: str, customer_id: Any, *, lock: str | None = None
) -> dict[str, Any]:
    """The business's record with that id; another business's record, or an erased one, is unknown.

    `lock="share"` (booking for them) or `lock="update"` (erasing them) holds the row until the
    transaction ends on PostgreSQL, so a booking and an erasure cannot both pass their checks;
    SQLite runs write transactions one at a time anyway.
    """
    if not is_id(customer_id):
        raise NotFound("The customer")
    query = select(customers).where(
        and_(
            customers.c.id == customer_id,
            customers.c.tenant_id == tenant_id,
            customers.c.deleted_at.is_(None),
        )
    )
    if lock is not None:
        query = query.with_for_update(read=lock == "share")
    row = await one(conn, query)
    if row is None:
        raise NotFound("The customer")
    return row


async def exists(conn: AsyncConnection, tenant_id: str, customer_id: Any) -> bool:
    try:
        await own(conn, tenant_id, customer_id)
    except NotFound:
        return False
    return True


def view(row: dict[str, Any], groups: list[dict[str, str]], zone: ZoneInfo) -> dict[str, Any]:
    """The customer `C` of the API."""
    return {
        "id": row["id"],
        **{key: row[key] for key in TEXT_FIELDS},
        "birth_date": row["birth_date"].isoformat() if row["birth_date"] else None,
        "groups": groups,
        "account_linked": row["account_id"] is not None,
        "has_proposal": bool(row["has_proposal"]),
        "newsletter": row["newsletter_opt_out_at"] is None,
        "name_private": bool(row["name_private"]),
        "created_at": row["created_at"].astimezone(zone).isoformat(),
    }


async def load_views(conn: AsyncConnection, tenant_id: str, ids: list[str]) -> list[dict[str, Any]]:
    """The records with these ids as the API shows them, in the order of `ids`."""
    if not ids:
        return []
    has_proposal = customer_proposals.c.customer_id.is_not(None).label("has_proposal")
    query = (
        select(customers, has_proposal, tenants.c.timezone)
        .select_from(
            customers.join(tenants, tenants.c.id == customers.c.tenant_id).outerjoin(
                customer_proposals, customer_proposals.c.customer_id == customers.c.id
            )
        )
        .where(customers.c.id.in_(ids))
    )
    # Looked up by id alone and checked for the business here: with the business in the query,
    # SQLite (without statistics) reads all of its customers through the (tenant, account) index.
    found = [dict(r._mapping) for r in await conn.execute(query)]
    rows = {row["id"]: row for row in found if row["tenant_id"] == tenant_id}
    groups = await customer_groups.of_customers(conn, list(rows))
    return [view(rows[i], groups.get(i, []), ZoneInfo(rows[i]["timezone"])) for i in ids if i in rows]


async def shown(deps: Deps, tenant_id: str, customer_id: str) -> dict[str, Any]:
    async with deps.store.read() as conn:
        record = await own(conn, tenant_id, customer_id)
        return (await load_views(conn, tenant_id, [record["id"]]))[0]
