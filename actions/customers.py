"""The business's customer records: their fields, creation and editing at the desk, and how a
record is shown through the API."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import consent, customer_groups, history
from actions.context import Deps, Work
from actions.errors import BadInput, NotFound
from actions.history import CUSTOMER
from contract.customer_fields import CustomerFields, NewCustomer
from contract.customers import Customer, GroupRef, NewRecord, RecordChange
from contract.enums import ConsentSource
from contract.events import CustomerChanged
from contract.history import Action
from realtime.events import Event
from store.customer_keys import keys
from store.queries import is_id, new_id, one, tenant_by_id
from store.schema import customer_group_members, customer_proposals, customers, tenants

#: A record's text fields.
TEXT_FIELDS = ("first_name", "last_name", "email", "phone", "street", "postal_code", "city", "note")
#: What the calendar shows for an erased customer's past appointments.
DELETED_NAME = "Gelöschter Kunde"
F = TypeVar("F", bound=CustomerFields)
#: The columns a desk's change may touch, by the name its history gives them.
_FIELD = {key: key for key in (*TEXT_FIELDS, "birth_date")}


def read_fields(model: type[F], data: object) -> F:
    """`data` read as `model`, for fields that come from elsewhere than a request body (a CSV row);
    the first failure a 400 naming its field, with the code the API gives it."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = str(first["loc"][0]) if first["loc"] else None
        code = first["type"] if first["type"].startswith("invalid_") else "invalid_field"
        if field is None:
            code = "invalid_customer"
        raise BadInput(code, f"{field or 'The customer'}: {first['msg']}.", field=field) from None


def _born(birth_date: date | None, today: date) -> date | None:
    if birth_date is not None and birth_date > today:
        raise BadInput(
            "invalid_birth_date", "The birth date is a past date written YYYY-MM-DD.", field="birth_date"
        )
    return birth_date


def record_values(fields: CustomerFields, today: date, *, only_given: bool = False) -> dict[str, Any]:
    """The columns `fields` write: all of a record's own fields (an empty one as ""), or with
    `only_given` those the client sent."""
    wanted = fields.given() if only_given else {*TEXT_FIELDS, "birth_date"}
    values: dict[str, Any] = {key: getattr(fields, key) or "" for key in TEXT_FIELDS if key in wanted}
    if "birth_date" in wanted:
        values["birth_date"] = _born(fields.birth_date, today)
    return values


def clean_new_customer(new: NewCustomer | Mapping[str, Any], today: date) -> dict[str, Any]:
    """The columns of a customer made while booking; a mapping is read as `NewCustomer` first."""
    if not isinstance(new, NewCustomer):
        new = read_fields(NewCustomer, new)
    return record_values(new, today)


def _named(values: Mapping[str, Any], record: Mapping[str, Any]) -> None:
    if not (values.get("first_name", record["first_name"]) or values.get("last_name", record["last_name"])):
        raise BadInput("invalid_customer", "A customer needs a first or a last name.", field="last_name")


def with_keys(values: dict[str, Any], record: Mapping[str, Any] | None = None) -> dict[str, Any]:
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


async def write_fields(conn: AsyncConnection, record: Mapping[str, Any], values: dict[str, Any]) -> None:
    """Changes fields of a record and keeps its search keys in step."""
    if values:
        await conn.execute(
            update(customers).where(customers.c.id == record["id"]).values(**with_keys(values, record))
        )


def changed(tenant_id: str, customer_id: str) -> Event:
    """Tells open lists and views of the business that a record changed."""
    return Event(tenant_id, "customer.changed", CustomerChanged(customer_id=customer_id))


async def create(deps: Deps, tenant_id: str, new: NewRecord) -> str:
    """A record made at the desk, with its groups (chosen by id or created by name)."""
    now = deps.clock()
    values = record_values(new, now.date())
    async with deps.work() as work:
        group_ids = await customer_groups.resolve(work.conn, tenant_id, new.groups or [], now)
        customer_id = await insert_customer(work.conn, tenant_id, values, now)
        await history.record(work, tenant_id, CUSTOMER, customer_id, Action.CREATED)
        await set_groups(work.conn, customer_id, group_ids)
        if new.newsletter:
            await _desk_consent(work, deps, tenant_id, await own(work.conn, tenant_id, customer_id), now)
        work.emit(changed(tenant_id, customer_id))
    return customer_id


async def update_record(deps: Deps, tenant_id: str, customer_id: str, change: RecordChange) -> Customer:
    """Changes the fields given; a changed name becomes the business's own (`name_private`)."""
    now = deps.clock()
    given = change.given()
    values = record_values(change, now.date(), only_given=True)
    async with deps.work() as work:
        record = await own(work.conn, tenant_id, customer_id)
        touched = []
        if "newsletter" in given and change.newsletter != consent.standing(record):
            touched.append("newsletter")
            if change.newsletter:
                # The opt-in mail goes to the address as it is after this change.
                await _desk_consent(work, deps, tenant_id, {**record, **values}, now)
            else:
                await consent.withdraw(work.conn, record["id"], now)
        if any(key in values and values[key] != record[key] for key in ("first_name", "last_name")):
            values["name_private"] = True
        _named(values, record)
        touched += [_FIELD[key] for key in values if key in _FIELD and values[key] != record[key]]
        await write_fields(work.conn, record, values)
        if "groups" in given:
            group_ids = await customer_groups.resolve(work.conn, tenant_id, change.groups or [], now)
            before = await customer_groups.of_customers(work.conn, [record["id"]])
            if {group.id for group in before.get(record["id"], [])} != set(group_ids):
                touched.append("groups")
            await set_groups(work.conn, record["id"], group_ids)
        if touched:
            await history.record(work, tenant_id, CUSTOMER, record["id"], Action.CHANGED, fields=touched)
        shown = (await load_customers(work.conn, tenant_id, [record["id"]]))[0]
        work.emit(changed(tenant_id, record["id"]))
    return shown


async def _desk_consent(
    work: Work, deps: Deps, tenant_id: str, record: Mapping[str, Any], now: datetime
) -> None:
    """Consent the desk holds on paper: recorded with source desk, and the customer confirms it by
    the mailed link like any other, which also proves the address is theirs."""
    tenant = await tenant_by_id(work.conn, tenant_id)
    assert tenant is not None
    await consent.give(work, deps, tenant, record, ConsentSource.DESK, now)


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


def customer_shape(row: Mapping[str, Any], groups: list[GroupRef], zone: ZoneInfo) -> Customer:
    """The customer `C` of the API."""
    return Customer(
        id=row["id"],
        **{key: row[key] for key in TEXT_FIELDS},
        birth_date=row["birth_date"],
        groups=groups,
        account_linked=row["account_id"] is not None,
        has_proposal=bool(row["has_proposal"]),
        newsletter=consent.confirmed(row),
        newsletter_consent=consent.shape(row, zone),
        name_private=bool(row["name_private"]),
        created_at=row["created_at"].astimezone(zone),
    )


async def load_customers(conn: AsyncConnection, tenant_id: str, ids: list[str]) -> list[Customer]:
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
    return [
        customer_shape(rows[i], groups.get(i, []), ZoneInfo(rows[i]["timezone"])) for i in ids if i in rows
    ]


async def shown(deps: Deps, tenant_id: str, customer_id: str) -> Customer:
    async with deps.store.read() as conn:
        record = await own(conn, tenant_id, customer_id)
        return (await load_customers(conn, tenant_id, [record["id"]]))[0]
