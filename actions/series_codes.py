"""The security code of a series held online (actions/series_holds.py): one code for the group.
Confirming books (or requests) every date at once; each try at the code counts for all of the
group's holds, and the fifth wrong one releases them all; a new code replaces the old one for all;
releasing lets all of them go. A hold outside a series goes to actions/hold_codes.py and holds.py."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import hold_codes, holds, staff_notifications
from actions.accounts import Account
from actions.calendar_files import BINDING
from actions.context import Deps, Work
from actions.errors import Conflict, Gone, TooMany, WrongCode
from actions.history import APPOINTMENT, SYSTEM, Actor, record_all
from actions.hold_codes import MAX_CODE_SENDS, MAX_WRONG_CODES, code_hash, own_hold
from actions.registrations import record_for_account
from actions.series_hold_mail import series_code_mail, series_requested_mail
from actions.series_mail import mail_series
from actions.views import tenant_shapes
from contract.enums import AppointmentStatus, BookingMode, SlotState, Source
from contract.history import Action
from contract.public import Confirmed
from realtime.events import Event, holds_released, slot_changed
from store import SlotTaken
from store.queries import Row, owned, tenant_by_id
from store.rows import Tenant
from store.schema import appointments, locations, services

_RELEASED = "These dates were released. Please choose the times again."


def _group(row: Row) -> ColumnElement[bool]:
    return and_(
        appointments.c.series_id == row["series_id"],
        appointments.c.account_id == row["account_id"],
        appointments.c.source == Source.ONLINE,
    )


async def _held(conn: AsyncConnection, row: Row) -> list[Row]:
    found = await conn.execute(
        select(appointments)
        .where(and_(_group(row), appointments.c.status == AppointmentStatus.HELD))
        .order_by(appointments.c.start_at)
    )
    return [dict(r._mapping) for r in found]


async def _in_series(deps: Deps, hold_id: str, account: Account) -> Row | None:
    async with deps.store.read() as conn:
        row = await own_hold(conn, hold_id, account.id)
    return row if row["series_id"] is not None else None


async def confirm(deps: Deps, hold_id: str, account: Account, code: str) -> Confirmed:
    """Confirms a hold: every date of its series at once where it is one of a series online."""
    if await _in_series(deps, hold_id, account) is None:
        return await hold_codes.confirm(deps, hold_id, account, code)
    try:
        return await _confirm(deps, hold_id, account, code)
    except SlotTaken as error:
        raise Gone("hold_released", _RELEASED) from error


async def _confirm(deps: Deps, hold_id: str, account: Account, code: str) -> Confirmed:
    now = deps.clock()
    async with deps.work() as work:
        row = await own_hold(work.conn, hold_id, account.id)
        if row["status"] in (*BINDING, AppointmentStatus.CANCELLED):
            return Confirmed(appointment_id=row["id"], status=row["status"])
        if row["status"] != AppointmentStatus.HELD or row["expires_at"] <= now:
            raise Gone("hold_released", _RELEASED)
        tenant = await tenant_by_id(work.conn, row["tenant_id"])
        assert tenant is not None
        # One try counted on every hold of the group in one statement: concurrent tries wait on
        # the rows, so no more than MAX_WRONG_CODES codes are compared for the whole series.
        counted = await work.conn.execute(
            update(appointments)
            .where(
                and_(
                    _group(row),
                    appointments.c.status == AppointmentStatus.HELD,
                    appointments.c.code_attempts < MAX_WRONG_CODES,
                )
            )
            .values(code_attempts=appointments.c.code_attempts + 1, updated_at=now)
            .returning(appointments.c.id, appointments.c.code_attempts, appointments.c.code_hash)
        )
        tried = {r.id: r for r in counted}
        if row["id"] not in tried:
            raise Gone("hold_released", _RELEASED)
        attempts = int(tried[row["id"]].code_attempts)
        stored = str(tried[row["id"]].code_hash)
        if hmac.compare_digest(stored, code_hash(deps.settings.secret_key, row["id"], code)):
            return await _make_binding(deps, work, tenant, row, account, now)
        if attempts >= MAX_WRONG_CODES:
            await _release(work, tenant.id, row, now, actor=SYSTEM)
    raise WrongCode("wrong_code", "This code is not right.", attempts_left=MAX_WRONG_CODES - attempts)


async def _make_binding(
    deps: Deps, work: Work, tenant: Tenant, row: Row, account: Account, now: datetime
) -> Confirmed:
    """Books (or requests) every held date of the series and mails the customer once."""
    conn = work.conn
    status = (
        AppointmentStatus.REQUESTED
        if tenant.booking_mode == BookingMode.REQUEST
        else AppointmentStatus.BOOKED
    )
    group = await _held(conn, row)
    customer_id, record_events = await record_for_account(work, tenant.id, account, now)
    done = await conn.execute(
        update(appointments)
        .where(
            and_(
                _group(row),
                appointments.c.status == AppointmentStatus.HELD,
                appointments.c.expires_at > now,
            )
        )
        .values(status=status, customer_id=customer_id, expires_at=None, code_hash=None, updated_at=now)
        .returning(appointments.c.id)
    )
    ids = [r["id"] for r in group]
    if sorted(done.scalars().all()) != sorted(ids):
        raise Gone("hold_released", _RELEASED)
    binding = status == AppointmentStatus.BOOKED
    await record_all(work, tenant.id, APPOINTMENT, ids, Action.CONFIRMED if binding else Action.REQUESTED)
    if binding:
        await mail_series(conn, deps.settings, tenant, ids, now)
    else:
        service = await owned(conn, services, tenant.id, row["service_id"])
        location = await owned(conn, locations, tenant.id, row["location_id"])
        assert service is not None and location is not None
        starts = [r["start_at"] for r in group]
        await series_requested_mail(conn, account, tenant, service, location, starts, now)
    work.mailed()
    what = staff_notifications.ONLINE_BOOKING if binding else staff_notifications.REQUEST
    for appointment_id in ids:
        await staff_notifications.tell(work, deps.settings, tenant, appointment_id, what)
    for confirmed in await tenant_shapes(conn, tenant.id, ids):
        work.emit(
            Event(tenant.id, "hold.confirmed", confirmed),
            slot_changed(tenant.id, confirmed, SlotState.BOOKED),
        )
    work.emit(*record_events)
    return Confirmed(appointment_id=row["id"], status=status)


async def _release(work: Work, tenant_id: str, row: Row, now: datetime, actor: Actor | None = None) -> None:
    released = await work.conn.execute(
        update(appointments)
        .where(and_(_group(row), appointments.c.status == AppointmentStatus.HELD))
        .values(status=AppointmentStatus.RELEASED, updated_at=now)
        .returning(appointments.c.id)
    )
    ids = list(released.scalars().all())
    await record_all(work, tenant_id, APPOINTMENT, ids, Action.RELEASED, actor=actor)
    work.emit_all(holds_released(tenant_id, await tenant_shapes(work.conn, tenant_id, ids)))


async def release(deps: Deps, hold_id: str, account: Account) -> None:
    """Gives a hold up: every date of its series at once where it is one of a series online."""
    if await _in_series(deps, hold_id, account) is None:
        return await holds.release(deps, hold_id, account)
    now = deps.clock()
    async with deps.work() as work:
        row = await own_hold(work.conn, hold_id, account.id)
        if row["status"] in BINDING:
            raise Conflict("already_confirmed", "This booking is already confirmed; cancel it instead.")
        await _release(work, row["tenant_id"], row, now)
    return None


async def resend_code(deps: Deps, hold_id: str, account: Account) -> None:
    """Mails a new code for every date of the series; at most three codes are sent for it."""
    if await _in_series(deps, hold_id, account) is None:
        return await hold_codes.resend_code(deps, hold_id, account)
    now = deps.clock()
    code = f"{secrets.randbelow(10**6):06d}"
    async with deps.work() as work:
        conn = work.conn
        row = await own_hold(conn, hold_id, account.id)
        if row["status"] in BINDING:
            raise Conflict("already_confirmed", "This booking is already confirmed; cancel it instead.")
        if row["status"] != AppointmentStatus.HELD or row["expires_at"] <= now:
            raise Gone("hold_released", _RELEASED)
        group = await _held(conn, row)
        if row["code_sends"] >= MAX_CODE_SENDS:
            raise TooMany(
                "too_many_requests",
                f"The code was sent {MAX_CODE_SENDS} times already. Please use the newest one or "
                "choose the times again.",
            )
        for held in group:
            if not await hold_codes.store_new_code(conn, deps.settings.secret_key, held["id"], code, now):
                raise TooMany(
                    "too_many_requests", "The code was sent too often. Please choose the times again."
                )
        tenant = await tenant_by_id(conn, row["tenant_id"])
        service = await owned(conn, services, row["tenant_id"], row["service_id"])
        assert tenant is not None and service is not None
        starts = [held["start_at"] for held in group]
        await series_code_mail(conn, account, tenant, service, code, starts, row["expires_at"], now)
        work.mailed()
    return None
