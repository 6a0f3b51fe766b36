"""The team: inviting people by mail, their rights and calendars, deactivating and bringing them
back. Everything a person did stays with them when they leave; only their log-in ends."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.accounts import token_hash
from actions.business import setup_changed
from actions.context import Deps, Work
from actions.errors import Conflict, Gone, NotFound
from actions.licence_limits import check_room
from actions.passwords import hash_password
from actions.staff_sessions import end_everywhere
from contract.enums import PersonStatus, Role
from contract.events import Nothing
from contract.rights import PRESETS, preset_of, rights_of
from contract.team import Invitation, InvitationInfo, InvitationTaken, Person, PersonChange
from mail.messages import render
from mail.outbox import enqueue
from realtime.events import Event
from store.queries import Row, new_id, one, owned
from store.schema import staff, staff_tokens, tenants, users

INVITATION_VALID = timedelta(days=7)
PURPOSE = "invite"


@dataclass(frozen=True)
class Ended:
    """A change that ends a person's log-ins, or makes their open pages catch up: the person, and
    the sessions whose live connections are to close."""

    person: Person
    sessions: tuple[str, ...] = ()


def team_changed(tenant_id: str) -> Event:
    """Open staff pages fetch the set-up again, the team's list among it."""
    return Event(tenant_id, "settings.changed", Nothing())


async def team_of(deps: Deps, tenant_id: str) -> list[Person]:
    """Everyone of the business: the owner first, then by name, the invited among them."""
    async with deps.store.read() as conn:
        rows = (await conn.execute(_people().where(users.c.tenant_id == tenant_id))).all()
        invited = await _invitations(conn, [row.id for row in rows if row.status == PersonStatus.INVITED])
    people = [_person(dict(row._mapping), invited.get(row.id)) for row in rows]
    return sorted(people, key=lambda p: (p.role != Role.OWNER, (p.name or p.email).lower()))


async def person(deps: Deps, tenant_id: str, user_id: str) -> Person:
    async with deps.store.read() as conn:
        return await _one_person(conn, tenant_id, user_id)


async def invite(deps: Deps, tenant_id: str, by: str, new: Invitation, language: str) -> Person:
    """Adds the person as invited and mails them a single-use link, valid 7 days, to join."""
    email = new.email.strip().lower()
    rights = new.rights if new.rights is not None else sorted(PRESETS[new.preset])
    now = deps.clock()
    user_id = new_id()
    async with deps.work() as work:
        known = await one(
            work.conn, select(users.c.id).where(and_(users.c.tenant_id == tenant_id, users.c.email == email))
        )
        if known is not None:
            raise Conflict(
                "already_in_team", "Someone with this address is already in the team.", field="email"
            )
        await work.conn.execute(
            insert(users).values(
                id=user_id,
                tenant_id=tenant_id,
                email=email,
                password_hash="",
                name=new.name.strip(),
                role=Role.MEMBER,
                created_at=now,
                rights=[str(right) for right in rights],
                status=PersonStatus.INVITED,
            )
        )
        if new.calendar == "new":
            await check_room(work.conn, deps.settings, tenant_id, "calendars")
        if new.calendar is not None:
            await _link_calendar(work, tenant_id, user_id, new.calendar, new.name.strip(), now)
        await _mail_invitation(deps, work, tenant_id, user_id, by, language, now)
        work.emit(team_changed(tenant_id))
        return await _one_person(work.conn, tenant_id, user_id)


async def resend(deps: Deps, tenant_id: str, user_id: str, by: str, language: str) -> Person:
    """Mails a fresh link to an invited person; the link mailed before stops working."""
    now = deps.clock()
    async with deps.work() as work:
        row = await _member(work.conn, tenant_id, user_id)
        if row["status"] != PersonStatus.INVITED:
            raise Conflict("not_invited", "This person has joined already.")
        await _void_links(work.conn, user_id, now)
        await _mail_invitation(deps, work, tenant_id, user_id, by, language, now)
        work.emit(team_changed(tenant_id))
        return await _one_person(work.conn, tenant_id, user_id)


async def revoke(deps: Deps, tenant_id: str, user_id: str) -> None:
    """Takes an invitation back: its link stops working and the person is no longer listed; a
    calendar made for them stays, with nobody logging in to it."""
    async with deps.work() as work:
        row = await _member(work.conn, tenant_id, user_id)
        if row["status"] != PersonStatus.INVITED:
            raise Conflict("not_invited", "This person has joined already; deactivate them instead.")
        await work.conn.execute(update(staff).where(staff.c.user_id == user_id).values(user_id=None))
        await work.conn.execute(delete(staff_tokens).where(staff_tokens.c.user_id == user_id))
        await work.conn.execute(delete(users).where(users.c.id == user_id))
        work.emit_all(setup_changed(tenant_id))


async def change(deps: Deps, tenant_id: str, user_id: str, by: str, changes: PersonChange) -> Ended:
    """Changes a member's rights or calendar. Their open pages and live connections catch up within
    a second: the caller closes their connections, which reconnect with the new rights."""
    if user_id == by:
        raise Conflict("own_account", "Nobody changes their own rights; ask another who manages the team.")
    given = changes.given()
    now = deps.clock()
    async with deps.work() as work:
        row = await _member(work.conn, tenant_id, user_id)
        values: dict[str, object] = {}
        if changes.rights is not None:
            values["rights"] = [str(right) for right in changes.rights]
        elif changes.preset is not None:
            values["rights"] = sorted(str(right) for right in PRESETS[changes.preset])
        if values:
            await work.conn.execute(update(users).where(users.c.id == user_id).values(**values))
        if "calendar" in given:
            mine = await one(work.conn, select(staff.c.id).where(staff.c.user_id == user_id))
            if changes.calendar is None or (mine is None or mine["id"] != changes.calendar):
                await work.conn.execute(update(staff).where(staff.c.user_id == user_id).values(user_id=None))
                if changes.calendar == "new":
                    await check_room(work.conn, deps.settings, tenant_id, "calendars")
                if changes.calendar is not None:
                    await _link_calendar(work, tenant_id, user_id, changes.calendar, row["name"], now)
                work.emit_all(setup_changed(tenant_id))
        return Ended(await _one_person(work.conn, tenant_id, user_id))


async def deactivate(deps: Deps, tenant_id: str, user_id: str, by: str) -> Ended:
    """Ends the person's log-ins at once; their calendar, appointments and records stay."""
    if user_id == by:
        raise Conflict("own_account", "Nobody deactivates themselves; ask another who manages the team.")
    async with deps.work() as work:
        row = await _member(work.conn, tenant_id, user_id)
        if row["status"] == PersonStatus.INVITED:
            raise Conflict("not_joined", "This person has not joined yet; take the invitation back instead.")
        await work.conn.execute(
            update(users).where(users.c.id == user_id).values(status=PersonStatus.DEACTIVATED)
        )
        await _void_links(work.conn, user_id, deps.clock())
        ended = await end_everywhere(work.conn, user_id)
        work.emit(team_changed(tenant_id))
        return Ended(await _one_person(work.conn, tenant_id, user_id), ended)


async def activate(deps: Deps, tenant_id: str, user_id: str) -> Person:
    """Lets a deactivated person log in again with their password and the rights they had."""
    async with deps.work() as work:
        row = await _member(work.conn, tenant_id, user_id)
        if row["status"] == PersonStatus.DEACTIVATED:
            await work.conn.execute(
                update(users).where(users.c.id == user_id).values(status=PersonStatus.ACTIVE)
            )
            work.emit(team_changed(tenant_id))
        return await _one_person(work.conn, tenant_id, user_id)


async def invitation(deps: Deps, token: str) -> InvitationInfo:
    """What the link's page shows: whether it can still be taken up, and for whom."""
    async with deps.store.read() as conn:
        row = await _link(conn, token)
    if row is None:
        return InvitationInfo(state="unknown")
    state = (
        "used" if row["used_at"] is not None else "expired" if row["expires_at"] <= deps.clock() else "ask"
    )
    return InvitationInfo(state=state, business=row["business"], email=row["email"], name=row["name"])


@dataclass(frozen=True)
class Joined:
    """Who joined, whom the caller signs in, and whether their business requires two-factor log-in,
    which they have yet to set up."""

    user_id: str
    tenant_id: str
    setup_due: bool


async def join(deps: Deps, taken: InvitationTaken) -> Joined:
    """Takes the invitation up: the person's name and password, and they are active."""
    password_hash = await hash_password(taken.password)
    now = deps.clock()
    async with deps.work() as work:
        row = await _link(work.conn, taken.token)
        if row is None:
            raise NotFound("The invitation", "This invitation link is not valid.")
        if row["used_at"] is not None:
            raise Gone("token_used", "This invitation was taken up already. Log in instead.")
        if row["expires_at"] <= now:
            raise Gone("token_expired", "This invitation has expired. Ask for a new one.")
        done = await work.conn.execute(
            update(staff_tokens)
            .where(and_(staff_tokens.c.token_hash == row["token_hash"], staff_tokens.c.used_at.is_(None)))
            .values(used_at=now)
        )
        if done.rowcount != 1:
            raise Gone("token_used", "This invitation was taken up already. Log in instead.")
        await work.conn.execute(
            update(users)
            .where(and_(users.c.id == row["user_id"], users.c.status == PersonStatus.INVITED))
            .values(name=taken.name, password_hash=password_hash, status=PersonStatus.ACTIVE)
        )
        work.emit_all(setup_changed(row["tenant_id"]))
        return Joined(str(row["user_id"]), str(row["tenant_id"]), bool(row["require_two_factor"]))


def _people() -> Select[Any]:
    return select(users, staff.c.id.label("own_calendar")).select_from(
        users.outerjoin(staff, staff.c.user_id == users.c.id)
    )


