"""The business's company data as the desk edits it, and as footers and calendar entries show it."""

from __future__ import annotations

from sqlalchemy import update

from actions.context import Deps
from actions.images import IMAGE_BYTES, Image, forget_unused_images, image, image_url, store_image
from contract.company import Company, CompanyChange
from contract.events import Nothing
from realtime.events import Event
from store.queries import tenant_by_id
from store.rows import Tenant
from store.schema import tenants

#: A logo is a small picture for a page's header (the limit is every shown picture's).
LOGO_BYTES = IMAGE_BYTES
Logo = Image


def company_of(tenant: Tenant) -> Company:
    """The company data of a stored business."""
    return Company(
        address=tenant.address,
        phone=tenant.phone,
        email=tenant.email,
        website=tenant.website,
        imprint_url=tenant.imprint_url,
        privacy_url=tenant.privacy_url,
        logo_url=image_url(tenant.logo),
        privacy_text=tenant.privacy_text,
    )


async def update_company(deps: Deps, tenant_id: str, changes: CompanyChange) -> Company:
    """Changes the fields given; the company data as it is afterwards. Open staff pages fetch the
    business's set-up again."""
    values = changes.model_dump(exclude_none=True)
    async with deps.work() as work:
        if values:
            await work.conn.execute(update(tenants).where(tenants.c.id == tenant_id).values(**values))
        tenant = await tenant_by_id(work.conn, tenant_id)
        work.emit(Event(tenant_id, "settings.changed", Nothing()))
    assert tenant is not None
    return company_of(tenant)


def footer(tenant: Tenant) -> dict[str, str]:
    """What a footer shows of the business, in mails and on the booking page: its name and the
    company data given."""
    return {"name": tenant.name, **company_of(tenant).model_dump()}


async def set_logo(deps: Deps, tenant_id: str, data: bytes) -> Company:
    """Makes `data` the business's logo; the company data with its new address."""
    async with deps.work() as work:
        digest = await store_image(work.conn, data, deps.clock())
        await work.conn.execute(update(tenants).where(tenants.c.id == tenant_id).values(logo=digest))
        await forget_unused_images(work.conn)
        tenant = await tenant_by_id(work.conn, tenant_id)
        work.emit(Event(tenant_id, "settings.changed", Nothing()))
    assert tenant is not None
    return company_of(tenant)


async def remove_logo(deps: Deps, tenant_id: str) -> Company:
    """The business shows no logo any more."""
    async with deps.work() as work:
        await work.conn.execute(update(tenants).where(tenants.c.id == tenant_id).values(logo=None))
        await forget_unused_images(work.conn)
        tenant = await tenant_by_id(work.conn, tenant_id)
        work.emit(Event(tenant_id, "settings.changed", Nothing()))
    assert tenant is not None
    return company_of(tenant)


async def logo(deps: Deps, digest: str) -> Image | None:
    """A logo (or a person's photo) shown now, by its digest; one no one shows any more is gone."""
    return await image(deps, digest)
