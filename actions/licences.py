"""The owner's licence: the trial, the upgrade to the base licence, add-ons and the buyer data of the
invoices. Every change takes effect at once and is billed for the days it is held (licensing.bill)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.errors import Conflict
from actions.licence_limits import (
    LicenceLimit,
    Standing,
    in_use,
    online_bookings_this_month,
    plans_of,
    standing,
)
from contract.licences import (
    AddOns,
    Buyer,
    BuyerChange,
    Counts,
    InvoiceLine,
    InvoiceListed,
    Licence,
    Named,
    NextInvoice,
    Prices,
)
from i18n import translate
from licensing.bill import Bill, billing_day_for, period_of
from licensing.bill import bill as bill_of
from licensing.invoice_pdf import ITEM_NAMES
from licensing.plans import BASE, TRIAL, Holding, Plans, allowance
from store.queries import one, tenant_by_id
from store.rows import Tenant
from store.schema import invoices, licence_changes, licences, locations, staff


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def line_shapes(bill: Bill, language: str) -> list[InvoiceLine]:
    return [
        InvoiceLine(
            item=line.item,  # type: ignore[arg-type]
            description=translate(language, ITEM_NAMES[line.item]),
            count=line.count,
            days=line.days,
            period_days=line.period_days,
            unit_price=money(line.unit_price),
            amount=money(line.amount),
        )
        for line in bill.lines
    ]


async def changes_by_day(conn: AsyncConnection, tenant: Tenant) -> list[tuple[date, Holding]]:
    """What the business held after each change, by the local day it was made, oldest first."""
    rows = await conn.execute(
        select(licence_changes)
        .where(licence_changes.c.tenant_id == tenant.id)
        .order_by(licence_changes.c.at, licence_changes.c.id)
    )
    return [
        (row.at.astimezone(tenant.zone).date(), Holding(row.plan, row.extra_locations, row.extra_calendars))
        for row in rows
    ]


async def _in_use_named(conn: AsyncConnection, tenant_id: str) -> tuple[list[Named], list[Named]]:
    found: list[list[Named]] = []
    for table, order in ((staff, staff.c.position), (locations, locations.c.created_at)):
        rows = await conn.execute(
            select(table.c.id, table.c.name)
            .where(and_(table.c.tenant_id == tenant_id, table.c.deactivated_at.is_(None)))
            .order_by(order)
        )
        found.append([Named(id=row.id, name=row.name) for row in rows])
    return found[0], found[1]


async def licence_of(deps: Deps, tenant_id: str, language: str) -> Licence:
    async with deps.store.read() as conn:
        return await _licence(conn, plans_of(deps.settings), tenant_id, deps.clock(), language)


async def _licence(
    conn: AsyncConnection, plans: Plans, tenant_id: str, now: datetime, language: str
) -> Licence:
    tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    held = await standing(conn, plans, tenant_id)
    used_locations, used_calendars = await in_use(conn, tenant_id)
    calendars, places = await _in_use_named(conn, tenant_id)
    rows = await conn.execute(
        select(invoices.c.id, invoices.c.label, invoices.c.period_start, invoices.c.period_end)
        .add_columns(invoices.c.issued_at, invoices.c.gross_cents)
        .where(invoices.c.tenant_id == tenant_id)
        .order_by(invoices.c.period_start.desc())
    )
    listed = [
        InvoiceListed(
            id=row.id,
            number=row.label,
            period_start=row.period_start,
            period_end=row.period_end - timedelta(days=1),
            issued_at=row.issued_at.astimezone(tenant.zone),
            gross=money(Decimal(row.gross_cents) / 100),
            url=f"/api/v1/licence/invoices/{row.id}",
        )
        for row in rows
    ]
    return Licence(
        plan=held.holding.plan,  # type: ignore[arg-type]
        trial_ends_at=held.trial_ends_at.astimezone(tenant.zone) if held.holding.plan == TRIAL else None,
        trial_over=held.trial_over(now),
        locked=held.locked,
        extra_locations=held.holding.extra_locations,
        extra_calendars=held.holding.extra_calendars,
        includes=Counts(
            locations=held.allowance.locations,
            calendars=held.allowance.calendars,
            online_bookings_per_month=held.allowance.online_bookings_per_month,
        ),
        uses=Counts(
            locations=used_locations,
            calendars=used_calendars,
            online_bookings_per_month=await online_bookings_this_month(conn, tenant, now),
        ),
        prices=Prices(
            currency=plans.currency,
            base=money(plans.base.price),
            location=money(plans.location_price),
            calendar=money(plans.calendar_price),
            vat_rate=str(plans.vat_rate(held.buyer_country)),
        ),
        next_invoice=await _next_invoice(conn, plans, tenant, held, now, language),
        invoices=listed,
        buyer=Buyer(
            name=held.buyer_name,
            address=held.buyer_address,
            country=held.buyer_country,
            vat_id=held.buyer_vat_id,
        ),
        calendars=calendars,
        locations=places,
    )


async def _next_invoice(
    conn: AsyncConnection, plans: Plans, tenant: Tenant, held: Standing, now: datetime, language: str
) -> NextInvoice | None:
    """The current period's bill as if nothing changed until its end; None before the base licence."""
    if held.billing_day is None:
        return None
    period = period_of(held.billing_day, now.astimezone(tenant.zone).date())
    bill = bill_of(plans, await changes_by_day(conn, tenant), period, held.buyer_country)
    return NextInvoice(
        made_on=period[1],
        period_start=period[0],
        period_end=period[1] - timedelta(days=1),
        lines=line_shapes(bill, language),
        net=money(bill.net),
        vat_rate=str(bill.vat_rate),
        vat=money(bill.vat),
        gross=money(bill.gross),
    )


