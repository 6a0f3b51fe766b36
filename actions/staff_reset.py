"""A staff person who forgot their password sets a new one through a mailed, single-use link
that is valid one hour; the new password ends every session of theirs."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.accounts import token_hash
from actions.business import check_password_rule
from actions.context import Deps
from actions.errors import Gone, NotFound
from actions.passwords import hash_password
from actions.staff_sessions import end_everywhere
from contract.enums import PersonStatus
from mail.messages import render
from mail.outbox import enqueue
from store.queries import Row, one
from store.schema import staff_tokens, tenants, users

RESET_VALID = timedelta(hours=1)
PURPOSE = "reset"


async def request_reset(deps: Deps, email: str, language: str) -> None:
    """Mails a link to each account with this address (one per business it works for), in
    `language`, the language of the page it was asked from.

    Callers run this after answering, so that its duration tells nothing of whether one exists.
    """
    now = deps.clock()
    async with deps.work() as work:
        rows = await work.conn.execute(
            select(
                users.c.id, users.c.email, users.c.name, users.c.tenant_id, tenants.c.name.label("business")
            )
            .select_from(users.join(tenants, tenants.c.id == users.c.tenant_id))
            .where(and_(users.c.email == email.strip().lower(), users.c.status == PersonStatus.ACTIVE))
        )
        for account in rows.all():
            token = secrets.token_urlsafe(32)
            await work.conn.execute(
                insert(staff_tokens).values(
                    token_hash=token_hash(token),
                    user_id=account.id,
                    purpose=PURPOSE,
                    expires_at=now + RESET_VALID,
                )
            )
            message = render(
                "staff_password_reset",
                account.email,
                language=language,
                first_name="",
                business=account.business,
                link=f"{deps.settings.public_url}/login/reset/{token}"
                + ("?lang=en" if language == "en" else ""),
                valid_minutes=int(RESET_VALID.total_seconds() // 60),
            )
            await enqueue(work.conn, message, now=now, tenant_id=account.tenant_id)
            work.mailed()


async def link_state(deps: Deps, token: str) -> str:
    """What the link's page should offer: "ask", "used", "expired" or "unknown"."""
    async with deps.store.read() as conn:
        row = await _row(conn, token)
    if row is None:
        return "unknown"
    if row["used_at"] is not None:
        return "used"
    if row["expires_at"] <= deps.clock():
        return "expired"
    return "ask"


async def _row(conn: AsyncConnection, token: str) -> Row | None:
    return await one(
        conn,
        select(staff_tokens).where(
            and_(staff_tokens.c.token_hash == token_hash(token), staff_tokens.c.purpose == PURPOSE)
        ),
    )


async def reset_password(deps: Deps, token: str, password: str) -> tuple[str, ...]:
    """Sets the new password from the link and ends every session of the person; returns the
    sessions ended, whose live connections the caller closes."""
    password_hash = await hash_password(check_password_rule(password))
    now = deps.clock()
    async with deps.work() as work:
        conn = work.conn
        row = await _row(conn, token)
        if row is None:
            raise NotFound("The reset link", "This link is not valid.")
        if row["used_at"] is not None:
            raise Gone("token_used", "This link was already used. Ask for a new one if you still need it.")
        if row["expires_at"] <= now:
            raise Gone("token_expired", "This link has expired. Please ask for a new one.")
        user_id = str(row["user_id"])
        unused = staff_tokens.c.used_at.is_(None)
        done = await conn.execute(
            update(staff_tokens)
            .where(and_(staff_tokens.c.token_hash == row["token_hash"], unused))
            .values(used_at=now)
        )
        if done.rowcount != 1:
            raise Gone("token_used", "This link was already used. Ask for a new one if you still need it.")
        # Any other link of the person still out there is void now.
        await conn.execute(
            update(staff_tokens).where(and_(staff_tokens.c.user_id == user_id, unused)).values(used_at=now)
        )
        await conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))
        return await end_everywhere(conn, user_id)
