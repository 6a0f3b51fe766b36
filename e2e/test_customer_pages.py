"""The desk's customer list: searching as one types, group filters and pages, the customer form with
a group created in place, CSV import with its preview, and a newsletter's preview and sending."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
from playwright.async_api import BrowserContext, FilePayload, Page, Route, expect
from playwright.async_api import Error as PlaywrightError

from e2e.customer_steps import add_customer, group_id, open_customer_page
from e2e.journeys import shot
from testkit.app import ServerProcess
from testkit.flows import Business, sign_up, wait_for_mail


async def row_names(page: Page) -> list[str]:
    return await page.locator("#customer-rows .customer-link").all_inner_texts()


async def test_the_list_searches_as_one_types_filters_by_groups_and_pages(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        await add_customer(api, biz, first_name="Anna", last_name="Müller", groups=[{"name": "VIP"}])
        await add_customer(
            api, biz, first_name="Bernd", last_name="Müller", phone="0171-234 567", groups=[{"name": "Neu"}]
        )
        await add_customer(api, biz, first_name="Clara", last_name="Schmidt", groups=[{"name": "VIP"}])
        page = await open_customer_page(context, server.url, biz)
        await expect(page.locator("#result-summary")).to_have_text("3 Kunden")
        assert await row_names(page) == ["Anna Müller", "Bernd Müller", "Clara Schmidt"]

        # The first question ("m") answers slowly; the later one ("mül an") must not be overwritten by it.
        answered = asyncio.Event()

        async def slow_first_letter(route: Route) -> None:
            if "q=m&" not in route.request.url:
                await route.continue_()
                return
            await asyncio.sleep(1.2)
            try:
                await route.continue_()
            except PlaywrightError:
                pass  # the page gave up the question already
            finally:
                answered.set()

        await page.route("**/api/v1/customers?*", slow_first_letter)
        search = page.locator("#customer-search")
        async with page.expect_request(lambda r: "q=m&" in r.url):
            await search.press_sequentially("m")
        await search.press_sequentially("ül an", delay=40)
        await expect(page.locator("#result-summary")).to_have_text("1 Treffer für „mül an“")
        assert await row_names(page) == ["Anna Müller"]
        # The slow answer to "m" comes in last; once the page has had it, the list is unchanged.
        await asyncio.wait_for(answered.wait(), 10)
        await page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done(null)))")
        assert await row_names(page) == ["Anna Müller"]
        await page.unroute("**/api/v1/customers?*")

        # A phone number typed with other punctuation, then the group chips (several at once).
        await search.fill("0171 23")
        await expect(page.locator("#customer-rows .customer-link")).to_have_text(["Bernd Müller"])
        await search.fill("")
        await page.click("#group-filter .chip:has-text('VIP')")
        await expect(page.locator("#customer-rows .customer-link")).to_have_text(
            ["Anna Müller", "Clara Schmidt"]
        )
        await expect(page.locator("#group-filter .chip:has-text('VIP')")).to_have_attribute(
            "aria-pressed", "true"
        )
        await page.click("#group-filter .chip:has-text('Neu')")
        await expect(page.locator("#customer-rows .customer-link")).to_have_count(3)
        await search.fill("mül")
        await expect(page.locator("#customer-rows .customer-link")).to_have_text(
            ["Anna Müller", "Bernd Müller"]
        )
        assert "group=" in page.url and "q=m%C3%BCl" in page.url
        await page.screenshot(path=shot("customers-search-and-groups"))

        # Sixty more customers: two pages of fifty.
        lines = ["Vorname;Nachname"] + [f"Kunde;Nummer {n:02d}" for n in range(60)]
        imported = await api.post(
            "/api/v1/customers/import", content="\n".join(lines).encode(), headers=biz.auth
        )
        assert imported.json()["imported"] == 60
        await page.click("#group-filter .chip:has-text('VIP')")
        await page.click("#group-filter .chip:has-text('Neu')")
        await search.fill("")
        await expect(page.locator("#pager-text")).to_have_text("1–50 von 63")
        await page.click("#page-next")
        await expect(page.locator("#pager-text")).to_have_text("51–63 von 63")
        await expect(page.locator("#customer-rows .customer-row")).to_have_count(13)
        await expect(page.locator("#page-next")).to_be_disabled()

        # A phone: the same list, one column, usable with a thumb.
        phone = await open_customer_page(second_context, server.url, biz)
        await phone.locator("#customer-search").fill("müller")
        await expect(phone.locator("#customer-rows .customer-link")).to_have_count(2)
        await phone.screenshot(path=shot("customers-phone"), full_page=True)
        assert page.errors == [] and phone.errors == []  # type: ignore[attr-defined]


async def test_a_new_customer_with_a_group_created_in_the_form_keeps_what_was_typed_on_an_error(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        await add_customer(api, biz, first_name="Vera", last_name="Vorhanden", groups=[{"name": "VIP"}])
        page = await open_customer_page(context, server.url, biz)
        await page.click("#new-customer")
        form = page.locator("#customer-dialog")
        await expect(form).to_be_visible()
        await page.click("#cf-save")
        await expect(page.locator("#cf-first_name-error")).to_have_text(
            "Bitte geben Sie einen Vor- oder einen Nachnamen an."
        )
        await page.fill("#cf-first_name", "Anna")
        await expect(page.locator("#cf-first_name-error")).to_be_empty()
        await page.fill("#cf-last_name", "Müller")
        await page.fill("#cf-email", "anna-at-example")
        await page.fill("#cf-phone", "0664 123 4567")
        await page.fill("#cf-city", "Wien")
        await page.fill("#cf-birth_date", "1980-02-03")

        groups = page.locator("#cf-group-input")
        await groups.click()
        await groups.press_sequentially("Rückenschule")
        await expect(page.locator("#cf-group-list .combo-option")).to_have_text(
            ["„Rückenschule“ als neue Gruppe anlegen"]
        )
        await groups.press("Enter")
        await groups.press_sequentially("vi")
        await expect(page.locator("#cf-group-list .combo-option .combo-name")).to_have_text(
            ["VIP", "„vi“ als neue Gruppe anlegen"]
        )
        await groups.press("Enter")  # the first match, the group that exists
        await expect(page.locator("#cf-group-tokens .group-token")).to_have_count(2)
        await expect(page.locator("#cf-group-tokens .group-token.is-new")).to_contain_text("Rückenschule")
        await page.screenshot(path=shot("customer-form-inline-group"))

        # Enter in the empty group field saves; the server refuses the address, next to its field.
        async with page.expect_response(lambda r: r.url.endswith("/api/v1/customers")) as refused:
            await groups.press("Enter")
        assert (await refused.value).status == 400
        await expect(page.locator("#cf-email-error")).to_have_text(
            "Bitte geben Sie eine gültige E-Mail-Adresse an."
        )
        await expect(page.locator("#cf-email")).to_have_attribute("aria-invalid", "true")
        await expect(page.locator("#cf-email")).to_be_focused()
        for field, value in (
            ("first_name", "Anna"),
            ("phone", "0664 123 4567"),
            ("birth_date", "1980-02-03"),
        ):
            await expect(page.locator(f"#cf-{field}")).to_have_value(value)
        await expect(page.locator("#cf-group-tokens .group-token")).to_have_count(2)

        await page.fill("#cf-email", "anna@example.at")
        await expect(page.locator("#cf-email")).not_to_have_attribute("aria-invalid", "true")
        await page.click("#cf-save")
        await expect(form).to_be_hidden()
        await expect(page.locator("#toast")).to_contain_text("Anna Müller angelegt")
        row = page.locator("#customer-rows .customer-row", has_text="Anna Müller")
        await expect(row.locator(".group-chip")).to_have_text(["Rückenschule", "VIP"])
        await expect(page.locator("#group-filter .chip:has-text('Rückenschule')")).to_have_text(
            "Rückenschule (1)"
        )

        listed = (await api.get("/api/v1/customers", params={"q": "anna"}, headers=biz.auth)).json()
        anna = listed["customers"][0]
        assert (anna["email"], anna["birth_date"], anna["city"]) == ("anna@example.at", "1980-02-03", "Wien")
        assert sorted(g["name"] for g in anna["groups"]) == ["Rückenschule", "VIP"]
        assert await group_id(api, biz, "VIP") in {g["id"] for g in anna["groups"]}

        # The calendar's dialog completes her name through the same search.
        await page.click("#nav-calendar")
        await page.wait_for_url("**/calendar")
        await page.click("#create-button")
        await page.locator("#na-customer").press_sequentially("mül an")
        await expect(page.locator("#na-customer-list .combo-option .combo-name")).to_have_text(
            ["Anna Müller"]
        )
        assert page.errors == []  # type: ignore[attr-defined]


async def test_an_import_shows_its_preview_and_rejected_rows_before_saving(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        page = await open_customer_page(context, server.url, biz)
        await page.click("#import-button")
        # A file saved in the old Windows encoding: the server says how to save it, nothing is imported.
        latin1: FilePayload = {
            "name": "alt.csv",
            "mimeType": "text/csv",
            "buffer": "Vorname;Nachname\nJürgen;Öz\n".encode("latin-1"),
        }
        await page.set_input_files("#import-file", latin1)
        await expect(page.locator("#import-file-error")).to_contain_text("nicht UTF-8")
        csv = (
            "Vorname;Nachname;E-Mail;Geburtsdatum;Gruppen;Kundennr\n"
            "Johanna;Berger;johanna@example.at;01.02.1990;VIP, Neu;17\n"
            "Peter;Koller;kein-mail;;;18\n"
            "Karl;Fuchs;;;Rücken;19\n"
        )
        await page.set_input_files(
            "#import-file", {"name": "kunden.csv", "mimeType": "text/csv", "buffer": csv.encode()}
        )
        await expect(page.locator("#import-summary")).to_have_text(
            "2 Kunden werden übernommen, 1 Zeile nicht."
        )
        await expect(page.locator("#import-columns .column-chip.is-ignored")).to_have_text(
            "Kundennr → wird ignoriert"
        )
        await expect(page.locator("#import-preview tbody tr")).to_have_count(2)
        await expect(page.locator("#import-preview tbody tr").first).to_contain_text("01.02.1990")
        await expect(page.locator("#import-rejected li")).to_have_text(
            ["Zeile 3: Bitte geben Sie eine gültige E-Mail-Adresse an."]
        )
        await page.screenshot(path=shot("customers-import-preview"))
        assert (await api.get("/api/v1/customers", headers=biz.auth)).json()["total"] == 0

        await page.click("#import-confirm")
        await expect(page.locator("#import-done")).to_have_text("2 Kunden importiert, 1 Zeile übersprungen.")
        await page.click("#import-close")
        await expect(page.locator("#customer-rows .customer-link")).to_have_text(
            ["Johanna Berger", "Karl Fuchs"]
        )
        await expect(page.locator("#group-filter .chip")).to_have_count(3)

        async with page.expect_download() as exported:
            await page.click("#export-button")
        download = await exported.value
        assert download.suggested_filename == "kunden.csv"
        lines = Path(await download.path()).read_text(encoding="utf-8-sig").splitlines()
        assert lines[0] == "first_name;last_name;email;phone;street;postal_code;city;birth_date;groups;note"
        assert lines[1].startswith("Johanna;Berger;johanna@example.at;;;;;1990-02-01;")
        assert page.errors == []  # type: ignore[attr-defined]


async def newsletter_tab(page: Page) -> None:
    await page.click("#tab-newsletter")
    await expect(page.locator("#panel-newsletter")).to_be_visible()
    assert page.url.endswith("#newsletter")


async def confirm_newsletter(api: httpx.AsyncClient, email: str) -> None:
    """The customer opens the double opt-in link mailed for the desk's consent and presses its button."""
    (mail,) = await wait_for_mail(api, email)
    link = re.search(r"/newsletter/confirm/[A-Za-z0-9_.\-]+", mail["body"])
    assert link, mail["body"]
    page = await api.get(link.group(0))
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    done = await api.post(link.group(0), data={"csrf_token": csrf.group(1)})
    assert 'data-state="done"' in done.text