async def record_change(
    conn: AsyncConnection, tenant_id: str, holding: Holding, at: datetime, by: str | None
) -> None:
    await conn.execute(
        insert(licence_changes).values(
            tenant_id=tenant_id,
            at=at,
            plan=holding.plan,
            extra_locations=holding.extra_locations,
            extra_calendars=holding.extra_calendars,
            by=by,
        )
    )


async def _ensure_row(conn: AsyncConnection, tenant_id: str, language: str | None = None) -> None:
    """The business's licence row, made where missing; `language` becomes its invoices' language."""
    if await one(conn, select(licences.c.tenant_id).where(licences.c.tenant_id == tenant_id)) is None:
        await conn.execute(insert(licences).values(tenant_id=tenant_id))
    if language is not None:
        await conn.execute(
            update(licences).where(licences.c.tenant_id == tenant_id).values(language=language)
        )


async def start_base(
    conn: AsyncConnection,
    plans: Plans,
    tenant: Tenant,
    now: datetime,
    by: str | None,
    language: str | None = None,
) -> None:
    """Puts a business on the base licence from `now`, billed on this day of the month from now on,
    with the add-ons that what it has in use needs: nothing has to be deactivated for the upgrade."""
    used_locations, used_calendars = await in_use(conn, tenant.id)
    holding = Holding(
        BASE,
        max(0, used_locations - plans.base.locations),
        max(0, used_calendars - plans.base.calendars),
    )
    await _ensure_row(conn, tenant.id, language)
    await conn.execute(
        update(licences)
        .where(and_(licences.c.tenant_id == tenant.id, licences.c.billing_day.is_(None)))
        .values(billing_day=billing_day_for(now.astimezone(tenant.zone).date()))
    )
    await record_change(conn, tenant.id, holding, now, by)


async def upgrade(deps: Deps, tenant_id: str, by: str, language: str) -> Licence:
    """From the trial to the base licence, at once, with the add-ons the calendars and locations in
    use need; the first invoice comes a month later."""
    plans = plans_of(deps.settings)
    now = deps.clock()
    async with deps.work() as work:
        held = await standing(work.conn, plans, tenant_id, lock=True)
        if held.holding.plan == BASE:
            raise Conflict("not_trial", "The business holds the base licence already.")
        tenant = await tenant_by_id(work.conn, tenant_id)
        assert tenant is not None
        await start_base(work.conn, plans, tenant, now, by, language)
        return await _licence(work.conn, plans, tenant_id, now, language)


async def set_add_ons(deps: Deps, tenant_id: str, by: str, wanted: AddOns, language: str) -> Licence:
    """Books or gives up add-ons, at once. Giving up what is in use is refused with the calendars
    and locations in use, of which so many are to be deactivated first."""
    plans = plans_of(deps.settings)
    now = deps.clock()
    async with deps.work() as work:
        held = await standing(work.conn, plans, tenant_id, lock=True)
        if held.holding.plan != BASE:
            raise Conflict("needs_base", "Add-ons come with the base licence; upgrade first.")
        holding = Holding(BASE, wanted.extra_locations, wanted.extra_calendars)
        allowed = allowance(plans, holding)
        used_locations, used_calendars = await in_use(work.conn, tenant_id)
        calendars_over = max(0, used_calendars - allowed.calendars)
        locations_over = max(0, used_locations - allowed.locations)
        if calendars_over or locations_over:
            calendars, places = await _in_use_named(work.conn, tenant_id)
            error = LicenceLimit(
                "downgrade",
                0,
                f"That does not fit: deactivate {calendars_over} calendar(s) and {locations_over} "
                "location(s) first.",
            )
            error.extra.update(
                calendars_over=calendars_over,
                locations_over=locations_over,
                calendars=[c.model_dump() for c in calendars] if calendars_over else [],
                locations=[p.model_dump() for p in places] if locations_over else [],
            )
            raise error
        if holding != held.holding:
            await record_change(work.conn, tenant_id, holding, now, by)
        await _ensure_row(work.conn, tenant_id, language)
        return await _licence(work.conn, plans, tenant_id, now, language)


async def set_buyer(deps: Deps, tenant_id: str, change: BuyerChange, language: str) -> Licence:
    """Whom the invoices from now on name."""
    async with deps.work() as work:
        await _ensure_row(work.conn, tenant_id, language)
        await work.conn.execute(
            update(licences)
            .where(licences.c.tenant_id == tenant_id)
            .values(
                buyer_name=change.name,
                buyer_address=change.address,
                buyer_country=change.country.upper(),
                buyer_vat_id=change.vat_id,
            )
        )
        return await _licence(work.conn, plans_of(deps.settings), tenant_id, deps.clock(), language)
