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
from actions.errors import Conflict, NotFound
from contract.customers import GROUP_NAME_LIMIT, Group, GroupRef, NamedGroup
from contract.events import GroupsChanged
from realtime.events import Event
from store.customer_keys import fold
from store.queries import new_id, one, owned
from store.schema import customer_group_members, customer_groups, customers


def name_key(name: str) -> str:
    return fold(name)[:GROUP_NAME_LIMIT]


def _exists(name: str) -> Conflict:
    return Conflict("group_exists", f"A group named {name!r} exists already.", field="name")


def _changed(tenant_id: str, group_id: str) -> Event:
    return Event(tenant_id, "customer_groups.changed", GroupsChanged(group_id=group_id))


async def listed(deps: Deps, tenant_id: str) -> list[Group]:
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
        return [Group(id=r[0], name=r[1], customers=r[2]) for r in await conn.execute(query)]


async def add(deps: Deps, tenant_id: str, group: NamedGroup) -> GroupRef:
    group_id = new_id()
    try:
        async with deps.work() as work:
            if await _by_key(work.conn, tenant_id, name_key(group.name)):
                raise _exists(group.name)
            await work.conn.execute(
                insert(customer_groups).values(
                    id=group_id,
                    tenant_id=tenant_id,
                    name=group.name,
                    name_key=name_key(group.name),
                    created_at=deps.clock(),
                )
            )
            work.emit(_changed(tenant_id, group_id))
    except IntegrityError as error:  # the same name, written by someone else in the same instant
        raise _exists(group.name) from error
    return GroupRef(id=group_id, name=group.name)


async def rename(deps: Deps, tenant_id: str, group_id: str, group: NamedGroup) -> GroupRef:
    try:
        async with deps.work() as work:
            found = await _own(work.conn, tenant_id, group_id)
            same = await _by_key(work.conn, tenant_id, name_key(group.name))
            if same and same["id"] != found["id"]:
                raise _exists(group.name)
            await work.conn.execute(
                update(customer_groups)
                .where(customer_groups.c.id == found["id"])
                .values(name=group.name, name_key=name_key(group.name))
            )
            work.emit(_changed(tenant_id, found["id"]))
    except IntegrityError as error:
        raise _exists(group.name) from error
    return GroupRef(id=found["id"], name=group.name)


async def remove(deps: Deps, tenant_id: str, group_id: str) -> None:
    """Deletes the group; its customers stay, without it."""
    async with deps.work() as work:
        group = await _own(work.conn, tenant_id, group_id)
        await work.conn.execute(
            delete(customer_group_members).where(customer_group_members.c.group_id == group["id"])
        )
        await work.conn.execute(delete(customer_groups).where(customer_groups.c.id == group["id"]))
        work.emit(_changed(tenant_id, group["id"]))


async def resolve(
    conn: AsyncConnection, tenant_id: str, wanted: Sequence[str | NamedGroup], now: datetime
) -> list[str]:
    """The ids of the groups a form asks for: each a group's id, or a group reused by name
    (ignoring case) or made."""
    ids: list[str] = []
    for item in wanted:
        if isinstance(item, NamedGroup):
            group_id = await group_named(conn, tenant_id, item.name, now)
        else:
            group_id = (await _own(conn, tenant_id, item))["id"]
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


async def of_customers(conn: AsyncConnection, customer_ids: Sequence[str]) -> dict[str, list[GroupRef]]:
    """Each customer's groups, by name."""
    found: dict[str, list[GroupRef]] = {}
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
        found.setdefault(str(customer_id), []).append(GroupRef(id=str(group_id), name=str(name)))
    return found


async def owned_ids(conn: AsyncConnection, tenant_id: str, group_ids: Sequence[str]) -> list[str]:
    """The ids, each once, after checking that each is one of the business's groups."""
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
