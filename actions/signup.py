"""Signing up a business: the business, its owner, the owner's own calendar and a first location.

A sign-up never tells whether an address has an account: one person may own or work for several
businesses, so an address in use simply gets another account, in the new business, and a mail
that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import owner_verification
from actions.booking_links import link_taken
from actions.context import Deps
from actions.errors import Conflict
from actions.passwords import hash_password
from contract.enums import Role
from contract.staff_access import SignUp
from mail.messages import render
from mail.outbox import enqueue
from store.queries import new_id
from store.schema import locations, staff, tenants, users

DEFAULT_HOURS = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@dataclass(frozen=True)
class SignedUp:
    tenant_id: str
    slug: str
    user_id: str
    staff_id: str
    location_id: str


async def signup(deps: Deps, form: SignUp, *, language: str = "de") -> SignedUp:
    """Creates the business, its owner, the owner's own calendar and a first location (Mon–Fri 8–18);
    `language` is that of the mail to an address that has an account already."""
    name, slug, email, timezone = form.business_name, form.slug, form.email, form.timezone
    password_hash = await hash_password(form.password)
    now = deps.clock()
    ids = SignedUp(new_id(), slug, new_id(), new_id(), new_id())
    try:
        async with deps.work() as work:
            conn = work.conn
            if await link_taken(conn, slug):
                raise Conflict("slug_taken", "This booking link is already taken.", field="slug")
            known = (await conn.execute(select(users.c.id).where(users.c.email == email).limit(1))).first()
            await _create(
                conn, ids, name=name, timezone=timezone, email=email, password_hash=password_hash, now=now
            )
            if known:
                await _tell_the_address(deps, conn, ids, name, email, language, now)
                work.mailed()
            await owner_verification.mail_link(work, deps, ids.tenant_id, language=language)
    except IntegrityError as error:  # a concurrent sign-up won the same booking link
        raise Conflict("slug_taken", "This booking link is already taken.", field="slug") from error
    return ids


async def _create(
    conn: AsyncConnection,
    ids: SignedUp,
    *,
    name: str,
    timezone: str,
    email: str,
    password_hash: str,
    now: datetime,
) -> None:
    await conn.execute(
        insert(tenants).values(id=ids.tenant_id, slug=ids.slug, name=name, timezone=timezone, created_at=now)
    )
    await conn.execute(
        insert(users).values(
            id=ids.user_id,
            tenant_id=ids.tenant_id,
            email=email,
            password_hash=password_hash,
            name=email.split("@")[0],
            role=Role.OWNER,
            created_at=now,
        )
    )
    await conn.execute(
        insert(staff).values(
            id=ids.staff_id,
            tenant_id=ids.tenant_id,
            user_id=ids.user_id,
            name=name,
            position=0,
            created_at=now,
        )
    )
    await conn.execute(
        insert(locations).values(
            id=ids.location_id,
            tenant_id=ids.tenant_id,
            name=name,
            opening_hours=DEFAULT_HOURS,
            created_at=now,
        )
    )


async def _tell_the_address(
    deps: Deps, conn: AsyncConnection, ids: SignedUp, name: str, email: str, language: str, now: datetime
) -> None:
    """Mails the address that already had an account: a new business was registered with it."""
    url = deps.settings.public_url
    message = render(
        "business_registered",
        email,
        language=language,
        business_name=name,
        email=email,
        booking_link=f"{url}/book/{ids.slug}",
        login_link=f"{url}/login",
    )
    await enqueue(conn, message, now=now, tenant_id=ids.tenant_id)
