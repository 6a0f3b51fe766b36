"""Staff sessions that the server can end: a log-in starts one, log-out ends it, and a new password
ends every one of that person's sessions but the fresh one it starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.errors import Forbidden, NotFound, Unauthorised
from actions.passwords import check_password, hash_password
from contract.enums import PersonStatus
from contract.staff_access import PasswordChange
from store.queries import new_id, one
from store.schema import staff_sessions, tenants, users

#: A session outlives no token: older rows are cleared when the person logs in again.
SESSION_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class Account:
    """A staff account a log-in found: who, and in which business."""

    id: str
    tenant_id: str
    #: Whether the person logs in with a code from an app after the password.
    two_factor: bool = False
    #: Whether the business requires that code and the person has yet to set it up.
    setup_due: bool = False

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Account:
        enabled = row["totp_secret"] is not None
        return cls(row["id"], row["tenant_id"], enabled, bool(row["require_two_factor"]) and not enabled)


@dataclass(frozen=True)
class Session:
    """One of a person's sessions as their list shows it."""

    id: str
    started_at: datetime
    device: str


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
            _with_rule(select(users, tenants.c.require_two_factor))
            .where(and_(users.c.email == email.strip().lower(), users.c.status == PersonStatus.ACTIVE))
            .order_by(users.c.created_at.desc(), users.c.id)
        )
        accounts = [dict(row._mapping) for row in rows]
    if not accounts:
        await check_password(None, password)
    matching = [account for account in accounts if await check_password(account["password_hash"], password)]
    if not matching:
        raise Unauthorised("bad_credentials", "E-mail or password is wrong.")
    return Account.of(matching[0])


def _with_rule(query: Select[Any]) -> Select[Any]:
    """`query` over users, joined to their business for whether it requires two-factor log-in."""
    return query.select_from(users.join(tenants, tenants.c.id == users.c.tenant_id))


async def _insert(
    conn: AsyncConnection, user_id: str, tenant_id: str, now: datetime, device: str = ""
) -> str:
    session_id = new_id()
    await conn.execute(
        delete(staff_sessions).where(
            and_(staff_sessions.c.user_id == user_id, staff_sessions.c.created_at < now - SESSION_LIFETIME)
        )
    )
    await conn.execute(
        insert(staff_sessions).values(
            id=session_id, user_id=user_id, tenant_id=tenant_id, created_at=now, device=device[:200]
        )
    )
    return session_id


async def start(deps: Deps, user_id: str, tenant_id: str, device: str = "") -> str:
    """Starts a session for the person and returns its id, which their token names; `device` is
    the browser or program, as the person's list of sessions shows it."""
    async with deps.work() as work:
        return await _insert(work.conn, user_id, tenant_id, deps.clock(), device)


async def sessions_of(deps: Deps, user_id: str) -> list[Session]:
    """The person's live sessions, newest first."""
    async with deps.store.read() as conn:
        rows = await conn.execute(
            select(staff_sessions)
            .where(
                and_(
                    staff_sessions.c.user_id == user_id,
                    staff_sessions.c.created_at >= deps.clock() - SESSION_LIFETIME,
                )
            )
            .order_by(staff_sessions.c.created_at.desc(), staff_sessions.c.id)
        )
        return [Session(row.id, row.created_at, row.device) for row in rows]


async def end_own(deps: Deps, user_id: str, session_id: str) -> None:
    """Ends one of the person's own sessions; another person's is not found, as one that never was."""
    async with deps.work() as work:
        done = await work.conn.execute(
            delete(staff_sessions).where(
                and_(staff_sessions.c.id == session_id, staff_sessions.c.user_id == user_id)
            )
        )
    if done.rowcount != 1:
        raise NotFound("The session")


async def end_others(deps: Deps, user_id: str, keep: str) -> tuple[str, ...]:
    """Ends every session of the person but `keep` (log out everywhere else); returns those ended."""
    async with deps.work() as work:
        return await end_everywhere(work.conn, user_id, but=keep)


async def end_everywhere(conn: AsyncConnection, user_id: str, but: str | None = None) -> tuple[str, ...]:
    """Ends every session of the person (but the one named `but`); returns those ended."""
    mine = staff_sessions.c.user_id == user_id
    condition = and_(mine, staff_sessions.c.id != but) if but else mine
    rows = await conn.execute(select(staff_sessions.c.id).where(condition))
    ended: tuple[str, ...] = tuple(rows.scalars())
    await conn.execute(delete(staff_sessions).where(condition))
    return ended


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
        ended = await end_everywhere(conn, user_id)
        session_id = await _insert(conn, user_id, user["tenant_id"], deps.clock())
    return Rotated(session_id, ended)


async def account(deps: Deps, user_id: str) -> Account:
    """The staff account with this id, for a log-in that its second step completes."""
    async with deps.store.read() as conn:
        user = await one(
            conn, _with_rule(select(users, tenants.c.require_two_factor)).where(users.c.id == user_id)
        )
    if user is None:
        raise Unauthorised("login_expired", "The log-in took too long. Please enter your password again.")
    return Account.of(user)
