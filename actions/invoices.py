"""The monthly invoices: on each business's billing day, the invoice for the period just ended is
made as a PDF, numbered, stored and mailed to the owner with the PDF attached.

Each period is invoiced once, whatever processes look at the same time or restart on the billing
day: the maker takes the row of `invoice_numbers` first (locked to its commit on PostgreSQL; SQLite
runs one writer at a time), then looks whether the period is invoiced already, and only then takes
the next number and inserts. A second maker waits for the first's commit and then finds its
invoice; the key on (business, period) refuses a second row should anything slip. The number is
taken in the transaction that inserts the invoice, so a rollback gives it back: no gaps.
"""

from __future__ import annotations

import base64
import logging
from datetime import date, datetime

from sqlalchemy import and_, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.licence_limits import plans_of, standing
from actions.licences import changes_by_day
from contract.enums import Role
from licensing.bill import bill, period_of, previous_period
from licensing.invoice_pdf import Buyer, InvoiceDocument, amount_text, period_text, render_pdf
from licensing.plans import BASE, Plans
from mail.messages import Attachment, render
from mail.outbox import enqueue
from store.engine import Stalled
from store.queries import new_id, one, tenant_by_id
from store.schema import invoice_numbers, invoices, licence_changes, licences, users

log = logging.getLogger(__name__)

#: How many missed periods a business is invoiced for after the server was down for long.
CATCH_UP = 3
COUNTER = "invoices"


async def make_due(deps: Deps) -> int:
    """Makes and mails the invoices whose billing day has come; returns how many this process made."""
    plans = plans_of(deps.settings)
    now = deps.clock()
    async with deps.store.read() as conn:
        due = await _due(conn, now)
    made = 0
    for tenant_id, period in due:
        try:
            made += await make_invoice(deps, plans, tenant_id, period, now)
        except (IntegrityError, Stalled):
            # another process is making or made it: the next look finds it done
            log.info("invoice of %s for %s made elsewhere", tenant_id, period[0])
    return made


async def _due(conn: AsyncConnection, now: datetime) -> list[tuple[str, tuple[date, date]]]:
    """The ended periods of businesses billed so far, not yet invoiced: the last few of each."""
    billed = (
        await conn.execute(
            select(licences.c.tenant_id, licences.c.billing_day).where(licences.c.billing_day.is_not(None))
        )
    ).all()
    if not billed:
        return []
    made: dict[str, set[date]] = {}
    for row in await conn.execute(
        select(invoices.c.tenant_id, invoices.c.period_start).where(
            invoices.c.tenant_id.in_([b.tenant_id for b in billed])
        )
    ):
        made.setdefault(row.tenant_id, set()).add(row.period_start)
    first_base: dict[str, datetime] = {}
    for row in await conn.execute(
        select(licence_changes.c.tenant_id, licence_changes.c.at).where(licence_changes.c.plan == BASE)
    ):
        first_base[row.tenant_id] = min(first_base.get(row.tenant_id, row.at), row.at)
    due: list[tuple[str, tuple[date, date]]] = []
    for row in billed:
        tenant = await tenant_by_id(conn, row.tenant_id)
        if tenant is None or row.tenant_id not in first_base:
            continue
        began = first_base[row.tenant_id].astimezone(tenant.zone).date()
        period = previous_period(period_of(row.billing_day, now.astimezone(tenant.zone).date()))
        for _ in range(CATCH_UP):
            if period[1] <= began:
                break
            if period[0] not in made.get(row.tenant_id, set()):
                due.append((row.tenant_id, period))
            period = previous_period(period)
    return due


async def make_invoice(
    deps: Deps, plans: Plans, tenant_id: str, period: tuple[date, date], now: datetime
) -> int:
    """Makes, stores and mails the invoice of one period unless it exists; 1 if this call made it."""
    async with deps.work() as work:
        conn = work.conn
        counter = await one(
            conn, select(invoice_numbers.c.last).where(invoice_numbers.c.name == COUNTER).with_for_update()
        )
        if counter is None:  # a database made before the migration's row: the first number is 1
            await conn.execute(insert(invoice_numbers).values(name=COUNTER, last=0))
            counter = {"last": 0}
        exists = await one(
            conn,
            select(invoices.c.id).where(
                and_(invoices.c.tenant_id == tenant_id, invoices.c.period_start == period[0])
            ),
        )
        if exists is not None:
            return 0
        tenant = await tenant_by_id(conn, tenant_id)
        assert tenant is not None
        held = await standing(conn, plans, tenant_id)
        charged = bill(plans, await changes_by_day(conn, tenant), period, held.buyer_country)
        if not charged.lines:
            return 0
        number = int(counter["last"]) + 1
        label = f"{plans.invoice_prefix}{number:06d}"
        licence = await one(conn, select(licences.c.language).where(licences.c.tenant_id == tenant_id))
        language = licence["language"] if licence else "de"
        issued_on = now.astimezone(tenant.zone).date()
        pdf = render_pdf(
            InvoiceDocument(
                label=label,
                issued_on=issued_on,
                period=period,
                seller=plans.seller,
                buyer=Buyer(held.buyer_name, held.buyer_address, held.buyer_vat_id),
                bill=charged,
                currency=plans.currency,
                language=language,
            )
        )
        await conn.execute(
            update(invoice_numbers).where(invoice_numbers.c.name == COUNTER).values(last=number)
        )
        await conn.execute(
            insert(invoices).values(
                id=new_id(),
                tenant_id=tenant_id,
                number=number,
                label=label,
                period_start=period[0],
                period_end=period[1],
                issued_at=now,
                net_cents=int(charged.net * 100),
                vat_cents=int(charged.vat * 100),
                gross_cents=int(charged.gross * 100),
                language=language,
                pdf=pdf,
            )
        )
        owner = await one(
            conn,
            select(users.c.email, users.c.name).where(
                and_(users.c.tenant_id == tenant_id, users.c.role == Role.OWNER)
            ),
        )
        if owner is not None:
            message = render(
                "licence_invoice",
                owner["email"],
                language=language,
                first_name=owner["name"],
                business=tenant.name,
                number=label,
                period=period_text(period, language),
                amount=amount_text(charged.gross, plans.currency, language),
                seller=plans.seller.name,
                attachments=(
                    Attachment(f"{label}.pdf", "application/pdf", base64.b64encode(pdf).decode(), "base64"),
                ),
            )
            await enqueue(conn, message, now=now, tenant_id=tenant_id)
            work.mailed()
        return 1
