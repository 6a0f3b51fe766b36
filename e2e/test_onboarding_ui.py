"""A new practice from sign-up to its first online booking, following only the set-up's checklist;
the tour of every staff page finds each control it points at; the help filters as one types."""

from __future__ import annotations

import io
import re
import secrets
from datetime import datetime

import httpx
import pypdf
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import local_start, log_in_on_booking_page, shot
from testkit.app import ServerProcess, link_token
from testkit.flows import OWNER_LINK, code_for, sign_up, wait_for_mail

PASSWORD = "correct horse battery"


async def _sign_up_in_the_browser(context: BrowserContext, base_url: str) -> tuple[Page, str]:
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    slug = f"physio-{secrets.token_hex(4)}"
    await page.goto(f"{base_url}/signup")
    await page.fill("input[name=business_name]", "Physio Müller")
    await page.fill("input[name=slug]", slug)
    await page.fill("input[name=email]", f"{slug}@owner.example")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("#signup-form button[type=submit]")
    await page.wait_for_url("**/setup")
    return page, slug


def _next_weekday(hour: int) -> datetime:
    """A start two or more days ahead on a weekday, inside the preset opening hours (Mon–Fri 8–18)."""
    for days in range(2, 9):
        start = local_start(days, hour)
        if start.weekday() < 5:
            return start
    raise AssertionError("no weekday within a week")


async def _step_done(page: Page, key: str) -> None:
    await expect(page.locator(f"#step-{key}")).to_have_attribute("data-done", "True")


