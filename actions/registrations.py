"""Online registrations reach the business's customer database at the first binding booking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customers as records
from actions import proposals
from actions.accounts import Account
from actions.context import Work
from actions.history import CUSTOMER, record
from contract.history import Action
from realtime.events import Event
from store.queries import one
from store.schema import customers


async def record_for_account(
    work: Work, tenant_id: str, account: Account, now: datetime
) -> tuple[str, list[Event]]:
    """The business's record of this customer, and the events its change causes.

    A record already linked to the account is used as it is. Otherwise a record with the account's
    e-mail address is joined: it is linked, its empty fields are filled from the registration, and
    where the registration says otherwise the business gets a proposal. Else a record is created.
    """
    conn = work.conn
    alive = and_(customers.c.tenant_id == tenant_id, customers.c.deleted_at.is_(None))
    linked = await one(conn, select(customers.c.id).where(and_(alive, customers.c.account_id == account.id)))
    if linked:
        return str(linked["id"]), []
    # The account's absence is checked here: in the query, SQLite would read every record without
    # an account through the (tenant, account) index instead of the few with this address.
    same_address = await conn.execute(
        select(customers)
        .where(and_(alive, customers.c.email == account.email))
        .order_by(customers.c.created_at, customers.c.id)
    )
    unlinked = [dict(r._mapping) for r in same_address if r.account_id is None]
    if unlinked:
        await record(work, tenant_id, CUSTOMER, unlinked[0]["id"], Action.CHANGED, fields=["account"])
        return unlinked[0]["id"], await _join(conn, unlinked[0], account, now)
    values = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "phone": account.phone,
    }
    customer_id = await records.insert_customer(conn, tenant_id, values, now, account_id=account.id)
    await record(work, tenant_id, CUSTOMER, customer_id, Action.CREATED)
    return customer_id, [records.changed(tenant_id, customer_id)]


async def _join(
    conn: AsyncConnection, record: dict[str, Any], account: Account, now: datetime
) -> list[Event]:
    fields = account.fields()
    blanks = {field: fields[field] for field in proposals.PROPOSABLE if not record[field] and fields[field]}
    await records.write_fields(conn, record, {"account_id": account.id, **blanks})
    record = {**record, "account_id": account.id, **blanks}
    differing = {
        field: fields[field]
        for field in proposals.PROPOSABLE
        if fields[field] and record[field] != fields[field]
    }
    if differing:
        return await proposals.propose(conn, record, differing, now)
    return [records.changed(record["tenant_id"], record["id"])]