def _person(row: Row, invited_until: datetime | None) -> Person:
    rights = rights_of(row["role"], row["rights"] or [])
    return Person(
        user_id=row["id"],
        name=row["name"],
        email=row["email"],
        role=Role(row["role"]),
        status=PersonStatus(row["status"]),
        rights=sorted(rights),
        preset=preset_of(row["role"], rights),
        staff_id=row["own_calendar"],
        invited_until=invited_until,
    )


async def _one_person(conn: AsyncConnection, tenant_id: str, user_id: str) -> Person:
    row = await one(conn, _people().where(and_(users.c.id == user_id, users.c.tenant_id == tenant_id)))
    if row is None:
        raise NotFound("The person")
    invited = await _invitations(conn, [user_id]) if row["status"] == PersonStatus.INVITED else {}
    return _person(row, invited.get(user_id))


async def _member(conn: AsyncConnection, tenant_id: str, user_id: str) -> Row:
    """A person of the business other than the owner, whose rights and log-in are fixed."""
    row = await owned(conn, users, tenant_id, user_id)
    if row is None:
        raise NotFound("The person")
    if row["role"] == Role.OWNER:
        raise Conflict("owner_fixed", "The owner keeps every right and cannot be deactivated.")
    return row


async def _invitations(conn: AsyncConnection, user_ids: list[str]) -> dict[str, datetime]:
    """Until when the open link of each invited person works."""
    if not user_ids:
        return {}
    rows = await conn.execute(
        select(staff_tokens.c.user_id, staff_tokens.c.expires_at).where(
            and_(
                staff_tokens.c.user_id.in_(user_ids),
                staff_tokens.c.purpose == PURPOSE,
                staff_tokens.c.used_at.is_(None),
            )
        )
    )
    found: dict[str, datetime] = {}
    for row in rows:
        found[row.user_id] = max(found.get(row.user_id, row.expires_at), row.expires_at)
    return found


async def _link_calendar(
    work: Work, tenant_id: str, user_id: str, calendar: str, name: str, now: datetime
) -> None:
    """Gives the person a calendar of their own: a new one named after them, or one in use that
    nobody logs in to yet."""
    if calendar == "new":
        count = len((await work.conn.execute(select(staff.c.id).where(staff.c.tenant_id == tenant_id))).all())
        await work.conn.execute(
            insert(staff).values(
                id=new_id(), tenant_id=tenant_id, user_id=user_id, name=name, position=count, created_at=now
            )
        )
    else:
        row = await owned(work.conn, staff, tenant_id, calendar)
        if row is None or row["deactivated_at"] is not None:
            raise NotFound("The calendar")
        if row["user_id"] is not None and row["user_id"] != user_id:
            raise Conflict(
                "calendar_taken", "Someone else logs in to this calendar already.", field="calendar"
            )
        await work.conn.execute(update(staff).where(staff.c.id == calendar).values(user_id=user_id))
    work.emit_all(setup_changed(tenant_id))


async def _void_links(conn: AsyncConnection, user_id: str, now: datetime) -> None:
    await conn.execute(
        update(staff_tokens)
        .where(and_(staff_tokens.c.user_id == user_id, staff_tokens.c.used_at.is_(None)))
        .values(used_at=now)
    )


async def _mail_invitation(
    deps: Deps, work: Work, tenant_id: str, user_id: str, by: str, language: str, now: datetime
) -> None:
    token = secrets.token_urlsafe(32)
    await work.conn.execute(
        insert(staff_tokens).values(
            token_hash=token_hash(token), user_id=user_id, purpose=PURPOSE, expires_at=now + INVITATION_VALID
        )
    )
    found = await one(
        work.conn,
        select(users.c.email, users.c.name, tenants.c.name.label("business"))
        .select_from(users.join(tenants, tenants.c.id == users.c.tenant_id))
        .where(users.c.id == user_id),
    )
    inviter = await one(work.conn, select(users.c.name, users.c.email).where(users.c.id == by))
    assert found is not None and inviter is not None
    message = render(
        "staff_invitation",
        found["email"],
        language=language,
        first_name=found["name"],
        business=found["business"],
        inviter=inviter["name"] or inviter["email"],
        link=f"{deps.settings.public_url}/invitation/{token}",
        valid_days=INVITATION_VALID.days,
    )
    await enqueue(work.conn, message, now=now, tenant_id=tenant_id)
    work.mailed()


async def _link(conn: AsyncConnection, token: str) -> Row | None:
    return await one(
        conn,
        select(
            staff_tokens,
            users.c.email,
            users.c.name,
            users.c.tenant_id,
            tenants.c.name.label("business"),
            tenants.c.require_two_factor,
        )
        .select_from(
            staff_tokens.join(users, users.c.id == staff_tokens.c.user_id).join(
                tenants, tenants.c.id == users.c.tenant_id
            )
        )
        .where(and_(staff_tokens.c.token_hash == token_hash(token), staff_tokens.c.purpose == PURPOSE)),
    )
