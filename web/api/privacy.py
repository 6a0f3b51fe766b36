"""Consent and data rights: newsletter opt-in from the booking page, a customer's data download and
account deletion, the business's export, and the owner's address verification."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from actions import account_data, business_export, consent, owner_verification
from actions.context import Deps
from actions.errors import NotFound
from contract.accounts import Verification
from contract.enums import ConsentSource, Right
from contract.privacy import AccountData, AccountDeletion, BusinessExport
from contract.public import Status
from store.queries import tenant_by_slug
from web.api.edge import CUSTOMER, PUBLIC, Api
from web.auth import customer_account, staff_user
from web.language import page_language

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


def _download(data: dict[str, Any], filename: str) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@api.operation(
    "POST",
    "/public/{slug}/newsletter",
    "The customer wants the business's newsletter: the consent is recorded and a confirmation link mailed",
    security=CUSTOMER,
    status=202,
    answer=Status,
    description="Counts only once the mailed link is opened (double opt-in). 404 before the customer's "
    "first booking with the business, which makes their record there.",
)
async def newsletter_consent(request: Request) -> Status:
    account = await customer_account(request)
    deps = _deps(request)
    async with deps.store.read() as conn:
        tenant = await tenant_by_slug(conn, request.path_params["slug"])
    if tenant is None:
        raise NotFound("The business")
    source = (
        ConsentSource.ACCOUNT if request.query_params.get("from") == "account" else ConsentSource.BOOKING_PAGE
    )
    await consent.give_online(deps, tenant.id, account.id, source)
    return Status(status="confirmation_mailed")


@api.operation(
    "GET",
    "/customer/me/data",
    "Everything kept about the customer, as one JSON file: the account, and per business the record, "
    "its appointments and the newsletter consent",
    security=CUSTOMER,
    answer=AccountData,
)
async def my_data(request: Request) -> Response:
    account = await customer_account(request)
    return _download(await account_data.download(_deps(request), account), "meine-daten.json")


@api.operation(
    "POST",
    "/customer/me/delete",
    "Delete the account: it and its personal data go; businesses keep their records of appointments "
    "that took place",
    security=CUSTOMER,
    body=AccountDeletion,
    status=204,
    errors={403: ("wrong_password",), 409: ("has_upcoming",)},
)
async def delete_me(request: Request, body: AccountDeletion) -> None:
    account = await customer_account(request)
    await account_data.delete_account(_deps(request), account, body.password)


@api.operation(
    "GET",
    "/export",
    "All of the business's data as one JSON file, without passwords or secrets",
    answer=BusinessExport,
    right=Right.EXPORT,
)
async def export(request: Request) -> Response:
    user = await staff_user(request)
    data = await business_export.export(_deps(request), user.tenant_id)
    return _download(data, f"export-{data['business']['slug']}.json")


@api.operation(
    "POST",
    "/owner/verify",
    "Verify the owner's address with the mailed link's token: the booking page goes live",
    security=PUBLIC,
    body=Verification,
    answer=Status,
    errors={404: ("not_found",)},
)
async def verify_owner(request: Request, body: Verification) -> Status:
    await owner_verification.verify(_deps(request), body.token)
    return Status(status="verified")


@api.operation(
    "POST",
    "/owner/verification",
    "Mail the owner's verification link again",
    status=202,
    answer=Status,
    errors={400: ("already_verified",)},
    right=Right.SETTINGS,
)
async def resend_verification(request: Request) -> Status:
    user = await staff_user(request)
    await owner_verification.resend(_deps(request), user.tenant_id, page_language(request))
    return Status(status="mailed")
