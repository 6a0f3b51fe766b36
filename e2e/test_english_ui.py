"""English chosen on the staff calendar and on the booking page, in a browser that asks for German."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import local_start, log_in_on_booking_page, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import customer, sign_up

ENGLISH_DAY = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d/\d\d$")
LONG_DATE = re.compile(r"^[A-Z][a-z]+day, \d+ [A-Z][a-z]+ \d{4}$")


async def switch_to(page: Page, language: str) -> None:
    await page.get_by_role("button", name=language).click()
    await expect(page.locator("html")).to_have_attribute("lang", language[:2].lower())


async def test_the_desk_switches_the_calendar_to_english(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
    page = await open_desk(context, server.url, biz, local_start(0, 9))
    await expect(page.locator("#today-button")).to_have_text("Heute")

    await switch_to(page, "English")
    await page.wait_for_selector("#calendar .ec-body")
    toolbar = page.locator("header.topbar")
    await expect(toolbar.locator("#today-button")).to_have_text("Today")
    await expect(toolbar.locator("#view-switch button")).to_have_text(["Day", "Week", "Month", "List"])
    await expect(toolbar.locator("#next-button")).to_have_attribute("aria-label", "Next day")
    await expect(page.locator("#date-label")).to_have_text(re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), "))
    await expect(toolbar.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")

    # The calendar component's own words and dates follow: day headers, the empty list.
    await toolbar.get_by_role("button", name="Week").click()
    headers = page.locator("#calendar .ec-col-head")
    await expect(headers.first).to_have_text(ENGLISH_DAY)
    await expect(headers.first.locator("time")).to_have_attribute("aria-label", LONG_DATE)
    await toolbar.get_by_role("button", name="List").click()
    await expect(page.get_by_text("No appointments in this period.")).to_be_visible()
    await page.screenshot(path=shot("calendar-english"))

    # The choice is kept: the settings page and a reload speak English too.
    await page.click("a#settings-link")
    await page.wait_for_url("**/settings")
    await expect(page.locator("h1.settings-title")).to_have_text("Settings")
    await expect(page.get_by_role("link", name="Opening hours")).to_be_visible()
    await page.go_back()
    await expect(page.locator("#today-button")).to_have_text("Today")

    await switch_to(page, "Deutsch")
    await expect(page.locator("#today-button")).to_have_text("Heute")
    await page.close()


async def test_a_customer_books_in_english(server: ServerProcess, context: BrowserContext) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
    page = await context.new_page()
    await page.goto(f"{server.url}/book/{biz.slug}")
    title = page.locator("#step-title")
    await expect(title).to_have_text("Welche Leistung möchten Sie buchen?")

    await switch_to(page, "English")
    await expect(title).to_have_text("Which service would you like to book?")
    assert page.url.endswith("?lang=en")
    await expect(page.locator("#progress-steps")).to_contain_text("Service")
    await page.click(f".service[data-service-id='{biz.service_id}']")
    await expect(title).to_have_text("When suits you?")
    await expect(page.locator(".day .day-name").first).to_have_text(re.compile(r"^[A-Z][a-z]{2}$"))
    await expect(page.locator(".times-day")).to_have_text(LONG_DATE)
    await expect(page.locator(".slot").first).not_to_have_attribute("aria-label", re.compile("Uhr"))
    await page.screenshot(path=shot("booking-english"))

    await page.reload()
    await expect(title).to_have_text("Which service would you like to book?")
    await page.close()


async def test_the_account_language_counts_after_log_in(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, token = await customer(api, "Emma")
        changed = await api.patch(
            "/api/v1/customer/me", json={"language": "en"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert changed.status_code == 200
    start = local_start(2, 10)
    page = await context.new_page()
    await page.goto(f"{server.url}/book/{biz.slug}")
    await page.click(f".service[data-service-id='{biz.service_id}']")
    await page.click(f".day[data-date='{start.date().isoformat()}']")
    await page.click(f".slot[data-start='{start.isoformat()}']")
    await expect(page.locator("#step-title")).to_have_text("Melden Sie sich an")

    await log_in_on_booking_page(page, email)
    await expect(page.locator("#step-title")).to_have_text("Enter your security code")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.get_by_role("button", name="Confirm booking")).to_be_visible()
    await page.close()
