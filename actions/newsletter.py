"""Newsletters to groups of customers: a preview as the first recipient reads it, then one mail per
customer through the outbox, each with a link of its own that unsubscribes (by its page's button
only: mail scanners open links, they do not press buttons)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

import itsdangerous
from sqlalchemy import and_, case, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import consent, customer_groups
from actions import customers as records
from actions.company import footer
from actions.context import Deps
from actions.errors import BadInput, NotFound
from contract.customers import LetterPreview, NewLetter, Newsletter, PreviewedLetter, SentLetter
from contract.enums import Language
from mail.messages import Message, render
from mail.outbox import enqueue_many
from store.queries import new_id, tenant_by_id
from store.rows import Tenant
from store.schema import customer_accounts, customer_group_members, customers, newsletters, tenants

SALT = "newsletter-unsubscribe"


@dataclass(frozen=True)
class Unsubscription:
    """What the unsubscribe page shows: the business, and whether it still asks or is done."""

    business: str
    state: str

    def page(self) -> dict[str, str]:
        return asdict(self)


def unsubscribe_token(secret: str, customer_id: str) -> str:
    """The token that ends a recipient's link `PUBLIC_URL/unsubscribe/<token>`."""
    return itsdangerous.URLSafeSerializer(secret, salt=SALT).dumps({"c": customer_id})


def _customer_id(secret: str, token: str) -> str | None:
    try:
        data = itsdangerous.URLSafeSerializer(secret, salt=SALT).loads(token)
    except itsdangerous.BadData:
        return None
    value = data.get("c") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


async def _recipients(conn: AsyncConnection, tenant_id: str, group_ids: list[str]) -> list[dict[str, Any]]:
    """Customers in any of the groups with an address and confirmed consent, by name; each with
    the first name to greet (the customer's own where the business keeps a private one)."""
    own_name = and_(customers.c.name_private, customer_accounts.c.first_name.is_not(None))
    members = select(customer_group_members.c.customer_id).where(
        customer_group_members.c.group_id.in_(group_ids)
    )
    rows = await conn.execute(
        select(
            customers.c.id,
            customers.c.email,
            case((own_name, customer_accounts.c.first_name), else_=customers.c.first_name).label(
                "first_name"
            ),
            customer_accounts.c.language,
        )
        .select_from(customers.outerjoin(customer_accounts, customer_accounts.c.id == customers.c.account_id))
        .where(
            and_(
                customers.c.tenant_id == tenant_id,
                customers.c.id.in_(members),
                customers.c.deleted_at.is_(None),
                consent.CONFIRMED,
                customers.c.email != "",
            )
        )
        .order_by(customers.c.search_name, customers.c.id)
    )
    return [dict(r._mapping) for r in rows]


