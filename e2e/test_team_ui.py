"""The team from the pages: the owner invites a receptionist in the settings, she joins through the
mailed link and lands in the calendar; the owner narrows her rights, which her pages follow, and
deactivates her, which ends her log-in. The section reads English on an English page."""

from __future__ import annotations

import httpx
from playwright.async_api import BrowserContext, Locator, Page, expect

from e2e.journeys import shot, sign_in
from e2e.test_english_words import data_of, german_on
from testkit.app import ServerProcess
from testkit.flows import Business, invitation_token, join_team, sign_up, wait_for_mail


def person_row(page: Page, email: str) -> Locator:
    return page.locator(f'#people-list .person[data-email="{email}"]')


async def invite(page: Page, email: str, name: str, preset: str) -> None:
    """The invitation form of the settings filled and sent: no calendar of her own, which is what
    the form offers for anyone but a practitioner until a calendar is chosen."""
    await page.fill("#invite-email", email)
    await page.fill("#invite-name", name)
    await page.select_option("#invite-preset", "provider")
    await expect(page.locator("#invite-calendar")).to_have_value("new")
    await page.select_option("#invite-preset", preset)
    if preset != "provider":
        await expect(page.locator("#invite-calendar")).to_have_value("")
    await page.select_option("#invite-calendar", "")
    await page.click("#invite-button")


async def owner_settings(context: BrowserContext, base_url: str, biz: Business, lang: str = "de") -> Page:
    page = await sign_in(context, base_url, biz)
    await page.goto(f"{base_url}/settings?lang={lang}#mitarbeiter")
    await expect(person_row(page, f"{biz.slug}@owner.example")).to_be_visible()
    return page