async def test_a_newsletter_is_previewed_as_the_first_recipient_gets_it_then_sent(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz: Business = await sign_up(api)
        suffix = biz.slug
        for first, last in (("Anna", "Adler"), ("Bruno", "Berg")):
            await add_customer(
                api,
                biz,
                first_name=first,
                last_name=last,
                email=f"{first.lower()}@{suffix}.example",
                groups=[{"name": "Stammkunden"}],
                newsletter=True,
            )
            await confirm_newsletter(api, f"{first.lower()}@{suffix}.example")
        await add_customer(api, biz, first_name="Ohne", last_name="Adresse", groups=[{"name": "Stammkunden"}])
        page = await open_customer_page(context, server.url, biz)
        await newsletter_tab(page)
        await page.click("#nl-groups label:has-text('Stammkunden')")
        await page.fill("#nl-body", "Ab Jänner haben wir auch samstags geöffnet.")

        # Without a subject the server says so next to the field; the text stays.
        await page.click("#nl-preview-button")
        await expect(page.locator("#nl-subject-error")).not_to_be_empty()
        await expect(page.locator("#nl-body")).to_have_value("Ab Jänner haben wir auch samstags geöffnet.")

        await page.fill("#nl-subject", "Neue Öffnungszeiten")
        await page.click("#nl-preview-button")
        await expect(page.locator("#nl-recipients")).to_have_text(
            "Geht an 2 Kunden. So kommt er beim ersten an:"
        )
        await expect(page.locator("#nl-mail-to")).to_have_text(f"anna@{suffix}.example")
        await expect(page.locator("#nl-mail-subject")).to_have_text("Neue Öffnungszeiten")
        await expect(page.locator("#nl-mail-text")).to_contain_text("Anna")
        await expect(page.locator("#nl-mail-text")).to_contain_text(
            "Ab Jänner haben wir auch samstags geöffnet."
        )
        await expect(page.locator("#nl-mail-text")).to_contain_text("/unsubscribe/")
        await page.screenshot(path=shot("customers-newsletter-preview"), full_page=True)

        await page.click("#nl-send")
        await expect(page.locator("#confirm-dialog")).to_be_visible()
        await expect(page.locator("#confirm-text")).to_contain_text("„Neue Öffnungszeiten“ geht an 2 Kunden.")
        await page.click("#confirm-ok")
        await expect(page.locator("#toast")).to_contain_text("Newsletter an 2 Kunden verschickt")
        await expect(page.locator("#sent-list .sent-subject")).to_have_text(["Neue Öffnungszeiten"])
        for first in ("anna", "bruno"):
            mail = (await wait_for_mail(api, f"{first}@{suffix}.example"))[0]
            assert mail["subject"] == "Neue Öffnungszeiten"
        assert page.errors == []  # type: ignore[attr-defined]