async def test_a_new_practice_follows_the_checklist_to_a_confirmed_online_booking(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    desk, slug = await _sign_up_in_the_browser(context, server.url)
    await expect(desk.locator("#setup-not-ready")).to_be_visible()
    await expect(desk.locator("#setup-link")).to_contain_text("1/7")
    for key in ("verified", "company", "services", "calendars", "booking_mode", "share"):
        await expect(desk.locator(f"#step-{key}")).to_have_attribute("data-done", "False")
    await desk.screenshot(path=shot("setup-fresh"), full_page=True)

    # The calendar, still empty, leads back to the services.
    await desk.goto(f"{server.url}/calendar")
    await expect(desk.locator("#calendar-empty")).to_contain_text("Noch keine Leistungen")
    await desk.click("#calendar-empty-action")
    await desk.wait_for_url("**/setup#step-services")

    # An empty customer list leads on too: the first customer, or a list to import.
    await desk.goto(f"{server.url}/customers")
    await expect(desk.locator("#list-empty")).to_contain_text("Noch keine Kunden")
    await desk.click("#empty-new-customer")
    await expect(desk.locator("#customer-dialog")).to_be_visible()
    await expect(desk.locator("#cf-title")).to_have_text("Neuer Kunde")
    await desk.keyboard.press("Escape")
    await desk.goto(f"{server.url}/setup")

    # Company data: the step's button leads to the settings' section.
    await desk.locator("#step-company").get_by_role("link", name="Firmendaten eintragen").click()
    await desk.wait_for_url("**/settings#unternehmen")
    await desk.locator("#company-form").get_by_label("Telefon").fill("+43 1 234 56 78")
    async with desk.expect_response(lambda r: r.url.endswith("/api/v1/company")) as saved:
        await desk.click("#company-save")
    assert (await saved.value).status == 200
    await desk.click("#setup-link")
    await desk.wait_for_url("**/setup")
    await _step_done(desk, "company")

    # A starter set makes the services, and the owner's calendar offers them in the opening hours.
    await desk.locator("#step-services").get_by_role("button", name="Physiotherapie").click()
    await _step_done(desk, "services")
    await _step_done(desk, "calendars")
    await expect(desk.locator("#setup-services")).to_contain_text("Lymphdrainage")
    await expect(desk.locator("#setup-ready")).to_have_count(0)  # not before the address is confirmed

    # The address: the step mails its link again; opening it puts the booking page online.
    await desk.click("#setup-verify-resend")
    await desk.wait_for_url("**/setup?verification=mailed")
    async with httpx.AsyncClient(base_url=server.url) as api:
        mails = await wait_for_mail(api, f"{slug}@owner.example", count=2)  # newest first
    links = [m.group(0) for mail in mails if (m := OWNER_LINK.search(mail["body"]))]
    assert len(links) >= 2, mails  # the mail of the sign-up and the one sent again
    verifying = await context.new_page()
    await verifying.goto(f"{server.url}{links[0]}")
    await verifying.click("button[type=submit]")
    await verifying.close()
    await desk.goto(f"{server.url}/setup")
    await _step_done(desk, "verified")
    await expect(desk.locator("#setup-ready")).to_contain_text("Kunden können jetzt online buchen.")

    await desk.locator("#step-booking_mode").get_by_role("button", name="So passt es").click()
    await _step_done(desk, "booking_mode")

    # The card to print carries the link (fetched with the page's session: a browser's download of a
    # PDF can wait for ever where the machine is busy).
    card_link = desk.locator("#setup-downloads").get_by_role("link", name="Karte A6 (PDF)")
    await expect(card_link).to_be_visible()
    fetched = await desk.request.get(f"{server.url}{await card_link.get_attribute('href')}")
    assert fetched.ok and fetched.headers["content-type"] == "application/pdf"
    card = pypdf.PdfReader(io.BytesIO(await fetched.body()))
    assert f"/book/{slug}" in card.pages[0].extract_text()
    await desk.locator("#step-share").get_by_role("button", name="Erledigt").click()
    await _step_done(desk, "share")
    await expect(desk.locator("#setup-link")).to_have_count(0)  # every step done: no more offer
    booking_url = await desk.locator("#setup-booking-link").get_attribute("href")
    assert booking_url and booking_url.endswith(f"/book/{slug}")
    await desk.screenshot(path=shot("setup-done"), full_page=True)
    assert desk.errors == []  # type: ignore[attr-defined]

    # A customer registers on the booking page, confirms the address, books and enters the code.
    start = _next_weekday(10)
    async with httpx.AsyncClient(base_url=server.url) as api:
        public = (await api.get(f"/api/v1/public/{slug}")).json()
        service_id = next(s["id"] for s in public["services"] if s["name"] == "Physiotherapie")
        page = await second_context.new_page()
        await page.goto(booking_url)
        await page.click(f".service[data-service-id='{service_id}']")
        await page.click(f".day[data-date='{start.date().isoformat()}']")
        await page.click(f".slot[data-start='{start.isoformat()}']")
        email = f"kundin-{secrets.token_hex(4)}@customer.example"
        await page.click("#tab-register")
        await page.fill("input[name=first_name]", "Nora")
        await page.fill("input[name=last_name]", "Neu")
        await page.fill("input[name=email]", email)
        await page.fill("input[name=password]", "a good password")
        await page.click("form button[type=submit]")
        link = f"{server.url}/verify/{link_token((await wait_for_mail(api, email))[0]['body'])}"
        opened = await second_context.new_page()
        await opened.goto(link)
        await opened.click("button[type=submit]")
        await expect(opened.get_by_text("bestätigt").first).to_be_visible()
        await opened.close()
        await page.click("#tab-login")
        async with page.expect_response(lambda r: r.url.endswith("/holds")) as held:
            await log_in_on_booking_page(page, email)
        assert (await held.value).status == 201
        await page.fill("input[name=code]", await code_for(api, email))
        await page.keyboard.press("Enter")
        await expect(page.locator("#book[data-step='done']")).to_be_visible()

    listed = await desk.request.get(
        f"{server.url}/api/v1/appointments", params={"from": start.date().isoformat()}
    )
    (booked,) = (await listed.json())["appointments"]
    assert (booked["status"], booked["customer_name"]) == ("booked", "Nora Neu")
    assert datetime.fromisoformat(booked["start"]) == start


async def _walk_the_tour(page: Page, start: str = "#tour-button") -> list[str]:
    """Starts the page's tour (from its question mark) and goes through every step: each must point
    at a control that is there and shown. Returns the titles."""
    await page.click(start)
    popover = page.locator(".driver-popover")
    await expect(popover).to_be_visible()
    total = int(re.findall(r"\d+", await popover.locator(".driver-popover-progress-text").inner_text())[-1])
    titles = []
    for step in range(1, total + 1):
        await expect(popover.locator(".driver-popover-progress-text")).to_have_text(
            re.compile(rf"^{step} (von|of) {total}$")
        )
        # driver.js highlights a stand-in of its own where a step's element is missing
        await expect(page.locator("#driver-dummy-element")).to_have_count(0)
        active = page.locator(".driver-active-element")
        await expect(active.first).to_be_visible()
        for index in range(await active.count()):
            await expect(active.nth(index)).to_be_visible()
        titles.append(await popover.locator(".driver-popover-title").inner_text())
        await popover.locator(".driver-popover-next-btn").click()
    await expect(popover).to_have_count(0)
    return titles


async def test_every_staff_page_offers_its_tour_once_and_each_step_finds_its_control(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        made = await api.post(
            "/api/v1/customers", json={"first_name": "Eva", "last_name": "Berger"}, headers=biz.auth
        )
        assert made.status_code == 201, made.text
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(f"{server.url}/login")
    await page.fill("input[name=email]", f"{biz.slug}@owner.example")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/calendar")
    await page.wait_for_selector("#calendar .ec-main")

    # The first visit offers the tour; a second visit does not.
    await expect(page.locator("#tour-offer")).to_be_visible()
    await page.click("#tour-offer-no")
    await page.reload()
    await page.wait_for_selector("#calendar .ec-main")
    await expect(page.locator("#tour-offer")).to_have_count(0)
    calendar = await _walk_the_tour(page)
    assert calendar[0] == "Neuer Eintrag" and "Buchungslink" in calendar and calendar[-1] == "Hilfe und Tour"
    # the panel of the booking link offers the QR code and the cards
    await page.click("#booking-link-button")
    await expect(page.locator("#download-card")).to_have_attribute("href", "/api/v1/booking-link/card.pdf")

    pages = {
        "/customers": "Suchen",
        f"/customers/{made.json()['id']}": "Der Kunde",
        "/settings": "Bereiche",
        "/setup": "Einrichtung",
    }
    for path, first in pages.items():
        await page.goto(f"{server.url}{path}")
        await expect(page.locator("#tour-offer")).to_be_visible()
        titles = await _walk_the_tour(page, "#tour-offer-yes")  # the offer starts the tour
        assert titles[0] == first and titles[-1] == "Hilfe und Tour", (path, titles)

    # The tour speaks English on an English page.
    await page.goto(f"{server.url}/settings?lang=en")
    titles = await _walk_the_tour(page)
    assert titles[0] == "Sections", titles
    assert titles[-1] == "Help and tour"
    assert errors == []


async def test_the_help_filters_as_one_types_and_each_settings_section_links_to_its_answer(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
    page = await context.new_page()
    await page.goto(f"{server.url}/help")
    entries = page.locator("details.help-entry")
    everything = await entries.count()
    assert everything >= 25
    await page.fill("#help-search", "rote schloss")
    await expect(page.locator("details.help-entry:visible")).to_have_count(1)
    await expect(page.locator("#rotes-schloss")).to_have_attribute("open", "")
    await page.fill("#help-search", "öffnungszeiten außerhalb")
    await expect(page.locator("#ausserhalb")).to_be_visible()
    await page.fill("#help-search", "xylophon")
    await expect(page.locator("#help-none")).to_be_visible()
    await page.fill("#help-search", "")
    await expect(page.locator("details.help-entry:visible")).to_have_count(everything)

    await page.goto(f"{server.url}/help?lang=en#leistungen")
    await expect(page.locator("#leistungen")).to_have_attribute("open", "")
    await expect(page.locator("#leistungen summary")).to_have_text("How do I add, change or delete services?")

    await page.goto(f"{server.url}/login?lang=de")
    await page.fill("input[name=email]", f"{biz.slug}@owner.example")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/calendar")
    await page.goto(f"{server.url}/settings")
    sections = page.locator("section.settings-section")
    for index in range(await sections.count()):
        section = sections.nth(index)
        link = section.locator("h2 + a.help-link")
        await expect(link).to_have_count(1)
        target = (await link.get_attribute("href") or "").split("#")[1]
        assert await page.evaluate(
            "id => fetch('/help').then(r => r.text()).then(t => t.includes(`id=\"${id}\"`))", target
        )
