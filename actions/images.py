"""Small pictures the business shows customers (its logo, its people's photos), kept once by the
SHA-256 of their bytes: an address with the digest never shows another picture."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.errors import BadInput, TooLarge
from store.queries import one
from store.schema import logos, staff, tenants

#: A picture for a page's header or a person's round photo: 512 KB is a generous PNG of 1000 px.
IMAGE_BYTES = 512 * 1024
#: The images a picture may be, known by their first bytes (never by what the client says they are).
#: SVG is not among them: a drawing can carry script.
IMAGE_KINDS = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class Image:
    media_type: str
    data: bytes


def image_url(digest: str | None) -> str:
    """Where a stored picture is shown; an empty text for none."""
    return f"/logos/{digest}" if digest else ""


def image_kind(data: bytes, what: str = "A logo", code: str = "invalid_image") -> str:
    """The image type of `data` by its first bytes: PNG, JPEG or WebP; else a 400 with `code`."""
    for magic, media_type in IMAGE_KINDS.items():
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise BadInput(code, f"{what} is a PNG, JPEG or WebP image.")


async def store_image(
    conn: AsyncConnection, data: bytes, now: datetime, what: str = "A logo", code: str = "invalid_image"
) -> str:
    """Keeps `data` (checked: size and kind) once, and returns its digest for a row to name."""
    if len(data) > IMAGE_BYTES:
        raise TooLarge("too_large", f"{what} may have at most {IMAGE_BYTES // 1024} KB.")
    media_type = image_kind(data, what, code)
    digest = hashlib.sha256(data).hexdigest()
    if await one(conn, select(logos.c.digest).where(logos.c.digest == digest)) is None:
        await conn.execute(
            insert(logos).values(digest=digest, media_type=media_type, data=data, created_at=now)
        )
    return digest


async def forget_unused_images(conn: AsyncConnection) -> None:
    """Deletes the pictures no business and no person shows any more."""
    await conn.execute(
        delete(logos).where(
            ~exists().where(tenants.c.logo == logos.c.digest),
            ~exists().where(staff.c.photo == logos.c.digest),
        )
    )


async def image(deps: Deps, digest: str) -> Image | None:
    """A picture some business or person shows now, by its digest; one no one shows any more is gone."""
    shown = or_(
        exists().where(tenants.c.logo == logos.c.digest),
        exists().where(staff.c.photo == logos.c.digest),
    )
    async with deps.store.read() as conn:
        row = await one(
            conn, select(logos.c.media_type, logos.c.data).where(logos.c.digest == digest, shown).limit(1)
        )
    return Image(row["media_type"], bytes(row["data"])) if row else None
