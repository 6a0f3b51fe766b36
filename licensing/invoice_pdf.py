"""The invoice as a PDF (fpdf2), in the owner's language, with what an Austrian invoice of this size
must name: the seller's name, address and VAT id (UID); the buyer's name and address (and UID if
given); the invoice date and its consecutive number; the period of service; quantity and
description of each line; the net amount, the VAT rate and amount, and the gross amount."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from fpdf import FPDF

from i18n import N_, translate
from licensing.bill import Bill
from licensing.plans import Seller

#: What each part of a licence is called on the page and the invoice.
ITEM_NAMES = {
    "base": N_("Basisversion"),
    "location": N_("Zusätzlicher Standort"),
    "calendar": N_("Zusätzlicher Kalender"),
}

#: Typographic characters the PDF's built-in font lacks, as it can show them.
_PLAIN = str.maketrans(
    {"–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "…": "..."}
)


def _text(value: str) -> str:
    """`value` in the built-in font's Latin-1, other characters as '?'."""
    return value.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def amount_text(amount: Decimal, currency: str, language: str) -> str:
    """1234.5 → "1.234,50 EUR" (German) or "1,234.50 EUR" (English)."""
    english = f"{amount:,.2f}"
    shown = english if language == "en" else english.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{shown} {currency}"


def date_text(day: date, language: str) -> str:
    return day.strftime("%d/%m/%Y" if language == "en" else "%d.%m.%Y")


@dataclass(frozen=True)
class Buyer:
    name: str
    address: str
    vat_id: str


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything one invoice shows."""

    label: str
    issued_on: date
    period: tuple[date, date]
    seller: Seller
    buyer: Buyer
    bill: Bill
    currency: str
    language: str


def period_text(period: tuple[date, date], language: str) -> str:
    """The period of service, its last day inclusive."""
    return f"{date_text(period[0], language)} - {date_text(period[1] - timedelta(days=1), language)}"


def render_pdf(doc: InvoiceDocument) -> bytes:
    lang = doc.language

    def say(text: str, **values: object) -> str:
        return _text(translate(lang, text, **values))

    def money(amount: Decimal) -> str:
        return amount_text(amount, doc.currency, lang)

    pdf = FPDF(format="A4")
    pdf.set_title(say(N_("Rechnung {number}"), number=doc.label))
    pdf.set_author(_text(doc.seller.name))
    # Dated by its invoice date, not the clock: the same invoice makes the same file.
    pdf.set_creation_date(datetime.combine(doc.issued_on, time(12), UTC))
    pdf.add_page()
    pdf.set_auto_page_break(True, margin=20)
    width = pdf.epw

    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(width, 6, _text(doc.seller.name), new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.set_font("Helvetica", "", 9)
    for line in doc.seller.address.splitlines():
        pdf.cell(width, 4.5, _text(line), new_x="LMARGIN", new_y="NEXT", align="R")
    if doc.seller.vat_id:
        pdf.cell(
            width,
            4.5,
            say(N_("UID: {vat_id}"), vat_id=doc.seller.vat_id),
            new_x="LMARGIN",
            new_y="NEXT",
            align="R",
        )
    if doc.seller.email:
        pdf.cell(width, 4.5, _text(doc.seller.email), new_x="LMARGIN", new_y="NEXT", align="R")

    pdf.ln(8)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(width, 5, _text(doc.buyer.name), new_x="LMARGIN", new_y="NEXT")
    for line in doc.buyer.address.replace(", ", "\n").splitlines():
        pdf.cell(width, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
    if doc.buyer.vat_id:
        pdf.cell(width, 5, say(N_("UID: {vat_id}"), vat_id=doc.buyer.vat_id), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(10)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(width, 9, say(N_("Rechnung {number}"), number=doc.label), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for label, value in (
        (N_("Rechnungsnummer"), doc.label),
        (N_("Rechnungsdatum"), date_text(doc.issued_on, lang)),
        (N_("Leistungszeitraum"), period_text(doc.period, lang)),
    ):
        pdf.cell(45, 5.5, say(label) + ":")
        pdf.cell(width - 45, 5.5, _text(value), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(6)
    columns = (
        (N_("Menge"), 18, "L"),
        (N_("Beschreibung"), 82, "L"),
        (N_("Einzelpreis"), 35, "R"),
        (N_("Betrag"), 35, "R"),
    )
    scale = width / sum(c[1] for c in columns)
    pdf.set_font("Helvetica", "B", 10)
    for title, share, align in columns:
        pdf.cell(share * scale, 7, say(title), border="B", align=align)
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for charged in doc.bill.lines:
        description = (
            say(ITEM_NAMES[charged.item])
            + ", "
            + say(N_("{days} von {period} Tagen"), days=charged.days, period=charged.period_days)
        )
        cells = (str(charged.count), description, money(charged.unit_price), money(charged.amount))
        for (_, share, align), value in zip(columns, cells, strict=True):
            pdf.cell(share * scale, 7, value, align=align)
        pdf.ln()

    pdf.ln(2)
    label_width = width - 35 * scale
    totals = (
        (say(N_("Summe netto")), money(doc.bill.net), ""),
        (say(N_("USt. {rate} %"), rate=_rate(doc.bill.vat_rate, lang)), money(doc.bill.vat), ""),
        (say(N_("Gesamtbetrag brutto")), money(doc.bill.gross), "B"),
    )
    for label, value, style in totals:
        pdf.set_font("Helvetica", style, 10)
        pdf.cell(label_width, 6.5, label, align="R", border="T" if style else "")
        pdf.cell(
            35 * scale, 6.5, value, align="R", border="T" if style else "", new_x="LMARGIN", new_y="NEXT"
        )

    pdf.ln(10)
    pdf.set_font("Helvetica", "", 9)
    if doc.seller.iban:
        pdf.multi_cell(
            width,
            4.5,
            say(
                N_(
                    "Bitte überweisen Sie den Betrag innerhalb von 14 Tagen auf IBAN {iban}{bic} unter "
                    "Angabe der Rechnungsnummer."
                ),
                iban=doc.seller.iban,
                bic=f" (BIC {doc.seller.bic})" if doc.seller.bic else "",
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())


def _rate(rate: Decimal, language: str) -> str:
    text = f"{rate.normalize():f}"
    return text if language == "en" else text.replace(".", ",")
