"""Newsletter consent (GDPR, TKG § 174, UWG § 7): given with a date and a source, counted only once
the customer opened the double opt-in link mailed to them, withdrawn by the unsubscribe link or at
the desk. A withdrawal is kept as its date: consent given later starts a new opt-in."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import itsdangerous
from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.company import footer
from actions.context import Deps, Work
from actions.errors import NotFound
from contract.customers import NewsletterConsent
from contract.enums import ConsentSource, Language
from contract.events import CustomerChanged
from mail.messages import render
from mail.outbox import enqueue
from realtime.events import Event
from store.queries import tenant_by_id
from store.rows import Tenant
from store.schema import customer_accounts, customers, tenants

SALT = "newsletter-consent"

_given = customers.c.newsletter_consent_at
_withdrawn = customers.c.newsletter_opt_out_at
#: Consent given and not withdrawn since (confirmed or still waiting for its link).
STANDING: ColumnElement[bool] = and_(_given.is_not(None), or_(_withdrawn.is_(None), _withdrawn < _given))
#: Who may receive newsletters: standing consent whose double opt-in link was opened.
CONFIRMED: ColumnElement[bool] = and_(STANDING, customers.c.newsletter_confirmed_at.is_not(None))


def _changed(tenant_id: str, customer_id: str) -> Event:
    return Event(tenant_id, "customer.changed", CustomerChanged(customer_id=customer_id))


def standing(row: Mapping[str, Any]) -> bool:
    given, withdrawn = row["newsletter_consent_at"], row["newsletter_opt_out_at"]
    return given is not None and (withdrawn is None or withdrawn < given)


def confirmed(row: Mapping[str, Any]) -> bool:
    return standing(row) and row["newsletter_confirmed_at"] is not None


def shape(row: Mapping[str, Any], zone: ZoneInfo) -> NewsletterConsent | None:
    """The record's consent as the API shows it; None when none was ever given."""
    if row["newsletter_consent_at"] is None:
        return None
    withdrawn = None if standing(row) else row["newsletter_opt_out_at"]
    confirmed_at = row["newsletter_confirmed_at"]
    return NewsletterConsent(
        given_at=row["newsletter_consent_at"].astimezone(zone),
        source=row["newsletter_consent_source"],
        confirmed_at=confirmed_at.astimezone(zone) if confirmed_at else None,
        withdrawn_at=withdrawn.astimezone(zone) if withdrawn else None,
    )


def confirm_token(secret: str, customer_id: str, given_at: datetime) -> str:
    """The token of the opt-in link: it confirms only the consent given at that moment."""
    payload = {"c": customer_id, "t": given_at.isoformat()}
    return itsdangerous.URLSafeSerializer(secret, salt=SALT).dumps(payload)


async def give(
    work: Work, deps: Deps, tenant: Tenant, record: Mapping[str, Any], source: ConsentSource, now: datetime
) -> bool:
    """Records consent (unless it stands already) and mails the double opt-in link; a record
    without an address cannot confirm, so its consent stays unconfirmed. True if anything changed."""
    if standing(record):
        return False
    await work.conn.execute(
        update(customers)
        .where(customers.c.id == record["id"])
        .values(
            newsletter_consent_at=now, newsletter_consent_source=str(source), newsletter_confirmed_at=None
        )
    )
    if record["email"]:
        language = await _language(work.conn, record)
        token = confirm_token(deps.settings.secret_key, record["id"], now)
        message = render(
            "newsletter_consent",
            record["email"],
            language=language,
            first_name=record["first_name"],
            business=tenant.name,
            company=footer(tenant),
            link=f"{deps.settings.public_url}/newsletter/confirm/{token}",
        )
        await enqueue(work.conn, message, now=now, tenant_id=tenant.id)
        work.mailed()
    return True


async def withdraw(conn: AsyncConnection, customer_id: str, now: datetime) -> bool:
    """Withdraws standing consent (recorded as its date); True if there was any."""
    done = await conn.execute(
        update(customers)
        .where(and_(customers.c.id == customer_id, STANDING))
        .values(newsletter_opt_out_at=now)
    )
    return bool(done.rowcount)


async def _language(conn: AsyncConnection, record: Mapping[str, Any]) -> str:
    if record.get("account_id"):
        found = await conn.scalar(
            select(customer_accounts.c.language).where(customer_accounts.c.id == record["account_id"])
        )
        if found:
            return str(found)
    return str(Language.DE)


def _token_values(secret: str, token: str) -> tuple[str, str] | None:
    try:
        data = itsdangerous.URLSafeSerializer(secret, salt=SALT).loads(token)
    except itsdangerous.BadData:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), str) or not isinstance(data.get("t"), str):
        return None
    return data["c"], data["t"]


async def _pending(conn: AsyncConnection, deps: Deps, token: str) -> dict[str, Any]:
    values = _token_values(deps.settings.secret_key, token)
    row = None
    if values is not None:
        found = await conn.execute(
            select(customers, tenants.c.name.label("business"))
            .select_from(customers.join(tenants, tenants.c.id == customers.c.tenant_id))
            .where(and_(customers.c.id == values[0], customers.c.deleted_at.is_(None)))
        )
        row = found.first()
    if row is None or values is None:
        raise NotFound("The confirmation link", "This link is not valid.")
    record = dict(row._mapping)
    given = record["newsletter_consent_at"]
    # A link of consent since withdrawn, or replaced by newer consent, confirms nothing.
    if given is None or given.isoformat() != values[1] or not standing(record):
        raise NotFound("The confirmation link", "This link is no longer valid.")
    return record


async def confirm_page(deps: Deps, token: str) -> dict[str, str]:
    """What the opt-in page shows: the business, and "ask" or "done"."""
    async with deps.store.read() as conn:
        record = await _pending(conn, deps, token)
    return {"business": record["business"], "state": "done" if confirmed(record) else "ask"}


async def confirm(deps: Deps, token: str) -> dict[str, str]:
    """Confirms the consent the link was mailed for; pressing twice is harmless."""
    now = deps.clock()
    async with deps.work() as work:
        record = await _pending(work.conn, deps, token)
        if record["newsletter_confirmed_at"] is None:
            await work.conn.execute(
                update(customers).where(customers.c.id == record["id"]).values(newsletter_confirmed_at=now)
            )
            work.emit(_changed(record["tenant_id"], record["id"]))
    return {"business": record["business"], "state": "done"}


async def give_online(deps: Deps, slug_tenant_id: str, account_id: str, source: ConsentSource) -> None:
    """A customer's own consent to a business where they have a record (after their first booking)."""
    now = deps.clock()
    async with deps.work() as work:
        tenant = await tenant_by_id(work.conn, slug_tenant_id)
        found = await work.conn.execute(
            select(customers).where(
                and_(
                    customers.c.tenant_id == slug_tenant_id,
                    customers.c.account_id == account_id,
                    customers.c.deleted_at.is_(None),
                )
            )
        )
        row = found.first()
        if tenant is None or row is None:
            raise NotFound("The customer", "You have no booking with this business yet.")
        if await give(work, deps, tenant, dict(row._mapping), source, now):
            work.emit(_changed(tenant.id, row.id))
