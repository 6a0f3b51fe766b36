"""The owner's address is verified before the booking page goes live: sign-up mails a link, and
until it is opened customers find the page not yet live and cannot hold slots; the owner, logged
in, can preview it. Businesses live before this rule came were verified by migration 0025."""

from __future__ import annotations

import itsdangerous
from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps, Work
from actions.errors import BadInput, Forbidden, NotFound
from contract.enums import Role
from mail.messages import render
from mail.outbox import enqueue
from store.queries import tenant_by_slug
from store.schema import tenants, users

SALT = "owner-verification"


def token(secret: str, tenant_id: str, user_id: str) -> str:
    return itsdangerous.URLSafeSerializer(secret, salt=SALT).dumps({"t": tenant_id, "u": user_id})


async def mail_link(work: Work, deps: Deps, tenant_id: str, *, language: str = "de") -> None:
    """Queues the verification mail to the business's owner."""
    found = await work.conn.execute(
        select(users.c.id, users.c.email, tenants.c.name)
        .select_from(users.join(tenants, tenants.c.id == users.c.tenant_id))
        .where(and_(users.c.tenant_id == tenant_id, users.c.role == Role.OWNER))
        .order_by(users.c.created_at)
        .limit(1)
    )
    owner = found.first()
    if owner is None:
        return
    link = (
        f"{deps.settings.public_url}/verify-business/{token(deps.settings.secret_key, tenant_id, owner.id)}"
    )
    message = render("owner_verification", owner.email, language=language, business=owner.name, link=link)
    await enqueue(work.conn, message, now=deps.clock(), tenant_id=tenant_id)
    work.mailed()


async def resend(deps: Deps, tenant_id: str, language: str) -> None:
    """Mails the link again; 400 `already_verified` once it was opened."""
    async with deps.work() as work:
        verified = await work.conn.scalar(
            select(tenants.c.owner_verified_at).where(tenants.c.id == tenant_id)
        )
        if verified is not None:
            raise BadInput("already_verified", "The address is verified already.")
        await mail_link(work, deps, tenant_id, language=language)


async def _business(conn: AsyncConnection, deps: Deps, value: str) -> dict[str, object]:
    try:
        data = itsdangerous.URLSafeSerializer(deps.settings.secret_key, salt=SALT).loads(value)
    except itsdangerous.BadData:
        data = None
    row = None
    if isinstance(data, dict) and isinstance(data.get("t"), str) and isinstance(data.get("u"), str):
        found = await conn.execute(
            select(tenants.c.id, tenants.c.name, tenants.c.owner_verified_at)
            .select_from(tenants.join(users, users.c.tenant_id == tenants.c.id))
            .where(and_(tenants.c.id == data["t"], users.c.id == data["u"], users.c.role == Role.OWNER))
        )
        row = found.first()
    if row is None:
        raise NotFound("The confirmation link", "This link is not valid.")
    return dict(row._mapping)


async def page(deps: Deps, value: str) -> dict[str, str]:
    """What the verification page shows: the business, and "ask" or "done"."""
    async with deps.store.read() as conn:
        row = await _business(conn, deps, value)
    return {"business": str(row["name"]), "state": "ask" if row["owner_verified_at"] is None else "done"}


async def verify(deps: Deps, value: str) -> dict[str, str]:
    """Verifies the owner's address: the booking page goes live. Twice is harmless."""
    async with deps.work() as work:
        row = await _business(work.conn, deps, value)
        await work.conn.execute(
            update(tenants)
            .where(and_(tenants.c.id == row["id"], tenants.c.owner_verified_at.is_(None)))
            .values(owner_verified_at=deps.clock())
        )
    return {"business": str(row["name"]), "state": "done"}


async def check_live(deps: Deps, slug: str) -> None:
    """403 `business_unverified` while the owner has not verified the address."""
    async with deps.store.read() as conn:
        tenant = await tenant_by_slug(conn, slug)
    if tenant is None:
        raise NotFound("The business")
    if tenant.owner_verified_at is None:
        raise Forbidden("business_unverified", "This booking page is not live yet.")


async def mark_verified(deps: Deps, tenant_id: str) -> None:
    """Counts the business as verified without the link (the demo business, whose address is ours)."""
    async with deps.work() as work:
        await work.conn.execute(
            update(tenants).where(tenants.c.id == tenant_id).values(owner_verified_at=deps.clock())
        )
