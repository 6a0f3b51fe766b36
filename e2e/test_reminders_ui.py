"""The owner sets the reminders in the booking rules and leaves a service out of them, in German
and in English."""

from __future__ import annotations

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import shot
from e2e.test_settings_ui import open_settings
from testkit.app import ServerProcess
from testkit.flows import sign_up


async def test_reminders_are_set_in_the_booking_rules_and_per_service(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        settings = await open_settings(context, server.url, biz)
        await expect(settings.locator("#reminder-count")).to_have_value("0")
        await expect(settings.locator("#reminder-first-field")).to_be_hidden()

        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")) as saved:
            await settings.select_option("#reminder-count", "2")
        assert (await saved.value).status == 200
        await expect(settings.locator("#reminder-first")).to_have_value("24")
        await expect(settings.locator("#reminder-second")).to_have_value("2")
        await expect(settings.locator("#toast")).to_contain_text("Gespeichert")

        await settings.fill("#reminder-second", "24")
        await settings.press("#reminder-second", "Enter")
        await expect(settings.locator("#reminders-error")).to_contain_text("verschiedene Zeiten")
        await settings.fill("#reminder-second", "400")
        await settings.press("#reminder-second", "Enter")
        await expect(settings.locator("#reminders-error")).to_contain_text("1 bis 336")
        # A later reminder typed first is shown in its place once saved: the earlier one first.
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")):
            await settings.fill("#reminder-second", "48")
            await settings.press("#reminder-second", "Enter")
        await expect(settings.locator("#reminders-error")).to_be_empty()
        await expect(settings.locator("#reminder-first")).to_have_value("48")
        await expect(settings.locator("#reminder-second")).to_have_value("24")
        assert (await api.get("/api/v1/settings", headers=biz.auth)).json()["reminders"] == [48, 24]
        await settings.locator("#buchung").screenshot(path=shot("settings-reminders"))

        await settings.reload()
        await expect(settings.locator("#reminder-count")).to_have_value("2")
        await expect(settings.locator("#reminder-first")).to_have_value("48")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")):
            await settings.select_option("#reminder-count", "1")
        await expect(settings.locator("#reminder-second-field")).to_be_hidden()
        assert (await api.get("/api/v1/settings", headers=biz.auth)).json()["reminders"] == [48]

        row = settings.locator(f".service-row[data-service-id='{biz.service_id}']")
        await row.locator(".edit-service").click()
        await expect(settings.locator("#sf-reminders")).to_be_checked()
        await settings.get_by_label("Erinnerungen senden").uncheck()
        async with settings.expect_response(
            lambda r: f"/api/v1/services/{biz.service_id}" in r.url
        ) as edited:
            await settings.click("#service-save")
        assert (await edited.value).status == 200
        listed = (await api.get("/api/v1/services", headers=biz.auth)).json()["services"]
        assert [s["reminders"] for s in listed] == [False]
        await row.locator(".edit-service").click()
        await expect(settings.locator("#sf-reminders")).not_to_be_checked()
        await settings.keyboard.press("Escape")

        await settings.goto(f"{server.url}/settings?lang=en")
        rules = settings.locator("fieldset[data-setting='reminders']")
        await expect(rules.locator("legend")).to_have_text("Reminders")
        await expect(rules).to_contain_text("hours before")
        await expect(settings.locator("#reminder-count option:checked")).to_have_text("one reminder")
        assert settings.errors == []  # type: ignore[attr-defined]
