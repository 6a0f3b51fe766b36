"""A customer's data rights over their account (GDPR Art. 15, 17, 20): everything kept about them as
one JSON document, and deleting the account.

Deleting erases the account (log-in, address, password, profile) and cuts it from every business.
Each business is a controller of its own records: where the record documents appointments that
took place, the business keeps the name and its note (a practice must keep its documentation, a
business its records for tax), and the contact data, address, birth date, groups and open
proposals go; a record without appointments that took place is erased. Newsletter consent is
withdrawn everywhere. Bookings still ahead stop the deletion: the customer cancels them first
(nothing is cancelled behind a business's back), as the desk must before erasing a record.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import consent, history
from actions import customers as records
from actions.accounts import Account
from actions.context import Deps, Work
from actions.customer_erasure import ERASED
from actions.errors import Conflict, Forbidden
from actions.passwords import check_password
from contract.enums import ACTIVE_STATUSES, AppointmentStatus
from contract.history import Action
from store.schema import (
    account_tokens,
    appointments,
    customer_accounts,
    customer_group_members,
    customer_proposals,
    customers,
    locations,
    services,
    staff,
    tenants,
)

#: A record's fields in the download, as the business keeps them.
RECORD_FIELDS = (*records.TEXT_FIELDS, "birth_date", "created_at")
#: What goes from a record the business keeps for its appointments.
CONTACT = {"email": "", "phone": "", "street": "", "postal_code": "", "city": "", "birth_date": None}


def _plain(value: Any, zone: ZoneInfo | None = None) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat() if zone else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


async def _records(conn: AsyncConnection, account_id: str) -> list[dict[str, Any]]:
    rows = await conn.execute(
        select(customers, tenants.c.name.label("business"), tenants.c.slug, tenants.c.timezone)
        .select_from(customers.join(tenants, tenants.c.id == customers.c.tenant_id))
        .where(and_(customers.c.account_id == account_id, customers.c.deleted_at.is_(None)))
        .order_by(tenants.c.name, customers.c.id)
    )
    return [dict(r._mapping) for r in rows]


async def _appointments(
    conn: AsyncConnection, account_id: str, record_ids: list[str]
) -> list[dict[str, Any]]:
    mine = or_(appointments.c.account_id == account_id, appointments.c.customer_id.in_(record_ids))
    rows = await conn.execute(
        select(
            appointments.c.id,
            appointments.c.tenant_id,
            appointments.c.start_at,
            appointments.c.end_at,
            appointments.c.status,
            appointments.c.customer_id,
            services.c.name.label("service"),
            locations.c.name.label("location"),
            staff.c.name.label("calendar"),
        )
        .select_from(
            appointments.join(services, services.c.id == appointments.c.service_id)
            .join(locations, locations.c.id == appointments.c.location_id)
            .join(staff, staff.c.id == appointments.c.staff_id)
        )
        .where(and_(mine, appointments.c.status != AppointmentStatus.RELEASED))
        .order_by(appointments.c.start_at)
    )
    return [dict(r._mapping) for r in rows]


async def download(deps: Deps, account: Account) -> dict[str, Any]:
    """The account, and per business the record kept there, its appointments and the consent."""
    async with deps.store.read() as conn:
        found = await _records(conn, account.id)
        booked = await _appointments(conn, account.id, [r["id"] for r in found])
    businesses = []
    for record in found:
        zone = ZoneInfo(record["timezone"])
        businesses.append(
            {
                "business": record["business"],
                "booking_page": f"{deps.settings.public_url}/book/{record['slug']}",
                "record": {key: _plain(record[key], zone) for key in RECORD_FIELDS},
                "newsletter_consent": (
                    shown.model_dump(mode="json") if (shown := consent.shape(record, zone)) else None
                ),
                "appointments": [
                    {
                        "start": _plain(a["start_at"], zone),
                        "end": _plain(a["end_at"], zone),
                        "status": a["status"],
                        "service": a["service"],
                        "location": a["location"],
                        "calendar": a["calendar"],
                    }
                    for a in booked
                    if a["tenant_id"] == record["tenant_id"]
                ],
            }
        )
    return {
        "account": {
            "email": account.email,
            "first_name": account.first_name,
            "last_name": account.last_name,
            "phone": account.phone,
            "language": str(account.language),
            "created_at": _plain(account.created_at),
            "verified_at": _plain(account.verified_at),
        },
        "businesses": businesses,
        "exported_at": _plain(deps.clock()),
    }


async def delete_account(deps: Deps, account: Account, password: str) -> None:
    """Deletes the account after the password is given again; 409 `has_upcoming` while bookings lie
    ahead."""
    if not await check_password(account.password_hash, password):
        raise Forbidden("wrong_password", "The password is not right.", field="password")
    now = deps.clock()
    async with deps.work() as work:
        conn = work.conn
        found = await _records(conn, account.id)
        ids = [r["id"] for r in found]
        booked = await _appointments(conn, account.id, ids)
        ahead = [a for a in booked if a["status"] in ACTIVE_STATUSES and a["end_at"] > now]
        if ahead:
            raise Conflict(
                "has_upcoming",
                "You have bookings ahead. Cancel them first, then delete your account.",
                count=len(ahead),
            )
        took_place = {a["customer_id"] for a in booked if a["status"] == AppointmentStatus.BOOKED}
        for record in found:
            await _leave_business(work, record, keep=record["id"] in took_place, now=now)
        await conn.execute(
            update(appointments).where(appointments.c.account_id == account.id).values(account_id=None)
        )
        await conn.execute(delete(account_tokens).where(account_tokens.c.account_id == account.id))
        await conn.execute(delete(customer_accounts).where(customer_accounts.c.id == account.id))


async def _leave_business(work: Work, record: Mapping[str, Any], *, keep: bool, now: datetime) -> None:
    conn, tenant_id, customer_id = work.conn, record["tenant_id"], record["id"]
    await consent.withdraw(conn, customer_id, now)
    await conn.execute(delete(customer_proposals).where(customer_proposals.c.customer_id == customer_id))
    await conn.execute(
        delete(customer_group_members).where(customer_group_members.c.customer_id == customer_id)
    )
    if keep:
        values = {**CONTACT, "account_id": None}
        await records.write_fields(conn, record, values)
        await history.record(
            work, tenant_id, history.CUSTOMER, customer_id, Action.CHANGED, fields=["account"]
        )
    else:
        await conn.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(**ERASED, newsletter_opt_out_at=now, deleted_at=now)
        )
        await history.record(work, tenant_id, history.CUSTOMER, customer_id, Action.ERASED)
    work.emit(records.changed(tenant_id, customer_id))
