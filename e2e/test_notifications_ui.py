"""A person of the team chooses their mails in the settings, in German and in English, and
allows the calendar's browser notifications."""

from __future__ import annotations

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import shot
from e2e.test_settings_ui import open_settings
from testkit.app import ServerProcess
from testkit.flows import sign_up


async def test_the_choice_of_mails_is_saved_in_the_settings(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        settings = await open_settings(context, server.url, biz)
        section = settings.locator("#benachrichtigungen")
        await expect(settings.locator("#notifications-form")).to_have_attribute("aria-busy", "false")
        await expect(section.get_by_label("neuen Online-Buchungen")).to_be_checked()
        await expect(section.get_by_label("Tagesübersicht per E-Mail")).to_have_value("")

        await section.get_by_label("Absagen durch Kunden").uncheck()
        await section.get_by_label("Tagesübersicht per E-Mail").select_option(label="täglich um 7:00 Uhr")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/me/notifications")) as saved:
            await section.get_by_role("button", name="Speichern").click()
        assert (await saved.value).status == 200
        await expect(settings.locator("#toast")).to_contain_text("Benachrichtigungen gespeichert")
        mine = (await api.get("/api/v1/me/notifications", headers=biz.auth)).json()
        assert mine == {"online_bookings": True, "requests": True, "cancellations": False, "agenda_hour": 7}
        await section.screenshot(path=shot("settings-notifications"))

        await settings.goto(f"{server.url}/settings?lang=en#benachrichtigungen")
        section = settings.locator("#benachrichtigungen")
        await expect(section.get_by_role("heading", name="Notifications")).to_be_visible()
        await expect(section.get_by_label("cancellations by customers")).not_to_be_checked()
        await expect(section.get_by_label("Daily agenda by email")).to_have_value("7")
        await section.get_by_label("new booking requests").uncheck()
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/me/notifications")):
            await section.get_by_role("button", name="Save").click()
        await expect(settings.locator("#toast")).to_contain_text("Notifications saved")
        mine = (await api.get("/api/v1/me/notifications", headers=biz.auth)).json()
        assert mine["requests"] is False and mine["agenda_hour"] == 7

        await context.grant_permissions(["notifications"])
        await settings.reload()
        await expect(settings.locator("#browser-notify")).to_be_hidden()
        await expect(settings.locator("#browser-notify-state")).to_contain_text("This browser shows")
