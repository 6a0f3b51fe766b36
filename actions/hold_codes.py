"""The security code of a hold: confirming it makes the booking binding, and a new one can be sent.

At most MAX_WRONG_CODES codes are ever compared per hold and at most MAX_CODE_SENDS mailed, however
many requests arrive at once: each counter is checked in the statement that raises it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import staff_notifications
from actions.accounts import Account
from actions.calendar_files import BINDING, calendar_entry
from actions.company import footer
from actions.context import Deps, Work
from actions.customer_mail import binding_booking
from actions.errors import Conflict, Gone, NotFound, TooMany, WrongCode
from actions.history import APPOINTMENT, SYSTEM, record
from actions.my_appointments import replace_booking
from actions.registrations import record_for_account
from actions.views import tenant_shapes
from contract.enums import AppointmentStatus, BookingMode, SlotState, Source
from contract.history import Action
from contract.public import Confirmed
from mail.dates import clock_text, when_text
from mail.messages import Message, render
from mail.money import price_text
from mail.outbox import enqueue
from realtime.events import Event, holds_released, slot_changed
from store import SlotTaken
from store.queries import Row, contacts, one, owned, staff_names, tenant_by_id
from store.rows import Tenant
from store.schema import appointments, locations, services

MAX_WRONG_CODES = 5
#: How often a hold's code may be mailed in all, the first mail included.
MAX_CODE_SENDS = 3
_RELEASED = "This time was released. Please choose a time again."


def code_hash(secret: str, hold_id: str, code: str) -> str:
    return hmac.new(secret.encode(), f"{hold_id}:{code}".encode(), hashlib.sha256).hexdigest()


def code_mail(
    account: Account,
    tenant: Tenant,
    service: Row,
    code: str,
    start: datetime,
    expires_at: datetime,
) -> Message:
    """The mail with a hold's security code, in the customer's language and the business's time."""
    zone = tenant.zone
    return render(
        "hold_code",
        account.email,
        language=account.language,
        first_name=account.first_name,
        code=code,
        business=tenant.name,
        company=footer(tenant),
        service=service["name"],
        when=when_text(start, zone, account.language),
        until=clock_text(expires_at, zone),
    )


async def own_hold(conn: AsyncConnection, hold_id: str, account_id: str) -> Row:
    row = await one(
        conn,
        select(appointments).where(
            and_(
                appointments.c.id == hold_id,
                appointments.c.account_id == account_id,
                appointments.c.source == Source.ONLINE,
            )
        ),
    )
    if row is None:
        raise NotFound("The hold")
    return row


async def confirm(deps: Deps, hold_id: str, account: Account, code: str) -> Confirmed:
    """Makes the booking binding with the right code; five wrong codes release the hold."""
    try:
        return await _confirm(deps, hold_id, account, code)
    except SlotTaken as error:  # the database saw the slot closed in the same instant
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
        attempts, stored_hash = await _count_try(work.conn, row["id"], now)
        right = hmac.compare_digest(stored_hash, code_hash(deps.settings.secret_key, row["id"], code))
        if right:
            return await _make_binding(deps, work, tenant, row, account, now)
        if attempts >= MAX_WRONG_CODES:
            await _release_for_wrong_codes(work, tenant.id, row["id"])
    # Raised once the try is counted for good: a rollback would give the guess back.
    raise WrongCode("wrong_code", "This code is not right.", attempts_left=MAX_WRONG_CODES - attempts)


async def _release_for_wrong_codes(work: Work, tenant_id: str, hold_id: str) -> None:
    await work.conn.execute(
        update(appointments).where(appointments.c.id == hold_id).values(status=AppointmentStatus.RELEASED)
    )
    await record(work, tenant_id, APPOINTMENT, hold_id, Action.RELEASED, actor=SYSTEM)  # five wrong codes
    work.emit_all(holds_released(tenant_id, await tenant_shapes(work.conn, tenant_id, [hold_id])))