def _mail(deps: Deps, tenant: Tenant, recipient: dict[str, Any], subject: str, body: str) -> Message:
    token = unsubscribe_token(deps.settings.secret_key, recipient["id"])
    link = f"{deps.settings.public_url}/unsubscribe/{token}"
    message = render(
        "newsletter",
        recipient["email"],
        language=recipient["language"] or Language.DE,
        subject=subject,
        body=body,
        first_name=recipient["first_name"],
        business=tenant.name,
        company=footer(tenant),
        unsubscribe_link=link,
    )
    # Mail programs show their own "unsubscribe" button and press it with one POST (RFC 8058).
    one_click = (("List-Unsubscribe", f"<{link}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    return replace(message, headers=one_click)


async def preview(deps: Deps, tenant_id: str, letter: NewLetter) -> PreviewedLetter:
    """How many would receive the letter, and the mail as the first of them reads it."""
    async with deps.store.read() as conn:
        group_ids = await customer_groups.owned_ids(conn, tenant_id, letter.group_ids)
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        recipients = await _recipients(conn, tenant_id, group_ids)
    if not recipients:
        return PreviewedLetter(recipients=0, preview=None)
    first = _mail(deps, tenant, recipients[0], letter.subject, letter.body)
    shown = LetterPreview(to=first.to, subject=first.subject, text=first.body)
    return PreviewedLetter(recipients=len(recipients), preview=shown)


async def send(deps: Deps, tenant_id: str, user_id: str, letter: NewLetter) -> SentLetter:
    """Stores the newsletter and queues one mail per recipient in the same transaction."""
    subject, body = letter.subject, letter.body
    now = deps.clock()
    async with deps.work() as work:
        conn = work.conn
        group_ids = await customer_groups.owned_ids(conn, tenant_id, letter.group_ids)
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        recipients = await _recipients(conn, tenant_id, group_ids)
        if not recipients:
            raise BadInput("no_recipients", "Nobody in these groups has an e-mail address and wants mail.")
        newsletter_id = new_id()
        await conn.execute(
            insert(newsletters).values(
                id=newsletter_id,
                tenant_id=tenant_id,
                subject=subject,
                body=body,
                group_ids=group_ids,
                recipients=len(recipients),
                sent_by=user_id,
                sent_at=now,
            )
        )
        mails = [_mail(deps, tenant, recipient, subject, body) for recipient in recipients]
        await enqueue_many(conn, mails, now=now, tenant_id=tenant_id)
        work.mailed()
    return SentLetter(id=newsletter_id, recipients=len(recipients))


async def consented(deps: Deps, tenant_id: str) -> int:
    """How many of the business's customers have confirmed consent and an address."""
    async with deps.store.read() as conn:
        count = await conn.scalar(
            select(func.count())
            .select_from(customers)
            .where(
                and_(
                    customers.c.tenant_id == tenant_id,
                    customers.c.deleted_at.is_(None),
                    consent.CONFIRMED,
                    customers.c.email != "",
                )
            )
        )
    return int(count or 0)


async def listed(deps: Deps, tenant_id: str) -> list[Newsletter]:
    """What the business sent, newest first."""
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        zone = tenant.zone
        rows = await conn.execute(
            select(newsletters)
            .where(newsletters.c.tenant_id == tenant_id)
            .order_by(newsletters.c.sent_at.desc())
        )
        return [
            Newsletter(
                id=r.id,
                subject=r.subject,
                body=r.body,
                group_ids=r.group_ids,
                recipients=r.recipients,
                sent_at=r.sent_at.astimezone(zone),
            )
            for r in rows
        ]


async def unsubscribe_page(deps: Deps, token: str) -> Unsubscription:
    """What the unsubscribe page shows: `state` "ask", or "done" once unsubscribed."""
    async with deps.store.read() as conn:
        row = await _recipient(conn, deps, token)
    done = not consent.standing(row) or row["deleted_at"] is not None
    return Unsubscription(row["business"], "done" if done else "ask")


async def unsubscribe(deps: Deps, token: str) -> Unsubscription:
    """Withdraws the customer's consent (its date is kept); pressing the button twice is harmless."""
    now: datetime = deps.clock()
    async with deps.work() as work:
        row = await _recipient(work.conn, deps, token)
        if await consent.withdraw(work.conn, row["id"], now):
            work.emit(records.changed(row["tenant_id"], row["id"]))
    return Unsubscription(row["business"], "done")


async def _recipient(conn: AsyncConnection, deps: Deps, token: str) -> dict[str, Any]:
    customer_id = _customer_id(deps.settings.secret_key, token)
    found = None
    if customer_id is not None:
        found = (
            await conn.execute(
                select(
                    customers.c.id,
                    customers.c.tenant_id,
                    customers.c.newsletter_opt_out_at,
                    customers.c.newsletter_consent_at,
                    customers.c.deleted_at,
                    tenants.c.name.label("business"),
                )
                .select_from(customers.join(tenants, tenants.c.id == customers.c.tenant_id))
                .where(customers.c.id == customer_id)
            )
        ).first()
    if found is None:
        raise NotFound("The unsubscribe link", "This link is not valid.")
    return dict(found._mapping)
