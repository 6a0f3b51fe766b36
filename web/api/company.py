"""The business's company data as the desk reads and edits it (name and booking link are the
operator's: see admin.py)."""

from __future__ import annotations

from starlette.requests import Request

from actions import company
from actions.context import Deps
from contract.company import Company, CompanyChange
from contract.enums import Right
from store.queries import tenant_by_id
from web.api.edge import Api
from web.auth import staff_user

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation(
    "GET", "/company", "The business's company data: address and how customers reach it", answer=Company
)
async def company_data(request: Request) -> Company:
    user = await staff_user(request)
    async with _deps(request).store.read() as conn:
        tenant = await tenant_by_id(conn, user.tenant_id)
    assert tenant is not None
    return company.company_of(tenant)


@api.operation(
    "PATCH",
    "/company",
    "Change the company data; fields left out stay, an empty text clears one",
    right=Right.SETTINGS,
    body=CompanyChange,
    answer=Company,
    errors={400: ("invalid_line", "invalid_email", "invalid_url")},
)
async def change_company(request: Request, body: CompanyChange) -> Company:
    user = await staff_user(request)
    return await company.update_company(_deps(request), user.tenant_id, body)


@api.operation(
    "PUT",
    "/company/logo",
    "Upload the logo: a PNG, JPEG or WebP image of at most 512 KB",
    right=Right.SETTINGS,
    body_media="application/octet-stream",
    answer=Company,
    errors={400: ("invalid_image",)},
    description="The body is the image file itself; its type is read from its first bytes. The "
    "answer's `logo_url` is the logo's address, which changes with every new image.",
)
async def upload_logo(request: Request) -> Company:
    user = await staff_user(request)
    return await company.set_logo(_deps(request), user.tenant_id, await request.body())


@api.operation("DELETE", "/company/logo", "Show no logo any more", right=Right.SETTINGS, answer=Company)
async def remove_logo(request: Request) -> Company:
    user = await staff_user(request)
    return await company.remove_logo(_deps(request), user.tenant_id)
