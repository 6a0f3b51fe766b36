"""Calendar feeds: a person makes secret subscription addresses of a calendar or of their own
appointments, revokes and renews them; the feed itself is read by calendar programs with nothing
but the address.

The address's token is an HMAC of a stored nonce under the server's secret: the store alone gives
no working address, yet the person's list can show the address again. Renewing draws a new nonce,
so the old address stops at once; revoking deletes the feed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.accounts import token_hash
from actions.calendar_files import BINDING, entry_of
from actions.context import Deps
from actions.errors import NotFound
from actions.feed_document import FeedEntry, feed_document
from contract.enums import AppointmentStatus, ClosureKind, PersonStatus, Right
from contract.feeds import Feed, FeedKind, NewFeed
from contract.rights import rights_of
from i18n import N_, translate
from scheduling.closures import WHOLE_DAY_KINDS
from store.queries import Row, appointment_query, new_id, one
from store.schema import (
    appointments,
    calendar_feeds,
    closures,
    locations,
    services,
    staff,
    tenants,
    users,
)

#: What a feed shows: a month back, a year ahead.
BACK = timedelta(days=30)
AHEAD = timedelta(days=365)

BUSY = N_("Belegt")
CLOSURE_KINDS = {
    ClosureKind.SICK: N_("Krankheit"),
    ClosureKind.VACATION: N_("Urlaub"),
    ClosureKind.PAUSE: N_("Pause"),
}


def feed_token(secret: str, nonce: str) -> str:
    """The token in a feed's address: unguessable, and the same each time the list shows it."""
    digest = hmac.new(secret.encode(), f"calendar-feed:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def addresses(public_url: str, token: str) -> tuple[str, str]:
    """The feed's https address and the same as webcal://, which calendar programs subscribe to."""
    https = f"{public_url.rstrip('/')}/feeds/{token}.ics"
    return https, urlunsplit(urlsplit(https)._replace(scheme="webcal"))


async def my_feeds(deps: Deps, tenant_id: str, user_id: str) -> list[Feed]:
    """The person's feeds, oldest first."""
    async with deps.store.read() as conn:
        rows = await conn.execute(
            _feeds().where(and_(calendar_feeds.c.tenant_id == tenant_id, calendar_feeds.c.user_id == user_id))
        )
        return [_feed(deps, dict(r._mapping)) for r in rows]


async def create(deps: Deps, tenant_id: str, user_id: str, new: NewFeed, language: str) -> Feed:
    """A new feed of the calendar `new.staff_id` (of this business and in use) or of the person's
    own appointments. Whether the person may see the calendar in full the caller has checked."""
    async with deps.work() as work:
        if new.staff_id is not None:
            calendar = await one(
                work.conn,
                select(staff.c.id).where(
                    and_(
                        staff.c.id == new.staff_id,
                        staff.c.tenant_id == tenant_id,
                        staff.c.deactivated_at.is_(None),
                    )
                ),
            )
            if calendar is None:
                raise NotFound("The calendar")
        feed_id, nonce = new_id(), secrets.token_hex(16)
        await work.conn.execute(
            insert(calendar_feeds).values(
                id=feed_id,
                tenant_id=tenant_id,
                user_id=user_id,
                kind=new.kind,
                staff_id=new.staff_id,
                busy=new.busy,
                language=language if language in ("de", "en") else "de",
                nonce=nonce,
                token_hash=token_hash(feed_token(deps.settings.secret_key, nonce)),
                created_at=work.at,
            )
        )
        return await _one_feed(deps, work.conn, tenant_id, user_id, feed_id)


async def renew(deps: Deps, tenant_id: str, user_id: str, feed_id: str) -> Feed:
    """The feed at a new address; the old one stops answering."""
    async with deps.work() as work:
        nonce = secrets.token_hex(16)
        done = await work.conn.execute(
            update(calendar_feeds)
            .where(_mine(tenant_id, user_id, feed_id))
            .values(nonce=nonce, token_hash=token_hash(feed_token(deps.settings.secret_key, nonce)))
        )
        if done.rowcount == 0:
            raise NotFound("The feed")
        return await _one_feed(deps, work.conn, tenant_id, user_id, feed_id)


async def revoke(deps: Deps, tenant_id: str, user_id: str, feed_id: str) -> None:
    """The feed is gone; its address answers 404."""
    async with deps.work() as work:
        done = await work.conn.execute(delete(calendar_feeds).where(_mine(tenant_id, user_id, feed_id)))
        if done.rowcount == 0:
            raise NotFound("The feed")


async def document(deps: Deps, token: str) -> str | None:
    """The iCalendar document of the feed with this token; None for an unknown or revoked token, a
    person no longer active, a calendar out of use, or a calendar the person no longer may see in
    full."""
    now = deps.clock()
    async with deps.store.read() as conn:
        feed = await one(
            conn,
            select(
                calendar_feeds,
                users.c.role,
                users.c.rights,
                users.c.name.label("person"),
                tenants.c.name.label("business"),
                tenants.c.timezone,
                tenants.c.address.label("company_address"),
            )
            .select_from(
                calendar_feeds.join(users, users.c.id == calendar_feeds.c.user_id).join(
                    tenants, tenants.c.id == calendar_feeds.c.tenant_id
                )
            )
            .where(
                and_(
                    calendar_feeds.c.token_hash == token_hash(token),
                    users.c.tenant_id == calendar_feeds.c.tenant_id,
                    users.c.status == PersonStatus.ACTIVE,
                )
            ),
        )
        if feed is None:
            return None
        calendars = await _calendars(conn, feed)
        if calendars is None:
            return None
        lang, busy = feed["language"], bool(feed["busy"])
        zone = ZoneInfo(feed["timezone"])
        since, until = now - BACK, now + AHEAD
        entries = [
            *_appointment_entries(
                deps.settings.public_url, feed, await _appointments(conn, feed, calendars, since, until)
            ),
            *_closure_entries(
                deps.settings.public_url, feed, await _closures(conn, feed, calendars, since, until), zone
            ),
        ]
        if busy:
            entries = [_busy(entry, translate(lang, BUSY)) for entry in entries]
        title = await _title(conn, feed)
    return feed_document(title, feed["timezone"], entries, stamp=now)


async def _calendars(conn: AsyncConnection, feed: Row) -> list[str] | None:
    """The calendars the feed shows now; None where it no longer works."""
    rights = rights_of(feed["role"], feed["rights"] or [])
    active = and_(staff.c.tenant_id == feed["tenant_id"], staff.c.deactivated_at.is_(None))
    own = await one(
        conn, select(staff.c.id, staff.c.deactivated_at).where(staff.c.user_id == feed["user_id"])
    )
    if feed["kind"] == FeedKind.CALENDAR:
        calendar = await one(conn, select(staff.c.id).where(and_(active, staff.c.id == feed["staff_id"])))
        if calendar is None:
            return None
        mine = own is not None and own["id"] == calendar["id"]
        if not (feed["busy"] or mine or Right.BOOK_OTHERS in rights):
            return None
        return [calendar["id"]]
    if own is not None:
        return None if own["deactivated_at"] is not None else [own["id"]]
    if Right.BOOK_OTHERS not in rights:
        return []
    return [r.id for r in await conn.execute(select(staff.c.id).where(active))]


async def _appointments(
    conn: AsyncConnection, feed: Row, calendars: list[str], since: datetime, until: datetime
) -> list[Row]:
    query = (
        appointment_query()
        .add_columns(
            services.c.name.label("service"),
            locations.c.name.label("location"),
            locations.c.address.label("location_address"),
        )
        .join(locations, locations.c.id == appointments.c.location_id)
        .where(
            and_(
                appointments.c.tenant_id == feed["tenant_id"],
                appointments.c.staff_id.in_(calendars),
                appointments.c.status.in_(BINDING),
                appointments.c.start_at >= since,
                appointments.c.start_at < until,
            )
        )
        .order_by(appointments.c.start_at)
    )
    return [dict(r._mapping) for r in await conn.execute(query)]


async def _closures(
    conn: AsyncConnection, feed: Row, calendars: list[str], since: datetime, until: datetime
) -> list[Row]:
    query = (
        select(closures)
        .where(
            and_(
                closures.c.tenant_id == feed["tenant_id"],
                or_(closures.c.staff_id.is_(None), closures.c.staff_id.in_(calendars)),
                closures.c.end_at > since,
                closures.c.start_at < until,
            )
        )
        .order_by(closures.c.start_at)
    )
    return [dict(r._mapping) for r in await conn.execute(query)]


def _appointment_entries(public_url: str, feed: Row, rows: Iterable[Row]) -> Iterable[FeedEntry]:
    for row in rows:
        mailed = entry_of(public_url, row, feed["business"], feed["company_address"])
        name = (row["customer_name"] or "").strip()
        yield FeedEntry(
            uid=mailed.uid,
            start=row["start_at"],
            end=row["end_at"],
            summary=f"{row['service']} – {name}" if name else row["service"],
            location=mailed.location,
            description=row["note"],
            sequence=mailed.sequence,
            tentative=row["status"] == AppointmentStatus.REQUESTED,
        )


def _closure_entries(public_url: str, feed: Row, rows: Iterable[Row], zone: ZoneInfo) -> Iterable[FeedEntry]:
    host = urlsplit(public_url).hostname or "termine.local"
    for row in rows:
        kind = ClosureKind(row["kind"])
        whole_days = kind in WHOLE_DAY_KINDS
        yield FeedEntry(
            uid=f"closure-{row['id']}@{host}",
            start=row["start_at"].astimezone(zone).date() if whole_days else row["start_at"],
            end=row["end_at"].astimezone(zone).date() if whole_days else row["end_at"],
            summary=translate(feed["language"], CLOSURE_KINDS[kind]),
            description=row["note"],
        )


def _busy(entry: FeedEntry, word: str) -> FeedEntry:
    """The entry as the busy variant shows it: when, and nothing of who, what or why."""
    return FeedEntry(uid=entry.uid, start=entry.start, end=entry.end, summary=word, sequence=entry.sequence)


async def _title(conn: AsyncConnection, feed: Row) -> str:
    """What the subscribed calendar is called: the business, and the calendar or person it shows."""
    if feed["kind"] == FeedKind.CALENDAR:
        whose = await one(conn, select(staff.c.name).where(staff.c.id == feed["staff_id"]))
        name = whose["name"] if whose else ""
    else:
        name = feed["person"]
    title = f"{feed['business']} – {name}" if name else feed["business"]
    return f"{title} ({translate(feed['language'], BUSY)})" if feed["busy"] else title


def _feeds() -> Select[Any]:
    return (
        select(
            calendar_feeds,
            users.c.name.label("person"),
            tenants.c.name.label("business"),
            staff.c.name.label("calendar"),
        )
        .select_from(
            calendar_feeds.join(users, users.c.id == calendar_feeds.c.user_id)
            .join(tenants, tenants.c.id == calendar_feeds.c.tenant_id)
            .outerjoin(staff, staff.c.id == calendar_feeds.c.staff_id)
        )
        .order_by(calendar_feeds.c.created_at, calendar_feeds.c.id)
    )


def _mine(tenant_id: str, user_id: str, feed_id: str) -> ColumnElement[bool]:
    return and_(
        calendar_feeds.c.id == feed_id,
        calendar_feeds.c.tenant_id == tenant_id,
        calendar_feeds.c.user_id == user_id,
    )


async def _one_feed(deps: Deps, conn: AsyncConnection, tenant_id: str, user_id: str, feed_id: str) -> Feed:
    row = await one(conn, _feeds().where(_mine(tenant_id, user_id, feed_id)))
    assert row is not None
    return _feed(deps, row)


def _feed(deps: Deps, row: Row) -> Feed:
    token = feed_token(deps.settings.secret_key, row["nonce"])
    # After a change of the server's secret the stored hash no longer matches: the old address
    # still works, but only renewing shows one again.
    shown = hmac.compare_digest(token_hash(token), row["token_hash"])
    url, webcal = addresses(deps.settings.public_url, token) if shown else (None, None)
    whose = row["calendar"] if row["kind"] == FeedKind.CALENDAR else row["person"]
    title = f"{row['business']} – {whose}" if whose else row["business"]
    return Feed(
        id=row["id"],
        kind=FeedKind(row["kind"]),
        staff_id=row["staff_id"],
        title=title,
        busy=bool(row["busy"]),
        created_at=row["created_at"],
        url=url,
        webcal=webcal,
    )
