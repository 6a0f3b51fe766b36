"""Who did what: every write to an appointment or a customer record leaves a line naming who acted
(a person of the team, the customer, or the system), what, when, and where an appointment lay
before and after a move.

Who acts is set once where a request comes in (`acting`), so a use-case only says what it did:

    await record(work, tenant_id, APPOINTMENT, row["id"], Action.MOVED, before=row, after=moved)

Work done outside any request (the expiry of holds) is the system's. Lines hold no customer data:
a place in the calendar, and the names of the fields a change touched, never their values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps, Guard, Work
from actions.errors import NotFound
from contract.history import Action, ActorKind, History, HistoryEntry, Placement, Subject
from store.queries import owned, staff_names, tenant_by_id
from store.schema import appointments, customers, history

APPOINTMENT = Subject.APPOINTMENT
CUSTOMER = Subject.CUSTOMER


@dataclass(frozen=True)
class Actor:
    """Who acts: a person of the team (their user id and name at the time), a customer (their
    account, if they have one) or the system."""

    kind: ActorKind
    id: str | None = None
    name: str | None = None


SYSTEM = Actor(ActorKind.SYSTEM)
#: A customer acting without an account: by the link in their mail.
BY_LINK = Actor(ActorKind.CUSTOMER)

_actor: ContextVar[Actor] = ContextVar("actor", default=SYSTEM)


@contextmanager
def acting(actor: Actor) -> Iterator[None]:
    """What is written inside the block is written by `actor`."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def staff_member(user_id: str, name: str) -> Actor:
    return Actor(ActorKind.STAFF, user_id, name)


def customer(account_id: str) -> Actor:
    return Actor(ActorKind.CUSTOMER, account_id)


def _place(row: Mapping[str, Any] | None) -> dict[str, str] | None:
    """Where an appointment row lies, as the line keeps it."""
    if row is None:
        return None
    return {
        "start": row["start_at"].isoformat(),
        "end": row["end_at"].isoformat(),
        "staff_id": row["staff_id"],
    }


async def record(
    work: Work,
    tenant_id: str,
    subject: Subject,
    subject_id: str,
    action: Action,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    fields: Iterable[str] = (),
    actor: Actor | None = None,
) -> None:
    """Writes one line, by `actor` or whoever acts now; `before` and `after` are appointment rows
    (`start_at`, `end_at`, `staff_id`), `fields` the names of what a change touched."""
    await record_all(
        work, tenant_id, subject, [subject_id], action, before=before, after=after, fields=fields, actor=actor
    )


async def record_all(
    work: Work,
    tenant_id: str,
    subject: Subject,
    subject_ids: Iterable[str],
    action: Action,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    fields: Iterable[str] = (),
    actor: Actor | None = None,
) -> None:
    """The same line for each of `subject_ids` (appointments a closure cancelled, say)."""
    ids = list(subject_ids)
    if not ids:
        return
    who = actor or _actor.get()
    changed = sorted(fields)
    later = _place(after)
    if changed:
        later = {**(later or {}), "fields": changed}  # type: ignore[dict-item]
    await work.conn.execute(
        insert(history),
        [
            {
                "tenant_id": tenant_id,
                "subject": subject,
                "subject_id": subject_id,
                "action": action,
                "actor": who.kind,
                "actor_id": who.id,
                "actor_name": who.name if who.kind == ActorKind.STAFF else None,
                "before": _place(before),
                "after": later,
                "at": work.at,
            }
            for subject_id in ids
        ],
    )


async def record_expired(work: Work, tenant_id: str, hold_ids: Iterable[str]) -> None:
    """Holds whose time ran out, released by the system whoever's write came across them."""
    await record_all(work, tenant_id, APPOINTMENT, hold_ids, Action.EXPIRED, actor=SYSTEM)


#: What else of an appointment a change may touch, by the name its line gives and its column.
_CHANGEABLE = (("note", "note"), ("service", "service_id"), ("customer", "customer_id"))


async def record_change(
    work: Work, tenant_id: str, row: Mapping[str, Any], values: Mapping[str, Any]
) -> None:
    """An appointment `row` written with `values`: a move (another start or calendar) with where it
    lay and lies, and the names of what else changed (note, service, duration, customer); nothing
    when nothing changed."""
    later = {**row, **values}
    moved = any(later[key] != row[key] for key in ("start_at", "staff_id"))
    noted = [name for name, key in _CHANGEABLE if key in row and later[key] != row[key]]
    if later["end_at"] - later["start_at"] != row["end_at"] - row["start_at"]:
        noted.append("duration")
    if moved:
        await record(
            work, tenant_id, APPOINTMENT, row["id"], Action.MOVED, before=row, after=later, fields=noted
        )
    elif noted:
        await record(work, tenant_id, APPOINTMENT, row["id"], Action.CHANGED, fields=noted)


async def appointment_history(deps: Deps, tenant_id: str, appointment_id: str, *, guard: Guard) -> History:
    """An appointment's history, oldest first, for a person the guard lets see its calendar."""
    async with deps.store.read() as conn:
        row = await owned(conn, appointments, tenant_id, appointment_id)
        if row is None:
            raise NotFound("The appointment")
        guard(row["staff_id"])
        return await _history(conn, tenant_id, APPOINTMENT, row["id"])


async def customer_history(deps: Deps, tenant_id: str, customer_id: str) -> History:
    """A customer record's history, oldest first; an erased record is unknown."""
    async with deps.store.read() as conn:
        row = await owned(conn, customers, tenant_id, customer_id)
        if row is None or row["deleted_at"] is not None:
            raise NotFound("The customer")
        return await _history(conn, tenant_id, CUSTOMER, row["id"])


async def _history(conn: AsyncConnection, tenant_id: str, subject: Subject, subject_id: str) -> History:
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    calendars = await staff_names(conn, tenant_id)
    rows = await conn.execute(
        select(history)
        .where(
            and_(
                history.c.tenant_id == tenant_id,
                history.c.subject == subject,
                history.c.subject_id == subject_id,
            )
        )
        .order_by(history.c.at, history.c.id)
    )
    return History(entries=[_entry(dict(r._mapping), tenant.zone, calendars) for r in rows])


def _entry(row: Mapping[str, Any], zone: ZoneInfo, calendars: Mapping[str, str]) -> HistoryEntry:
    after = row["after"] or {}
    return HistoryEntry(
        action=Action(row["action"]),
        actor=ActorKind(row["actor"]),
        actor_name=row["actor_name"],
        at=row["at"].astimezone(zone),
        before=_placement(row["before"], zone, calendars),
        after=_placement(after, zone, calendars),
        fields=list(after.get("fields", [])),
    )


def _placement(
    kept: Mapping[str, Any] | None, zone: ZoneInfo, calendars: Mapping[str, str]
) -> Placement | None:
    if not kept or "start" not in kept:
        return None
    return Placement(
        start=datetime.fromisoformat(kept["start"]).astimezone(zone),
        end=datetime.fromisoformat(kept["end"]).astimezone(zone),
        staff_id=kept["staff_id"],
        calendar=calendars.get(kept["staff_id"], ""),
    )
