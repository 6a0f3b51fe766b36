"""Signing up a business: the business, its owner, the owner's own calendar and a first location.

A sign-up never tells whether an address has an account: one person may own or work for several
businesses, so an address in use simply gets another account, in the new business, and a mail
that says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.business import check_email, check_password_rule
from actions.context import Deps
from actions.errors import BadInput, Conflict
from actions.passwords import hash_password
from actions.text import single_line
from mail.messages import render
from mail.outbox import enqueue
from scheduling import validate_zone
from store.queries import new_id
from store.schema import locations, staff, tenants, users

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$")
DEFAULT_HOURS = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@dataclass(frozen=True)
class SignedUp:
    tenant_id: str
    slug: str
    user_id: str
    staff_id: str
    location_id: str


async def signup(
    deps: Deps,
    *,
    business_name: str,
    slug: str,
    email: str,
    password: str,
    timezone: str,
    language: str = "de",
) -> SignedUp:
    """Creates the business, its owner, the owner's own calendar and a first location (Mon–Fri 8–18);
    `language` is that of the mail to an address that has an account already."""
    name = business_name.strip()
    if not name or len(name) > 200:
        raise BadInput("invalid_name", "Please give the business a name.", field="business_name")
    single_line(name, "business_name")
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise BadInput(
            "invalid_slug",
            "The booking link may use a–z, 0–9 and hyphens, 3 to 64 characters.",
            field="slug",
        )
    email = check_email(email)
    check_password_rule(password)
    try:
        validate_zone(timezone)
    except ValueError as error:
        raise BadInput("invalid_timezone", f"Unknown time zone {timezone!r}.", field="timezone") from error
    password_hash = await hash_password(password)
    now = deps.clock()
    ids = SignedUp(new_id(), slug, new_id(), new_id(), new_id())
    known = None
    try:
        async with deps.store.write() as conn:
            taken = await conn.execute(select(tenants.c.id).where(tenants.c.slug == slug))
            if taken.first():
                raise Conflict("slug_taken", "This booking link is already taken.", field="slug")
            known = (await conn.execute(select(users.c.id).where(users.c.email == email).limit(1))).first()
            await _create(
                conn, ids, name=name, timezone=timezone, email=email, password_hash=password_hash, now=now
            )
            if known:
                await _tell_the_address(deps, conn, ids, name, email, language, now)
    except IntegrityError as error:  # a concurrent sign-up won the same booking link
        raise Conflict("slug_taken", "This booking link is already taken.", field="slug") from error
    if known:
        await deps.notify([], mail=True)
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
            role="owner",
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