async def test_a_receptionist_is_invited_joins_is_restricted_and_deactivated(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        owner = await owner_settings(context, server.url, biz)
        email = f"rita.{biz.slug}@example.com"
        await invite(owner, email, "Rita Empfang", "reception")
        row = person_row(owner, email)
        await expect(row).to_contain_text("Eingeladen bis")
        await expect(row).to_contain_text("Empfang · Verwaltung, ohne Kalender")
        await expect(
            row.get_by_role("button", name="Einladung an Rita Empfang erneut senden")
        ).to_be_visible()
        await expect(row.get_by_role("button", name="Einladung an Rita Empfang zurücknehmen")).to_be_visible()
        await expect(owner.locator("#people-status")).to_have_text(f"Einladung an {email} gesendet")

        mail = (await wait_for_mail(api, email))[0]
        token = invitation_token(mail["body"])
        rita = await second_context.new_page()
        await rita.goto(f"{server.url}/invitation/{token}")
        await expect(rita.locator("h1")).to_have_text(f"Willkommen im Team von Praxis {biz.slug}")
        await expect(rita.locator("main")).to_contain_text(email)
        await expect(rita.locator("#f-name")).to_have_value("Rita Empfang")
        await rita.fill("#f-password", "rita's long secret")
        await rita.fill("#f-password_repeat", "not the same one")
        await rita.click("button[type=submit]")
        await expect(rita.locator("#form-error")).to_have_text("Die beiden Passwörter stimmen nicht überein.")
        await rita.fill("#f-password", "rita's long secret")
        await rita.fill("#f-password_repeat", "rita's long secret")
        await rita.click("button[type=submit]")
        await rita.wait_for_url("**/calendar")
        await expect(rita.locator("#customers-link")).to_have_count(1)

        # Her settings are her own account's: no business sections, no team.
        await rita.goto(f"{server.url}/settings")
        await expect(rita.locator("#passwort")).to_be_visible()
        for section in ("unternehmen", "leistungen", "mitarbeiter", "team", "einbinden"):
            await expect(rita.locator(f"#{section}")).to_have_count(0)
        await expect(rita.locator("#two-factor-required")).to_have_count(0)

        # The owner's list followed her joining without a reload.
        await expect(row).to_contain_text("Aktiv")
        await row.get_by_role("button", name="Rechte von Rita Empfang ändern").click()
        dialog = owner.locator("#person-dialog")
        await expect(dialog).to_be_visible()
        await expect(owner.locator("#person-preset")).to_have_value("reception")
        await dialog.get_by_label("Kunden", exact=True).uncheck()
        await expect(owner.locator("#person-preset")).to_have_value("")
        await owner.click("#person-save")
        await expect(dialog).to_be_hidden()
        await expect(row).to_contain_text("Individuelle Rechte")
        await expect(row.get_by_role("button", name="Rechte von Rita Empfang ändern")).to_be_focused()

        await rita.goto(f"{server.url}/calendar")
        await expect(rita.locator("#customers-link")).to_have_count(0)

        await row.get_by_role("button", name="Rita Empfang deaktivieren").click()
        confirm = owner.locator("#confirm-dialog")
        await expect(confirm).to_contain_text("sofort auf allen Geräten abgemeldet")
        await expect(confirm).to_contain_text("bleiben erhalten")
        await owner.click("#confirm-ok")
        await expect(row).to_contain_text("Deaktiviert")
        await expect(row.get_by_role("button", name="Rita Empfang wieder aktivieren")).to_be_visible()
        await owner.screenshot(path=shot("team-settings"), full_page=True)

        await rita.reload()
        await rita.wait_for_url("**/login")

        # The spent link says so, and where to go.
        await rita.goto(f"{server.url}/invitation/{token}")
        await expect(rita.locator("h1")).to_have_text("Diese Einladung wurde schon verwendet")
        await expect(rita.get_by_role("link", name="Zur Anmeldung")).to_be_visible()
        assert owner.errors == []  # type: ignore[attr-defined]


async def test_an_unknown_invitation_link_says_what_to_do(
    server: ServerProcess, context: BrowserContext
) -> None:
    page = await context.new_page()
    answer = await page.goto(f"{server.url}/invitation/no-such-token")
    assert answer is not None and answer.status == 404
    await expect(page.locator("h1")).to_have_text("Diese Einladung gilt nicht")
    await expect(page.locator("main")).to_contain_text("Bitten Sie Ihren Betrieb um eine neue Einladung")


async def test_the_team_section_reads_english(server: ServerProcess, context: BrowserContext) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        owner = await owner_settings(context, server.url, biz, lang="en")
        email = f"paul.{biz.slug}@example.com"
        await expect(owner.locator("#h-mitarbeiter")).to_have_text("Team")
        await invite(owner, email, "Paul Practice", "provider")
        row = person_row(owner, email)
        await expect(row).to_contain_text("Invited until")
        await expect(row).to_contain_text("Practitioner · Administration, no calendar")
        await expect(person_row(owner, f"{biz.slug}@owner.example")).to_contain_text("Owner")
        await row.get_by_role("button", name="Change the rights of Paul Practice").click()
        await expect(owner.locator("#person-dialog")).to_contain_text("Work in colleagues' calendars")
        assert await german_on(owner, data_of(biz, email, "Paul Practice", f"{biz.slug}@owner.example")) == []


async def test_a_practitioner_sets_only_her_own_calendars_hours(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        anna = await join_team(api, biz, name="Anna Berger", preset="provider", calendar="new")
        page = await context.new_page()
        await page.goto(f"{server.url}/login")
        await page.fill("input[name=email]", anna.email)
        await page.fill("input[name=password]", "correct horse battery")
        await page.click("button[type=submit]")
        await page.wait_for_url("**/calendar")
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        await page.goto(f"{server.url}/settings")
        await expect(page.locator("#h-team")).to_have_text("Ihre buchbaren Zeiten")
        cards = page.locator("#team-list .staff-card")
        await expect(cards).to_have_count(1)
        await expect(cards).to_have_attribute("data-staff-id", str(anna.staff_id))
        await expect(cards.locator("[data-hours-editor]").first).to_be_visible()
        await expect(cards.locator(".staff-controls")).to_have_count(0)
        for gone in ("#add-staff", "#unternehmen", "#mitarbeiter", ".settings-nav a[href='#leistungen']"):
            await expect(page.locator(gone)).to_have_count(0)
        assert errors == []
