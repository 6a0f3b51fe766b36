"""The monthly invoice: made once on the billing day for the period just ended, with the days each
add-on was held, numbered without gaps, stored, listed under Settings → Licence, mailed to the owner
as a PDF attachment in their language; the PDF is read back (pypdf) for its text and amounts."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from actions import invoices
from mail.sender import build_email
from store.schema import invoices as invoices_table
from testkit.app import SHIPPED_PLANS, InProcess, in_process, settings_for
from testkit.flows import sign_up
from testkit.stand_ins import Clock

#: The day the owners upgrade, in the shipped plans' country (Vienna: 11:00 local).
UPGRADE = datetime(2027, 3, 10, 10, 0, tzinfo=UTC)


def at(clock: Clock, when: datetime) -> None:
    clock.offset = when - datetime.now(UTC)


@pytest.fixture
async def licensed(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url, plans_file=SHIPPED_PLANS), clock=clock) as running:
        yield running


async def invoices_of(app: InProcess, tenant_id: str) -> int:
    async with app.deps.store.read() as conn:
        return len(
            (
                await conn.execute(select(invoices_table.c.id).where(invoices_table.c.tenant_id == tenant_id))
            ).all()
        )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def test_the_invoice_bills_the_days_held_once_and_reads_back(licensed: InProcess, clock: Clock) -> None:
    client = licensed.client
    at(clock, UPGRADE)
    biz = await sign_up(client)
    buyer = await client.put(
        "/api/v1/licence/buyer",
        json={
            "name": "Physio Huber OG",
            "address": "Landstraße 5\n4020 Linz",
            "country": "AT",
            "vat_id": "ATU99999999",
        },
        headers=biz.auth,
    )
    assert buyer.status_code == 200, buyer.text
    up = await client.post("/api/v1/licence/upgrade", headers=biz.auth)
    assert up.status_code == 200, up.text
    # Ten days later a second calendar is booked: 21 of the period's 31 days.
    at(clock, UPGRADE + timedelta(days=10))
    more = await client.put(
        "/api/v1/licence/add-ons", json={"extra_locations": 0, "extra_calendars": 1}, headers=biz.auth
    )
    assert more.status_code == 200, more.text
    preview = more.json()["next_invoice"]
    assert (preview["made_on"], preview["period_start"], preview["period_end"]) == (
        "2027-04-10",
        "2027-03-10",
        "2027-04-09",
    )
    assert [(line["item"], line["days"], line["amount"]) for line in preview["lines"]] == [
        ("base", 31, "29.00"),
        ("calendar", 21, "12.87"),
    ]
    assert (preview["net"], preview["vat"], preview["gross"]) == ("41.87", "8.37", "50.24")

    # The day before the billing day nothing is due; on it, the invoice is made once.
    # (Other tests' businesses in the same database may be due on these days too: count this one's.)
    at(clock, datetime(2027, 4, 9, 20, 0, tzinfo=UTC))
    await invoices.make_due(licensed.deps)
    assert await invoices_of(licensed, biz.tenant_id) == 0
    at(clock, datetime(2027, 4, 10, 5, 0, tzinfo=UTC))
    assert await invoices.make_due(licensed.deps) >= 1
    assert await invoices_of(licensed, biz.tenant_id) == 1
    await invoices.make_due(licensed.deps)
    assert await invoices_of(licensed, biz.tenant_id) == 1

    licence = (await client.get("/api/v1/licence", headers=biz.auth)).json()
    (made,) = licence["invoices"]
    assert (made["period_start"], made["period_end"], made["gross"]) == ("2027-03-10", "2027-04-09", "50.24")
    download = await client.get(made["url"], headers=biz.auth)
    assert download.status_code == 200 and download.headers["content-type"] == "application/pdf"
    text = pdf_text(download.content)
    for shown in (
        f"Rechnung {made['number']}",
        "Termine Betriebs GmbH",
        "UID: ATU12345678",
        "Physio Huber OG",
        "Landstraße 5",
        "UID: ATU99999999",
        "Rechnungsdatum",
        "10.04.2027",
        "10.03.2027 - 09.04.2027",
        "Basisversion, 31 von 31 Tagen",
        "Zusätzlicher Kalender, 21 von 31 Tagen",
        "29,00 EUR",
        "12,87 EUR",
        "41,87 EUR",
        "USt. 20 %",
        "8,37 EUR",
        "50,24 EUR",
        "AT61 1904 3002 3457 3201",
    ):
        assert shown in text, (shown, text)

    # The owner gets it by mail, the PDF attached as it is stored.
    (mail,) = [
        m for m in await licensed.outbox_to(f"{biz.slug}@owner.example") if m["kind"] == "licence_invoice"
    ]
    assert made["number"] in mail["subject"] and "50,24 EUR" in mail["body"]
    (attached,) = mail["attachments"]
    assert base64.b64decode(attached["content"]) == download.content
    sent = build_email(mail, "Termine <noreply@termine.local>")
    (part,) = list(sent.iter_attachments())
    assert part.get_content_type() == "application/pdf"
    assert part.get_content() == download.content

    # Another business's owner cannot fetch it.
    other = await sign_up(client)
    assert (await client.get(made["url"], headers=other.auth)).status_code == 404


async def test_the_invoice_is_in_the_owners_language(licensed: InProcess, clock: Clock) -> None:
    client = licensed.client
    at(clock, UPGRADE)
    biz = await sign_up(client)
    english = {**biz.auth, "Accept-Language": "en"}
    assert (await client.post("/api/v1/licence/upgrade", headers=english)).status_code == 200
    at(clock, datetime(2027, 4, 10, 5, 0, tzinfo=UTC))
    await invoices.make_due(licensed.deps)
    (made,) = (await client.get("/api/v1/licence", headers=english)).json()["invoices"]
    text = pdf_text((await client.get(made["url"], headers=biz.auth)).content)
    for shown in (
        f"Invoice {made['number']}",
        "Base licence, 31 of 31 days",
        "29.00 EUR",
        "VAT 20 %",
        "34.80 EUR",
    ):
        assert shown in text, (shown, text)
    (mail,) = [
        m for m in await licensed.outbox_to(f"{biz.slug}@owner.example") if m["kind"] == "licence_invoice"
    ]
    assert mail["subject"].startswith("Your invoice")


async def test_the_trial_brings_no_invoice(licensed: InProcess, clock: Clock) -> None:
    at(clock, UPGRADE)
    biz = await sign_up(licensed.client)
    at(clock, UPGRADE + timedelta(days=45))
    await invoices.make_due(licensed.deps)
    licence = (await licensed.client.get("/api/v1/licence", headers=biz.auth)).json()
    assert licence["invoices"] == [] and licence["next_invoice"] is None
