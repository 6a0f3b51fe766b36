"""The operator's changes to a business's name and booking link, which its owner cannot make.

A moved booking link keeps leading to the business: the old one is kept as a former link, which
answers with a permanent redirect and which no other business may take.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.errors import BadInput, Conflict, NotFound
from contract.fields import Name
from contract.staff_access import Slug
from store import Store
from store.queries import tenant_by_slug
from store.rows import Tenant
from store.schema import former_slugs, tenants

_SLUG: TypeAdapter[str] = TypeAdapter(Slug)
_NAME: TypeAdapter[str] = TypeAdapter(Name)


async def link_taken(conn: AsyncConnection, slug: str) -> bool:
    """Whether a business has this booking link, now or before the operator moved it."""
    now_used = await conn.execute(select(tenants.c.id).where(tenants.c.slug == slug))
    if now_used.first():
        return True
    former = await conn.execute(select(former_slugs.c.slug).where(former_slugs.c.slug == slug))
    return former.first() is not None


async def moved_to(store: Store, slug: str) -> str | None:
    """The booking link of the business that `slug` was moved away from; None for no such link."""
    async with store.read() as conn:
        row = (
            await conn.execute(
                select(tenants.c.slug)
                .select_from(former_slugs.join(tenants, tenants.c.id == former_slugs.c.tenant_id))
                .where(former_slugs.c.slug == slug)
            )
        ).first()
    return row.slug if row else None


async def _business(conn: AsyncConnection, slug: str) -> Tenant:
    tenant = await tenant_by_slug(conn, slug)
    if tenant is None:
        raise NotFound("The business")
    return tenant


async def rename(store: Store, slug: str, name: str) -> Tenant:
    """Gives the business of booking link `slug` a new name; the business as it is afterwards."""
    try:
        name = _NAME.validate_python(name)
    except ValidationError:
        raise BadInput(
            "invalid_name", "The name must be one line of 1 to 200 characters.", field="name"
        ) from None
    async with store.write() as conn:
        tenant = await _business(conn, slug)
        await conn.execute(update(tenants).where(tenants.c.id == tenant.id).values(name=name))
        renamed = await tenant_by_slug(conn, slug)
    assert renamed is not None
    return renamed


async def move_link(store: Store, slug: str, to: str, now: datetime) -> Tenant:
    """Gives the business of booking link `slug` the link `to`; `slug` leads there from now on.

    A business may move back to a link it had before; a link another business has or had is taken.
    """
    try:
        to = _SLUG.validate_python(to)
    except ValidationError:
        raise BadInput(
            "invalid_slug", "A booking link uses a-z, 0-9 and hyphens, 3 to 64 characters.", field="slug"
        ) from None
    async with store.write() as conn:
        tenant = await _business(conn, slug)
        own_former = and_(former_slugs.c.slug == to, former_slugs.c.tenant_id == tenant.id)
        await conn.execute(delete(former_slugs).where(own_former))
        if to != slug and await link_taken(conn, to):
            raise Conflict("slug_taken", "This booking link is already taken.", field="slug")
        await conn.execute(update(tenants).where(tenants.c.id == tenant.id).values(slug=to))
        if to != slug:
            # Every former link names the business, not a link: each leads to the newest directly.
            await conn.execute(insert(former_slugs).values(slug=slug, tenant_id=tenant.id, moved_at=now))
        moved = await tenant_by_slug(conn, to)
    assert moved is not None
    return moved
