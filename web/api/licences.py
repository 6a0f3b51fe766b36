"""Settings → Licence: the owner's plan, add-ons, buyer data and invoices."""

from __future__ import annotations

from sqlalchemy import and_, select
from starlette.requests import Request
from starlette.responses import Response

from actions import licences
from actions.context import Deps
from actions.errors import NotFound
from contract.enums import Right
from contract.licences import AddOns, BuyerChange, Licence
from store.schema import invoices
from web import i18n
from web.api.edge import Api
from web.auth import staff_user

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation(
    "GET",
    "/licence",
    "The business's licence: plan, what it includes and uses, the next invoice, the invoices made",
    right=Right.LICENCES,
    answer=Licence,
)
async def licence(request: Request) -> Licence:
    user = await staff_user(request)
    return await licences.licence_of(_deps(request), user.tenant_id, i18n.language(request))


@api.operation(
    "POST",
    "/licence/upgrade",
    "Move from the trial to the base licence, at once",
    right=Right.LICENCES,
    answer=Licence,
    errors={409: ("not_trial",)},
    description="The day of the upgrade becomes the billing day (the 28th at the latest); each month on "
    "it an invoice for the month before is mailed to the owner.",
)
async def upgrade(request: Request) -> Licence:
    user = await staff_user(request)
    return await licences.upgrade(_deps(request), user.tenant_id, user.user_id, i18n.language(request))


@api.operation(
    "PUT",
    "/licence/add-ons",
    "Book or give up extra locations and calendars, at once, billed for the days held",
    right=Right.LICENCES,
    body=AddOns,
    answer=Licence,
    errors={409: ("needs_base", "licence_limit")},
    description="Fewer than are in use is refused with 409 `licence_limit` (`limit: downgrade`), "
    "`calendars_over`, `locations_over` and the calendars and locations in use to deactivate first.",
)
async def add_ons(request: Request, body: AddOns) -> Licence:
    user = await staff_user(request)
    return await licences.set_add_ons(
        _deps(request), user.tenant_id, user.user_id, body, i18n.language(request)
    )


@api.operation(
    "PUT",
    "/licence/buyer",
    "Whom the invoices name: name, address, country (its VAT rate) and VAT id",
    right=Right.LICENCES,
    body=BuyerChange,
    answer=Licence,
)
async def buyer(request: Request, body: BuyerChange) -> Licence:
    user = await staff_user(request)
    return await licences.set_buyer(_deps(request), user.tenant_id, body, i18n.language(request))


@api.operation(
    "GET",
    "/licence/invoices/{invoice_id}",
    "Download an invoice as PDF",
    right=Right.LICENCES,
    media="application/pdf",
)
async def invoice_pdf(request: Request) -> Response:
    user = await staff_user(request)
    invoice_id = request.path_params["invoice_id"]
    async with _deps(request).store.read() as conn:
        row = (
            await conn.execute(
                select(invoices.c.pdf, invoices.c.label).where(
                    and_(invoices.c.id == invoice_id, invoices.c.tenant_id == user.tenant_id)
                )
            )
        ).first()
    if row is None:
        raise NotFound("The invoice")
    return Response(
        row.pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{row.label}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )
