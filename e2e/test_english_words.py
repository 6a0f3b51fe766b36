"""No German in the English interface: every text a person can read or hear on the pages (text,
and the labels, titles, placeholders and descriptions that screen readers and tooltips give,
including dialogs not open yet) is English once English is chosen. The business's own data
(its name, its services, its customers) is what it is and is left out."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.customer_steps import add_customer, open_customer_page
from e2e.journeys import local_start, log_in_on_booking_page, sign_in
from testkit.app import ServerProcess
from testkit.flows import Business, code_for, customer, sign_up

# Letters and words that only German has; a few common ones suffice to catch an untranslated text.
GERMAN = re.compile(
    r"[äöüÄÖÜß]|\b(?:und|oder|nicht|bitte|Bitte|Sie|Ihr|Ihre|Ihren|für|mit|zum|zur|der|die|das|dem|"
    r"ein|eine|einen|ist|sind|wird|kein|keine|noch|Termine?|Kalender|Kunden?|Leistung(?:en)?|"
    r"Speichern|Abbrechen|Schließen|Einstellungen|Woche|Heute|Monat|Uhr|Zeiten|Standort|"
    r"Abwesenheit|Nachricht|Notiz|Gruppen?|Anfragen?|Absagen|Verschieben|Neu)\b"
)

# Every text node and every attribute that is read out or shown, with where it is.
READ_TEXTS = """() => {
  const out = [];
  const where = (el) => {
    const tag = el.tagName.toLowerCase();
    return el.id ? `#${el.id}` : el.className ? `${tag}.${String(el.className).split(" ")[0]}` : tag;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, [translate=no]")) continue;
    const text = node.textContent.trim();
    if (text) out.push([where(parent), text]);
  }
  const names = ["aria-label", "title", "placeholder", "alt", "aria-description"];
  for (const el of document.querySelectorAll(names.map((name) => `[${name}]`).join(", "))) {
    for (const name of names) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push([`${where(el)}[${name}]`, value.trim()]);
    }
  }
  out.push(["title", document.title]);
  return out;
}"""


async def german_on(page: Page, data: list[str]) -> list[tuple[str, str]]:
    """What reads German on the page, the business's own data aside."""
    found = []
    for place, text in await page.evaluate(READ_TEXTS):
        # The product's name ("Termine") is a name, in the brand link and the window title.
        if place == "a.brand":
            continue
        rest = text.removesuffix(" – Termine") if place == "title" else text
        for value in data:
            rest = rest.replace(value, "")
        # The language switch names each language in its own language.
        rest = rest.replace("Deutsch", "")
        if GERMAN.search(rest):
            found.append((place, text))
    return found


def data_of(biz: Business, *more: str) -> list[str]:
    return [f"Praxis {biz.slug}", "Behandlung", *more]


async def test_the_booking_page_and_account_speak_english(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api, "Alma")
        data = data_of(biz, "Alma", email)
        page = await second_context.new_page()
        for path in ("/signup", "/login"):
            await page.goto(f"{server.url}{path}?lang=en")
            assert await german_on(page, data) == [], path

        start = local_start(2, 10)
        await page.goto(f"{server.url}/book/{biz.slug}?lang=en")
        assert await german_on(page, data) == [], "booking: service"
        await page.click(f".service[data-service-id='{biz.service_id}']")
        await page.click(f".day[data-date='{start.date().isoformat()}']")
        await expect(page.locator(f".slot[data-start='{start.isoformat()}']")).to_be_visible()
        assert await german_on(page, data) == [], "booking: day and time"
        await page.click(f".slot[data-start='{start.isoformat()}']")
        await expect(page.locator("form.account-form")).to_be_visible()
        assert await german_on(page, data) == [], "booking: log-in"
        await log_in_on_booking_page(page, email)
        await expect(page.locator("input[name=code]")).to_be_visible()
        assert await german_on(page, data) == [], "booking: the code"
        await page.fill("input[name=code]", await code_for(api, email))
        await page.keyboard.press("Enter")
        await expect(page.locator(".done-list")).to_be_visible()
        assert await german_on(page, data) == [], "booking: done"

        await page.goto(f"{server.url}/account?lang=en")
        await expect(page.locator("main")).to_be_visible()
        assert await german_on(page, data) == [], "account"
        await page.close()


async def test_the_desk_pages_speak_english(server: ServerProcess, context: BrowserContext) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        record = await add_customer(api, biz, first_name="Bruno", last_name="Berg", email="bruno@example.com")
        data = data_of(biz, "Bruno", "Berg", "bruno@example.com")
        page = await open_customer_page(context, server.url, biz, f"/customers/{record}?lang=en")
        assert await german_on(page, data) == [], "customer record"
        await page.goto(f"{server.url}/customers?lang=en")
        await expect(page.locator("#customer-rows .customer-link")).to_have_count(1)
        assert await german_on(page, data) == [], "customers"
        await page.goto(f"{server.url}/settings?lang=en")
        await expect(page.locator("#oeffnungszeiten [data-hours-editor]").first).to_be_visible()
        assert await german_on(page, data) == [], "settings"

        calendar = await sign_in(context, server.url, biz)
        await calendar.goto(f"{server.url}/calendar?lang=en")
        await calendar.wait_for_selector("#calendar .ec-body")
        assert await german_on(calendar, data) == [], "calendar"
        await calendar.click("#create-button")
        await expect(calendar.locator("#new-appointment")).to_be_visible()
        assert await german_on(calendar, data) == [], "calendar: a new appointment"