async def _make_binding(
    deps: Deps, work: Work, tenant: Tenant, row: Row, account: Account, now: datetime
) -> Confirmed:
    """Books the held slot (or requests it, in booking-request mode) and mails the customer."""
    conn = work.conn
    status = (
        AppointmentStatus.REQUESTED
        if tenant.booking_mode == BookingMode.REQUEST
        else AppointmentStatus.BOOKED
    )
    customer_id, record_events = await record_for_account(work, tenant.id, account, now)
    # Only a hold still pending may turn binding: a closure or the expiry may have released it
    # since it was read.
    still_held = and_(
        appointments.c.id == row["id"],
        appointments.c.status == AppointmentStatus.HELD,
        appointments.c.expires_at > now,
    )
    done = await conn.execute(
        update(appointments)
        .where(still_held)
        .values(status=status, customer_id=customer_id, expires_at=None, code_hash=None, updated_at=now)
        .returning(appointments.c.id)
    )
    if done.first() is None:
        raise Gone("hold_released", _RELEASED)
    await record(
        work,
        tenant.id,
        APPOINTMENT,
        row["id"],
        Action.CONFIRMED if status == AppointmentStatus.BOOKED else Action.REQUESTED,
    )
    # A move: the booking it replaces is cancelled in this same unit of work.
    moved_from = await replace_booking(work, tenant, row["replaces"], now) if row["replaces"] else None
    service = await owned(conn, services, tenant.id, row["service_id"])
    location = await owned(conn, locations, tenant.id, row["location_id"])
    assert service is not None and location is not None
    names = await staff_names(conn, tenant.id)
    booking = row | {
        "service": service["name"],
        "location": location["name"],
        "location_address": location["address"],
        "email": account.email,
        "first_name": account.first_name,
    }
    binding = status == AppointmentStatus.BOOKED
    extras = binding_booking(deps.settings, tenant, booking, now, account.language) if binding else {}
    if moved_from is not None:
        # The entry of the time it replaces leaves the customer's calendar with this same mail.
        for old in await contacts(conn, tenant.id, [row["replaces"]]):
            gone = calendar_entry(deps.settings, tenant, old, now, method="CANCEL", filename="bisher.ics")
            extras["attachments"] = (*extras.get("attachments", ()), gone)
    message = render(
        "booking_confirmed" if binding else "booking_requested",
        account.email,
        language=account.language,
        first_name=account.first_name,
        business=tenant.name,
        company=footer(tenant),
        service=service["name"],
        when=when_text(row["start_at"], tenant.zone, account.language),
        location=location["name"],
        staff=names.get(row["staff_id"], ""),
        price=price_text(service["price_cents"], tenant.currency, account.language),
        moved_from=when_text(moved_from, tenant.zone, account.language) if moved_from else "",
        **extras,
    )
    await enqueue(conn, message, now=now, tenant_id=tenant.id)
    work.mailed()
    await staff_notifications.tell(
        work,
        deps.settings,
        tenant,
        row["id"],
        staff_notifications.ONLINE_BOOKING if binding else staff_notifications.REQUEST,
    )
    confirmed = (await tenant_shapes(conn, tenant.id, [row["id"]]))[0]
    work.emit(
        Event(tenant.id, "hold.confirmed", confirmed),
        slot_changed(tenant.id, confirmed, SlotState.BOOKED),
        *record_events,
    )
    return Confirmed(appointment_id=row["id"], status=status)


async def _count_try(conn: AsyncConnection, hold_id: str, now: datetime) -> tuple[int, str]:
    """Counts one try at the code before it is compared, and returns the count and the code to compare.

    Counting and checking the limit are one statement: concurrent tries wait for each other on the
    row, so no more than MAX_WRONG_CODES codes are ever compared for one hold.
    """
    counted = await conn.execute(
        update(appointments)
        .where(
            and_(
                appointments.c.id == hold_id,
                appointments.c.status == "held",
                appointments.c.code_attempts < MAX_WRONG_CODES,
            )
        )
        .values(code_attempts=appointments.c.code_attempts + 1, updated_at=now)
        .returning(appointments.c.code_attempts, appointments.c.code_hash)
    )
    row = counted.first()
    if row is None:  # released meanwhile, by the expiry, the customer, or the last wrong code
        raise Gone("hold_released", _RELEASED)
    return int(row.code_attempts), str(row.code_hash)


async def resend_code(deps: Deps, hold_id: str, account: Account) -> None:
    """Mails a new security code that replaces the old one; a hold's code is sent at most three times."""
    now = deps.clock()
    code = f"{secrets.randbelow(10**6):06d}"
    async with deps.work() as work:
        conn = work.conn
        row = await own_hold(conn, hold_id, account.id)
        if row["status"] in BINDING:
            raise Conflict("already_confirmed", "This booking is already confirmed; cancel it instead.")
        if row["status"] != AppointmentStatus.HELD or row["expires_at"] <= now:
            raise Gone("hold_released", _RELEASED)
        if row["code_sends"] >= MAX_CODE_SENDS:
            raise TooMany(
                "too_many_requests",
                f"The code was sent {MAX_CODE_SENDS} times already. Please use the newest one or "
                "choose the time again.",
            )
        if not await store_new_code(conn, deps.settings.secret_key, row["id"], code, now):
            raise TooMany("too_many_requests", "The code was sent too often. Please choose the time again.")
        tenant = await tenant_by_id(conn, row["tenant_id"])
        service = await owned(conn, services, row["tenant_id"], row["service_id"])
        assert tenant is not None and service is not None
        message = code_mail(account, tenant, service, code, row["start_at"], row["expires_at"])
        await enqueue(conn, message, now=now, tenant_id=tenant.id)
        work.mailed()


async def store_new_code(
    conn: AsyncConnection, secret_key: str, hold_id: str, code: str, now: datetime
) -> bool:
    """Gives a pending hold a new code and counts the send; false once it was sent MAX_CODE_SENDS
    times or is no longer held. The counter is checked in the write itself, so two resends at once
    cannot both pass."""
    done = await conn.execute(
        update(appointments)
        .where(
            and_(
                appointments.c.id == hold_id,
                appointments.c.status == AppointmentStatus.HELD,
                appointments.c.code_sends < MAX_CODE_SENDS,
            )
        )
        .values(
            code_hash=code_hash(secret_key, hold_id, code),
            code_sends=appointments.c.code_sends + 1,
            updated_at=now,
        )
        .returning(appointments.c.id)
    )
    return done.first() is not None
