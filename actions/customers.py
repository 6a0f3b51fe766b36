"""The business's customer records: search as one types, and creation from the desk."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.business import check_email
from actions.context import Deps
from actions.errors import BadInput
from store.queries import new_id
from store.schema import customers

FIELDS = ("id", "first_name", "last_name", "email", "phone", "note")


def customer_view(row: Any) -> dict[str, Any]:
    mapping = row._mapping if hasattr(row, "_mapping") else row
    return {key: mapping[key] for key in FIELDS}


def clean_new_customer(data: Any) -> dict[str, str]:
    """Validates a new customer's fields: first and last name required, e-mail optional."""
    if not isinstance(data, dict):
        raise BadInput("invalid_customer", "A customer needs first_name and last_name.")
    values: dict[str, str] = {}
    for key, limit in (
        ("first_name", 100),
        ("last_name", 100),
        ("email", 254),
        ("phone", 50),
        ("note", 5000),
    ):
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > limit:
            raise BadInput(
                "invalid_customer", f"{key} must be text of at most {limit} characters.", field=key
            )
        values[key] = value.strip()
    if not values["first_name"] and not values["last_name"]:
        raise BadInput("invalid_customer", "A customer needs a first or a last name.", field="last_name")
    if values["email"]:
        values["email"] = check_email(values["email"])
    return values


async def insert_customer(
    conn: AsyncConnection, tenant_id: str, values: dict[str, str], now: Any, **extra: Any
) -> str:
    customer_id = new_id()
    await conn.execute(
        insert(customers).values(id=customer_id, tenant_id=tenant_id, created_at=now, **values, **extra)
    )
    return customer_id


async def create(deps: Deps, tenant_id: str, data: Any) -> str:
    values = clean_new_customer(data)
    async with deps.store.write() as conn:
        return await insert_customer(conn, tenant_id, values, deps.clock())


async def search(deps: Deps, tenant_id: str, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Customers whose name, e-mail or phone contains every word typed, best matches first."""
    query = select(*(customers.c[key] for key in FIELDS)).where(customers.c.tenant_id == tenant_id)
    for word in text.split()[:5]:
        pattern = f"%{word.lower().replace('%', '').replace('_', '')}%"
        query = query.where(
            or_(
                func.lower(customers.c.first_name).like(pattern),
                func.lower(customers.c.last_name).like(pattern),
                func.lower(customers.c.email).like(pattern),
                customers.c.phone.like(pattern),
            )
        )
    query = query.order_by(customers.c.last_name, customers.c.first_name).limit(limit)
    async with deps.store.read() as conn:
        return [customer_view(r) for r in await conn.execute(query)]


async def exists(conn: AsyncConnection, tenant_id: str, customer_id: Any) -> bool:
    if not isinstance(customer_id, str):
        return False
    row = await conn.execute(
        select(customers.c.id).where(and_(customers.c.id == customer_id, customers.c.tenant_id == tenant_id))
    )
    return row.first() is not None
