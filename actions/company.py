"""The business's company data as the desk edits it, and as footers and calendar entries show it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.errors import BadInput, TooLarge
from contract.company import Company, CompanyChange
from contract.events import Nothing
from realtime.events import Event
from store.queries import one, tenant_by_id
from store.rows import Tenant
from store.schema import logos, tenants

#: A logo is a small picture for a page's header: 512 KB is a generous PNG of 1000 px.
LOGO_BYTES = 512 * 1024
#: The images a logo may be, known by their first bytes (never by what the client says they are).
#: SVG is not among them: a drawing can carry script.
IMAGE_KINDS = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class Logo:
    media_type: str
    data: bytes


def company_of(tenant: Tenant) -> Company:
    """The company data of a stored business."""
    return Company(
        address=tenant.address,
        phone=tenant.phone,
        email=tenant.email,
        website=tenant.website,
        imprint_url=tenant.imprint_url,
        privacy_url=tenant.privacy_url,
        logo_url=f"/logos/{tenant.logo}" if tenant.logo else "",
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


def _image_kind(data: bytes) -> str:
    """The image type of `data` by its first bytes: PNG, JPEG or WebP; else a 400."""
    for magic, media_type in IMAGE_KINDS.items():
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise BadInput("invalid_image", "A logo is a PNG, JPEG or WebP image.")


async def set_logo(deps: Deps, tenant_id: str, data: bytes) -> Company:
    """Makes `data` the business's logo; the company data with its new address."""
    if len(data) > LOGO_BYTES:
        raise TooLarge("too_large", f"A logo may have at most {LOGO_BYTES // 1024} KB.")
    media_type = _image_kind(data)
    digest = hashlib.sha256(data).hexdigest()
    async with deps.work() as work:
        if await one(work.conn, select(logos.c.digest).where(logos.c.digest == digest)) is None:
            await work.conn.execute(
                insert(logos).values(digest=digest, media_type=media_type, data=data, created_at=deps.clock())
            )
        await work.conn.execute(update(tenants).where(tenants.c.id == tenant_id).values(logo=digest))
        await _forget_unused_logos(work.conn)
        tenant = await tenant_by_id(work.conn, tenant_id)
        work.emit(Event(tenant_id, "settings.changed", Nothing()))
    assert tenant is not None
    return company_of(tenant)


async def remove_logo(deps: Deps, tenant_id: str) -> Company:
    """The business shows no logo any more."""
    async with deps.work() as work:
        await work.conn.execute(update(tenants).where(tenants.c.id == tenant_id).values(logo=None))
        await _forget_unused_logos(work.conn)
        tenant = await tenant_by_id(work.conn, tenant_id)
        work.emit(Event(tenant_id, "settings.changed", Nothing()))
    assert tenant is not None
    return company_of(tenant)


async def _forget_unused_logos(conn: AsyncConnection) -> None:
    """Deletes the pictures no business shows any more."""
    await conn.execute(delete(logos).where(~exists().where(tenants.c.logo == logos.c.digest)))


async def logo(deps: Deps, digest: str) -> Logo | None:
    """A logo some business shows now, by its digest; one no business shows any more is gone."""
    async with deps.store.read() as conn:
        row = await one(
            conn,
            select(logos.c.media_type, logos.c.data)
            .select_from(logos.join(tenants, tenants.c.logo == logos.c.digest))
            .where(logos.c.digest == digest)
            .limit(1),
        )
    return Logo(row["media_type"], bytes(row["data"])) if row else None
