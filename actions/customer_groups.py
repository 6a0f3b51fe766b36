"""Groups of customers ("Kassenpatienten", "Newsletter"): several per customer, chosen from the
business's groups or created inline by name. A name exists once per business, ignoring case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.errors import BadInput, Conflict, NotFound
from mail.messages import breaks_line
from realtime.events import Event
from store.customer_keys import fold
from store.queries import new_id, one, owned
from store.schema import customer_group_members, customer_groups, customers

NAME_LIMIT = 60
#: The most groups one customer may be in.
MOST_PER_CUSTOMER = 50


def clean_name(value: Any) -> str:
    """A group's name: 1 to 60 characters, without commas (CSV files list groups comma-separated)."""
    name = " ".join(value.split()) if isinstance(value, str) and not breaks_line(value.strip()) else ""
    if not name or len(name) > NAME_LIMIT or "," in name:
        raise BadInput(
            "invalid_group_name", "A group name has 1 to 60 characters and no comma.", field="name"
        )
    return name


def name_key(name: str) -> str:
    return fold(name)[:NAME_LIMIT]


def _exists(name: str) -> Conflict:
    return Conflict("group_exists", f"A group named {name!r} exists already.", field="name")


def _changed(tenant_id: str, group_id: str) -> Event:
    return Event(tenant_id, "customer_groups.changed", {"group_id": group_id})


async def listed(deps: Deps, tenant_id: str) -> list[dict[str, Any]]:
    """Every group of the business with its number of customers, by name."""
    members = (
        select(customer_group_members.c.group_id, func.count().label("customers"))
        .select_from(
            customer_group_members.join(customers, customers.c.id == customer_group_members.c.customer_id)
        )
        .where(customers.c.deleted_at.is_(None))
        .group_by(customer_group_members.c.group_id)
        .subquery()
    )
    query = (
        select(customer_groups.c.id, customer_groups.c.name, func.coalesce(members.c.customers, 0))
        .select_from(customer_groups.outerjoin(members, members.c.group_id == customer_groups.c.id))
        .where(customer_groups.c.tenant_id == tenant_id)
        .order_by(customer_groups.c.name_key)
    )
    async with deps.store.read() as conn:
        return [{"id": r[0], "name": r[1], "customers": r[2]} for r in await conn.execute(query)]


async def add(deps: Deps, tenant_id: str, name: Any) -> dict[str, str]:
    name = clean_name(name)
    group_id = new_id()
    try:
        async with deps.store.write() as conn:
            if await _by_key(conn, tenant_id, name_key(name)):
                raise _exists(name)
            await conn.execute(
                insert(customer_groups).values(
                    id=group_id,
                    tenant_id=tenant_id,
                    name=name,
                    name_key=name_key(name),
                    created_at=deps.clock(),
                )
            )
    except IntegrityError as error:  # the same name, written by someone else in the same instant
        raise _exists(name) from error
    await deps.notify([_changed(tenant_id, group_id)])
    return {"id": group_id, "name": name}


async def rename(deps: Deps, tenant_id: str, group_id: Any, name: Any) -> dict[str, str]:
    name = clean_name(name)
    try:
        async with deps.store.write() as conn:
            group = await _own(conn, tenant_id, group_id)
            same = await _by_key(conn, tenant_id, name_key(name))
            if same and same["id"] != group["id"]:
                raise _exists(name)
            await conn.execute(
                update(customer_groups)
                .where(customer_groups.c.id == group["id"])
                .values(name=name, name_key=name_key(name))
            )
    except IntegrityError as error:
        raise _exists(name) from error
    await deps.notify([_changed(tenant_id, group["id"])])
    return {"id": group["id"], "name": name}


async def remove(deps: Deps, tenant_id: str, group_id: Any) -> None:
    """Deletes the group; its customers stay, without it."""
    async with deps.store.write() as conn:
        group = await _own(conn, tenant_id, group_id)
        await conn.execute(
            delete(customer_group_members).where(customer_group_members.c.group_id == group["id"])
        )
        await conn.execute(delete(customer_groups).where(customer_groups.c.id == group["id"]))
    await deps.notify([_changed(tenant_id, group["id"])])


async def resolve(conn: AsyncConnection, tenant_id: str, wanted: Any, now: datetime) -> list[str]:
    """The ids of the groups a form asks for: each item a group's id, or `{name}` for a group that is
    reused (ignoring case) or created."""
    if wanted is None:
        return []
    if not isinstance(wanted, list) or len(wanted) > MOST_PER_CUSTOMER:
        raise BadInput(
            "invalid_field", f"groups is a list of at most {MOST_PER_CUSTOMER} groups.", field="groups"
        )
    ids: list[str] = []
    for item in wanted:
        if isinstance(item, dict) and set(item) == {"name"}:
            group_id = await group_named(conn, tenant_id, clean_name(item["name"]), now)
        elif isinstance(item, str):
            group_id = (await _own(conn, tenant_id, item))["id"]
        else:
            raise BadInput("invalid_field", "Each group is an id or {name}.", field="groups")
        if group_id not in ids:
            ids.append(group_id)
    return ids


async def group_named(conn: AsyncConnection, tenant_id: str, name: str, now: datetime) -> str:
    """The id of the business's group of that name (ignoring case), created if there is none.

    The insert skips a conflict, so two forms creating the same group at once both end up in it.
    """
    key = name_key(name)
    found = await _by_key(conn, tenant_id, key)
    if found:
        return str(found["id"])
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    await conn.execute(
        dialect.insert(customer_groups)
        .values(id=new_id(), tenant_id=tenant_id, name=name, name_key=key, created_at=now)
        .on_conflict_do_nothing()
    )
    made = await _by_key(conn, tenant_id, key)
    assert made is not None
    return str(made["id"])


async def of_customers(conn: AsyncConnection, customer_ids: Sequence[str]) -> dict[str, list[dict[str, str]]]:
    """Each customer's groups as `{id, name}`, by name."""
    found: dict[str, list[dict[str, str]]] = {}
    if not customer_ids:
        return found
    rows = await conn.execute(
        select(customer_group_members.c.customer_id, customer_groups.c.id, customer_groups.c.name)
        .select_from(
            customer_group_members.join(
                customer_groups, customer_groups.c.id == customer_group_members.c.group_id
            )
        )
        .where(customer_group_members.c.customer_id.in_(customer_ids))
        .order_by(customer_groups.c.name_key)
    )
    for customer_id, group_id, name in rows:
        found.setdefault(str(customer_id), []).append({"id": str(group_id), "name": str(name)})
    return found


async def owned_ids(conn: AsyncConnection, tenant_id: str, group_ids: Any, field: str) -> list[str]:
    """Checks a list of group ids from a request: each must be one of the business's groups."""
    if not isinstance(group_ids, list) or not all(isinstance(g, str) for g in group_ids):
        raise BadInput("invalid_field", f"{field} is a list of group ids.", field=field)
    for group_id in group_ids:
        await _own(conn, tenant_id, group_id)
    return list(dict.fromkeys(group_ids))


async def _own(conn: AsyncConnection, tenant_id: str, group_id: Any) -> dict[str, Any]:
    group = await owned(conn, customer_groups, tenant_id, group_id)
    if group is None:
        raise NotFound("The group")
    return group


async def _by_key(conn: AsyncConnection, tenant_id: str, key: str) -> dict[str, Any] | None:
    return await one(
        conn,
        select(customer_groups).where(
            and_(customer_groups.c.tenant_id == tenant_id, customer_groups.c.name_key == key)
        ),
    )
