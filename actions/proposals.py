"""When customers change their own profile, every business that keeps a record linked to their
account gets a proposal instead of a silent overwrite, and takes or ignores each change.

A record holds at most one open proposal; later changes merge into it. A change that would leave a
field as the record has it already drops out, and a proposal with nothing left closes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customers as records
from actions import history
from actions.context import Deps
from actions.errors import BadInput, NotFound
from contract.customers import Customer, Proposal, ProposedValue
from contract.history import Action
from realtime.events import Event
from store.queries import one, tenant_by_id
from store.schema import customer_accounts, customer_proposals, customers

#: The profile fields a customer may change that the business's record also holds.
PROPOSABLE = ("first_name", "last_name", "phone")


def proposal_shape(record: Mapping[str, Any], proposal: Mapping[str, Any], zone: ZoneInfo) -> Proposal:
    """The proposal `P` of the API: each field with the record's value and the proposed one."""
    return Proposal(
        customer_id=record["id"],
        customer_name=f"{record['first_name']} {record['last_name']}".strip(),
        name_private=bool(record["name_private"]),
        changes={
            field: ProposedValue(current=record[field], proposed=proposed)
            for field, proposed in sorted(proposal["changes"].items())
        },
        created_at=proposal["created_at"].astimezone(zone),
    )


async def merge(
    conn: AsyncConnection, record: dict[str, Any], proposed: dict[str, str], now: datetime
) -> dict[str, Any] | None:
    """Merges `proposed` values into the record's open proposal; returns the proposal as it is now,
    or None when nothing is left to decide."""
    current = await one(
        conn, select(customer_proposals).where(customer_proposals.c.customer_id == record["id"])
    )
    changes = {**(current["changes"] if current else {}), **proposed}
    changes = {field: value for field, value in changes.items() if value != record[field]}
    if not changes:
        if current:
            await conn.execute(
                delete(customer_proposals).where(customer_proposals.c.customer_id == record["id"])
            )
        return None
    if current:
        await conn.execute(
            update(customer_proposals)
            .where(customer_proposals.c.customer_id == record["id"])
            .values(changes=changes, updated_at=now)
        )
        return {**current, "changes": changes, "updated_at": now}
    made = {"customer_id": record["id"], "tenant_id": record["tenant_id"], "changes": changes}
    await conn.execute(insert(customer_proposals).values(**made, created_at=now, updated_at=now))
    return {**made, "created_at": now, "updated_at": now}


async def propose_profile_changes(
    conn: AsyncConnection, before: dict[str, Any], after: dict[str, Any], now: datetime
) -> list[Event]:
    """The account's profile changed from `before` to `after`: each linked record gets a proposal
    of the changed fields. Returns the events to send after commit."""
    proposed = {field: after[field] for field in PROPOSABLE if after[field] != before[field]}
    if not proposed:
        return []
    linked = await conn.execute(
        select(customers).where(and_(customers.c.account_id == after["id"], customers.c.deleted_at.is_(None)))
    )
    events: list[Event] = []
    for record in [dict(r._mapping) for r in linked]:
        events += await propose(conn, record, proposed, now)
    return events


async def propose(
    conn: AsyncConnection, record: dict[str, Any], proposed: dict[str, str], now: datetime
) -> list[Event]:
    """Adds `proposed` values to the record's proposal; returns `proposal.created` and
    `customer.changed` for the business, or nothing when no change is left to decide."""
    proposal = await merge(conn, record, proposed, now)
    tenant_id = record["tenant_id"]
    if proposal is None:
        return [records.changed(tenant_id, record["id"])]
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    shown = proposal_shape(record, proposal, tenant.zone)
    return [Event(tenant_id, "proposal.created", shown), records.changed(tenant_id, record["id"])]


async def open_for(conn: AsyncConnection, record: Mapping[str, Any], zone: ZoneInfo) -> Proposal | None:
    """The record's open proposal, or None."""
    proposal = await one(
        conn, select(customer_proposals).where(customer_proposals.c.customer_id == record["id"])
    )
    return proposal_shape(record, proposal, zone) if proposal else None


async def listed(deps: Deps, tenant_id: str) -> list[Proposal]:
    """Every open proposal of the business, newest first."""
    query = (
        select(customer_proposals, customers)
        .select_from(customer_proposals.join(customers, customers.c.id == customer_proposals.c.customer_id))
        .where(and_(customer_proposals.c.tenant_id == tenant_id, customers.c.deleted_at.is_(None)))
        .order_by(customer_proposals.c.updated_at.desc(), customers.c.id)
    )
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        found = []
        for row in await conn.execute(query):
            proposal = {key: row._mapping[customer_proposals.c[key]] for key in ("changes", "created_at")}
            record = {column.name: row._mapping[column] for column in customers.c}
            found.append(proposal_shape(record, proposal, tenant.zone))
        return found


async def decide(deps: Deps, tenant_id: str, customer_id: str, take: list[str]) -> Customer:
    """Takes the fields named in `take` from the open proposal, ignores the rest and closes it."""
    async with deps.work() as work:
        conn = work.conn
        record = await records.own(conn, tenant_id, customer_id)
        proposal = await one(
            conn, select(customer_proposals).where(customer_proposals.c.customer_id == record["id"])
        )
        if proposal is None:
            raise NotFound("The proposal")
        unknown = sorted(set(take) - set(proposal["changes"]))
        if unknown:
            raise BadInput("not_proposed", f"{unknown[0]!r} is not among the proposed changes.", field="take")
        values: dict[str, Any] = {field: proposal["changes"][field] for field in take}
        if {"first_name", "last_name"} & set(values):
            values["name_private"] = await _still_private(conn, record, values)
        await records.write_fields(conn, record, values)
        await history.record(
            work, tenant_id, history.CUSTOMER, record["id"], Action.PROPOSAL_TAKEN, fields=take
        )
        await conn.execute(delete(customer_proposals).where(customer_proposals.c.customer_id == record["id"]))
        shown = (await records.load_customers(conn, tenant_id, [record["id"]]))[0]
        work.emit(records.changed(tenant_id, record["id"]))
    return shown


async def _still_private(conn: AsyncConnection, record: Mapping[str, Any], values: dict[str, Any]) -> bool:
    """A name stays the business's own while it differs from the one the customer gave."""
    if not record["name_private"] or record["account_id"] is None:
        return bool(record["name_private"])
    account = await one(conn, select(customer_accounts).where(customer_accounts.c.id == record["account_id"]))
    assert account is not None
    names = ("first_name", "last_name")
    return any(values.get(key, record[key]) != account[key] for key in names)
