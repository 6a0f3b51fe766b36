"""The owner fills in the company data in the settings' Business section; the booking page's footer
shows it, in German and in English."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import shot
from e2e.test_settings_ui import open_settings
from testkit.app import ServerProcess
from testkit.flows import sign_up
from testkit.images import png


async def test_company_data_edited_in_the_settings_shows_in_the_booking_page_footer(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
    settings = await open_settings(context, server.url, biz)
    form = settings.locator("#unternehmen #company-form")
    await expect(form).to_be_visible()

    await form.get_by_label("Anschrift").fill("Hauptstraße 1, 1010 Wien")
    await form.get_by_label("Telefon").fill("+43 1 234 56 78")
    await form.get_by_label("E-Mail-Adresse").fill("praxis@example.at")
    await form.get_by_label("Website").fill("praxis-example.at")
    await form.get_by_label("Impressum (Link)").fill("https://praxis-example.at/impressum")
    await form.get_by_label("Datenschutzerklärung (Link)").fill("https://praxis-example.at/datenschutz")
    await form.get_by_label("Datenschutzerklärung (Text)").fill("Verantwortlich: Praxis Muster, Wien.")

    # A website without https:// is refused next to its field.
    async with settings.expect_response(lambda r: r.url.endswith("/api/v1/company")) as refused:
        await form.get_by_role("button", name="Kontaktdaten speichern").click()
    assert (await refused.value).status == 400
    await expect(settings.locator("#company-website-error")).to_contain_text("https://")
    await expect(form.get_by_label("Website")).to_have_attribute("aria-invalid", "true")

    await form.get_by_label("Website").fill("https://praxis-example.at")
    async with settings.expect_response(lambda r: r.url.endswith("/api/v1/company")) as saved:
        await form.get_by_role("button", name="Kontaktdaten speichern").click()
    assert (await saved.value).status == 200
    await expect(settings.locator("#company-website-error")).to_be_empty()
    await settings.screenshot(path=shot("settings-company-data"))

    # Kept across a reload.
    await settings.reload()
    await expect(settings.get_by_label("Anschrift")).to_have_value("Hauptstraße 1, 1010 Wien")

    booking = await second_context.new_page()
    await booking.goto(f"{server.url}/book/{biz.slug}")
    footer = booking.locator("footer#book-footer")
    await expect(footer).to_contain_text(f"Praxis {biz.slug}")
    await expect(footer).to_contain_text("Hauptstraße 1, 1010 Wien")
    await expect(footer.get_by_role("link", name="+43 1 234 56 78")).to_have_attribute(
        "href", "tel:+4312345678"
    )
    await expect(footer.get_by_role("link", name="praxis@example.at")).to_be_visible()
    await expect(footer.get_by_role("link", name="Impressum")).to_have_attribute(
        "href", "https://praxis-example.at/impressum"
    )
    await expect(footer.get_by_role("link", name="Datenschutz")).to_have_attribute(
        "href", "https://praxis-example.at/datenschutz"
    )
    await booking.screenshot(path=shot("booking-footer"), full_page=True)

    privacy = await second_context.new_page()
    await privacy.goto(f"{server.url}/book/{biz.slug}/datenschutz")
    await expect(privacy.locator(".legal-text")).to_have_text("Verantwortlich: Praxis Muster, Wien.")
    await privacy.close()

    await booking.goto(f"{server.url}/book/{biz.slug}?lang=en")
    await expect(footer.get_by_role("link", name="Imprint")).to_be_visible()
    await expect(footer.get_by_role("link", name="Privacy")).to_be_visible()


async def test_a_logo_chosen_in_the_settings_heads_the_booking_page_until_removed(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
    settings = await open_settings(context, server.url, biz)
    logo = settings.locator("#logo-setting")
    await expect(logo).to_contain_text("Noch kein Logo.")

    text_file = tmp_path / "logo.png"
    text_file.write_text("no picture at all")
    await settings.locator("#logo-file").set_input_files(text_file)
    await expect(settings.locator("#logo-error")).to_have_text("Ein Logo ist ein PNG-, JPEG- oder WebP-Bild.")

    picture = tmp_path / "praxis.png"
    picture.write_bytes(png(40, 16))
    await settings.locator("#logo-file").set_input_files(picture)
    await expect(settings.locator("#logo-preview")).to_be_visible()
    await expect(settings.locator("#logo-error")).to_be_empty()
    source = await settings.locator("#logo-preview").get_attribute("src")
    assert source and source.startswith("/logos/")
    await settings.screenshot(path=shot("settings-logo"))

    booking = await second_context.new_page()
    await booking.goto(f"{server.url}/book/{biz.slug}")
    shown = booking.locator(".book-head img.book-logo")
    await expect(shown).to_have_attribute("src", source)
    assert await shown.evaluate("img => img.complete && img.naturalWidth") == 40

    await settings.get_by_role("button", name="Logo entfernen").click()
    await expect(logo).to_contain_text("Noch kein Logo.")
    await expect(settings.get_by_role("button", name="Bild wählen…")).to_be_focused()
    await booking.reload()
    await expect(booking.locator(".book-head")).to_be_visible()
    await expect(shown).to_have_count(0)
