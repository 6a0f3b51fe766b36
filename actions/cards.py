"""What a practice hands out with its booking link: the link as a QR code (PNG, SVG) and as a
printable A6 card and A4 poster (PDF) with the business's name, logo and link."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from enum import StrEnum

import segno
from fpdf import FPDF

from actions.company import logo
from actions.context import Deps
from i18n import translate
from store.queries import tenant_by_id


class Paper(StrEnum):
    CARD = "a6"
    POSTER = "a4"


@dataclass(frozen=True)
class Link:
    """What every card shows: whose link it is, the link, and the logo's bytes if there is one."""

    name: str
    url: str
    logo: bytes | None


async def link_of(deps: Deps, tenant_id: str) -> Link:
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, tenant_id)
    assert tenant is not None
    shown = await logo(deps, tenant.logo) if tenant.logo else None
    return Link(tenant.name, f"{deps.settings.public_url}/book/{tenant.slug}", shown.data if shown else None)


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=12, border=2)
    return out.getvalue()


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=10, border=2, xmldecl=True, svgns=True)
    return out.getvalue()


def _latin1(text: str) -> str:
    """The PDF's built-in fonts write Latin-1: German umlauts pass, anything else becomes "?"."""
    return text.encode("latin-1", "replace").decode("latin-1")


def _pdf(link: Link, paper: Paper, language: str) -> bytes:
    poster = paper is Paper.POSTER
    pdf = FPDF(unit="mm", format=(210, 297) if poster else (105, 148))
    pdf.set_title(_latin1(link.name))
    pdf.set_creator("Termine")
    pdf.set_auto_page_break(False)
    margin = 20.0 if poster else 8.0
    pdf.set_margins(margin, margin)
    pdf.add_page()
    width = pdf.w - 2 * margin
    y = margin
    if link.logo:
        height = 30.0 if poster else 12.0
        try:
            pdf.image(io.BytesIO(link.logo), x=margin, y=y, h=height, keep_aspect_ratio=True, w=width)
            y += height + (8 if poster else 3)
        except Exception:  # noqa: BLE001 - a picture fpdf cannot read leaves the card without it
            pass
    pdf.set_xy(margin, y)
    pdf.set_font("helvetica", "B", 32 if poster else 15)
    pdf.multi_cell(width, 14 if poster else 7, _latin1(link.name), align="C")
    pdf.set_font("helvetica", "", 20 if poster else 10)
    pdf.multi_cell(
        width, 10 if poster else 5, _latin1(translate(language, "Termine online buchen")), align="C"
    )
    side = 110.0 if poster else 52.0
    top = pdf.get_y() + (10 if poster else 3)
    pdf.image(io.BytesIO(qr_png(link.url)), x=(pdf.w - side) / 2, y=top, w=side, h=side)
    pdf.set_xy(margin, top + side + (8 if poster else 2))
    pdf.set_font("helvetica", "", 16 if poster else 8)
    pdf.multi_cell(width, 8 if poster else 4, link.url, align="C", link=link.url)
    return bytes(pdf.output())


async def card_pdf(deps: Deps, tenant_id: str, paper: Paper, *, language: str) -> bytes:
    """The card (A6) or poster (A4) of the business's booking link."""
    link = await link_of(deps, tenant_id)
    return await asyncio.to_thread(_pdf, link, paper, language)
