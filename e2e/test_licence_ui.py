"""The owner upgrades from the trial under Settings → Licence, books an add-on, and a month later
downloads the invoice from the same page: the PDF read back holds its number and amounts."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import BrowserContext, expect
from pypdf import PdfReader

from e2e.conftest import _env
from e2e.journeys import shot
from e2e.test_settings_ui import open_settings
from testkit.app import SHIPPED_PLANS, ServerProcess
from testkit.flows import sign_up


@pytest.fixture
async def shipped(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    """A server on the plans the product ships with: a trial of one location and two calendars."""
    data = tmp_path_factory.mktemp("e2e-licence")
    process = ServerProcess(_env(data, DATABASE_URL=f"sqlite:///{data / 'e2e.db'}", PLANS_FILE=SHIPPED_PLANS))
    await process.start()
    yield process
    process.stop()


async def test_the_owner_upgrades_the_trial_and_downloads_the_invoice(
    shipped: ServerProcess, context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=shipped.url) as api:
        biz = await sign_up(api)
        page = await open_settings(context, shipped.url, biz)
        await page.click("a[href='#lizenz']")
        section = page.locator("#lizenz")
        await expect(section.locator("#licence-plan")).to_contain_text("Kennenlernversion bis")
        await expect(section.locator("#addons-form")).to_be_hidden()

        await section.get_by_role("button", name="Auf die Basisversion umsteigen").click()
        await expect(page.locator("#toast")).to_contain_text("Sie nutzen jetzt die Basisversion")
        await expect(section.locator("#licence-plan")).to_have_text("Sie nutzen die Basisversion.")
        await expect(section.locator("#next-invoice-lines")).to_contain_text("1 × Basisversion")

        await section.get_by_label("Zusätzliche Kalender").fill("1")
        await section.get_by_role("button", name="Zusatzpakete speichern").click()
        await expect(page.locator("#toast")).to_contain_text("Zusatzpakete gespeichert")
        await expect(section.locator("#includes-calendars")).to_have_text("2")
        await expect(section.locator("#next-invoice-lines")).to_contain_text("Zusätzlicher Kalender")

        # Giving the add-on up while its calendar is in use names the calendars to deactivate first.
        added = await api.post("/api/v1/staff", json={"name": "Anna Berger"}, headers=biz.auth)
        assert added.status_code == 201, added.text
        await section.get_by_label("Zusätzliche Kalender").fill("0")
        await section.get_by_role("button", name="Zusatzpakete speichern").click()
        await expect(section.locator("#addons-problem")).to_contain_text("Anna Berger")
        await section.screenshot(path=shot("settings-licence"))

        # A month on: the upgrade lies 40 days back, and the restarted server makes the invoice.
        shipped.stop()
        database = shipped.env["DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(database) as db:
            db.execute("UPDATE licence_changes SET at = strftime('%Y-%m-%d %H:%M:%f000', at, '-40 days')")
        await shipped.start()
        await page.reload()
        link = section.locator("#invoice-list a").first
        await expect(link).to_contain_text("Rechnung RE-")
        async with page.expect_download() as downloading:
            await link.click()
        download = await downloading.value
        saved = tmp_path / "invoice.pdf"
        await download.save_as(saved)
        text = "\n".join(p.extract_text() for p in PdfReader(saved).pages)
        number = (await link.inner_text()).removeprefix("Rechnung ").strip()
        assert f"Rechnung {number}" in text and "Basisversion" in text and "29,00 EUR" in text
        assert "USt. 20 %" in text and biz.slug in text
        assert page.errors == []  # type: ignore[attr-defined]
