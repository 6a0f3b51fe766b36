"""axe-core (from npm) inside the browser on the pages people use: sign-up and log-in, every step
of the booking page, the customer's account, the customers list and record, the settings, and the
staff calendar in its day, week, month and list views with an appointment in them, in German and
English. None may have a critical or serious violation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, expect

from e2e.customer_steps import add_customer, book_for, open_customer_page
from e2e.journeys import local_start, log_in_on_booking_page, sign_in
from testkit.app import ServerProcess
from testkit.flows import code_for, customer, sign_up

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


async def violations(page: Page) -> list[dict[str, Any]]:
    """The critical and serious findings of axe-core on the page as it is now."""
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.add_script_tag(path=str(AXE))
    result = await page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [
        {"rule": v["id"], "impact": v["impact"], "where": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


async def assert_accessible(page: Page, what: str) -> None:
    found = await violations(page)
    assert found == [], f"{what}: {found}"


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_the_public_pages_and_every_booking_step(
    server: ServerProcess, second_context: BrowserContext, lang: str
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api, "Alma")
        page = await second_context.new_page()
        for path in ("/signup", "/login"):
            await page.goto(f"{server.url}{path}?lang={lang}")
            await assert_accessible(page, path)

        start = local_start(2, 10)
        await page.goto(f"{server.url}/book/{biz.slug}?lang={lang}")
        await assert_accessible(page, "booking: service")
        await page.click(f".service[data-service-id='{biz.service_id}']")
        await expect(page.locator(f".day[data-date='{start.date().isoformat()}']")).to_be_visible()
        await page.click(f".day[data-date='{start.date().isoformat()}']")
        await expect(page.locator(f".slot[data-start='{start.isoformat()}']")).to_be_visible()
        await assert_accessible(page, "booking: day and time")
        await page.click(f".slot[data-start='{start.isoformat()}']")
        await expect(page.locator("form.account-form")).to_be_visible()
        await assert_accessible(page, "booking: log-in or registration")
        await log_in_on_booking_page(page, email)
        await expect(page.locator("input[name=code]")).to_be_visible()
        await assert_accessible(page, "booking: the code")
        await page.fill("input[name=code]", await code_for(api, email))
        await page.keyboard.press("Enter")
        await expect(page.locator(".done-list")).to_be_visible()
        await assert_accessible(page, "booking: done")

        await page.goto(f"{server.url}/account?lang={lang}")
        await expect(page.locator("main")).to_be_visible()
        await assert_accessible(page, "account")
        await page.close()


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_the_desk_pages(server: ServerProcess, context: BrowserContext, lang: str) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        record = await add_customer(api, biz, first_name="Bruno", last_name="Berg", email="bruno@example.com")
        page = await open_customer_page(context, server.url, biz, f"/customers/{record}?lang={lang}")
        await assert_accessible(page, "customer record")
        await page.goto(f"{server.url}/customers?lang={lang}")
        await expect(page.locator("#customer-rows .customer-link")).to_have_count(1)
        await assert_accessible(page, "customers")
        await page.goto(f"{server.url}/settings?lang={lang}")
        await expect(page.locator("#oeffnungszeiten [data-hours-editor]").first).to_be_visible()
        await expect(page.locator("#people-list .person")).to_have_count(1)
        await assert_accessible(page, "settings")
        # tomorrow, so that it lies ahead at any hour the tests run; the calendar opens on its day
        start = local_start(1, 10)
        await book_for(api, biz, record, start)
        calendar = await sign_in(context, server.url, biz)
        await calendar.goto(f"{server.url}/calendar?lang={lang}&date={start.date().isoformat()}")
        for view in ("resourceTimeGridDay", "resourceTimeGridWeek", "dayGridMonth", "list"):
            await calendar.click(f"#view-switch [data-view='{view}']")
            await expect(calendar.locator(f"#view-switch [data-view='{view}']")).to_have_attribute(
                "aria-pressed", "true"
            )
            await expect(calendar.locator("#calendar [data-appointment-id]").first).to_be_visible()
            await assert_accessible(calendar, f"calendar: {view}")
