"""Staff sessions that the server can end: a log-in starts one, log-out ends it, and a new password
ends every one of that person's sessions but the fresh one it starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.errors import Forbidden, Unauthorised
from actions.passwords import check_password, hash_password
from contract.staff_access import PasswordChange
from store.queries import new_id, one
from store.schema import staff_sessions, users

#: A session outlives no token: older rows are cleared when the person logs in again.
SESSION_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class Account:
    """A staff account a log-in found: who, and in which business."""

    id: str
    tenant_id: str


@dataclass(frozen=True)
class Rotated:
    """A password change: the session the caller carries on with, and the sessions it ended."""

    session_id: str
    ended: tuple[str, ...]


async def login(deps: Deps, *, email: str, password: str) -> Account:
    """The newest staff account with this address and password; a wrong pair is bad_credentials.

    An address may have an account in each of several businesses. The password is checked against
    every one of them, and at least once, so that an address without an account costs as much time
    as one with an account.
    """
    async with deps.store.read() as conn:
        rows = await conn.execute(
            select(users)
            .where(users.c.email == email.strip().lower())
            .order_by(users.c.created_at.desc(), users.c.id)
        )
        accounts = [dict(row._mapping) for row in rows]
    if not accounts:
        await check_password(None, password)
    matching = [account for account in accounts if await check_password(account["password_hash"], password)]
    if not matching:
        raise Unauthorised("bad_credentials", "E-mail or password is wrong.")
    return Account(matching[0]["id"], matching[0]["tenant_id"])


async def _insert(conn: AsyncConnection, user_id: str, tenant_id: str, now: datetime) -> str:
    session_id = new_id()
    await conn.execute(
        delete(staff_sessions).where(
            and_(staff_sessions.c.user_id == user_id, staff_sessions.c.created_at < now - SESSION_LIFETIME)
        )
    )
    await conn.execute(
        insert(staff_sessions).values(id=session_id, user_id=user_id, tenant_id=tenant_id, created_at=now)
    )
    return session_id


async def start(deps: Deps, user_id: str, tenant_id: str) -> str:
    """Starts a session for the person and returns its id, which their token names."""
    async with deps.work() as work:
        return await _insert(work.conn, user_id, tenant_id, deps.clock())


async def end(deps: Deps, session_id: str) -> None:
    """Ends the session: its token and cookie no longer sign anyone in."""
    async with deps.work() as work:
        await work.conn.execute(delete(staff_sessions).where(staff_sessions.c.id == session_id))


async def change_password(deps: Deps, user_id: str, change: PasswordChange) -> Rotated:
    """Sets a new password for a signed-in person, who gives the current one again; every session
    of theirs ends, and the caller carries on in a fresh one."""
    current, new = change.current_password, change.new_password
    async with deps.store.read() as conn:
        user = await one(conn, select(users).where(users.c.id == user_id))
    if user is None:
        raise Unauthorised("unauthorised", "Please log in.")
    if not await check_password(user["password_hash"], current):
        raise Forbidden("wrong_password", "The current password is not right.", field="current_password")
    password_hash = await hash_password(new)
    async with deps.work() as work:
        conn = work.conn
        await conn.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))
        rows = await conn.execute(select(staff_sessions.c.id).where(staff_sessions.c.user_id == user_id))
        ended: tuple[str, ...] = tuple(rows.scalars())
        await conn.execute(delete(staff_sessions).where(staff_sessions.c.user_id == user_id))
        session_id = await _insert(conn, user_id, user["tenant_id"], deps.clock())
    return Rotated(session_id, ended)
