"""A person of the team chooses their mails in the settings, in German and in English, and
allows the calendar's browser notifications; the link in a mail opens the appointment's card."""

from __future__ import annotations

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import local_start, shot, sign_in
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


async def test_the_link_of_a_mail_opens_the_appointments_card(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(9, 10, 30)
        made = await api.post(
            "/api/v1/appointments",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": biz.service_id,
                "start": start.isoformat(),
                "new_customer": {"first_name": "Ida", "last_name": "Link"},
            },
            headers=biz.auth,
        )
        assert made.status_code == 201, made.text
        desk = await sign_in(context, server.url, biz)
        await desk.goto(
            f"{server.url}/calendar?date={start.date().isoformat()}&appointment={made.json()['id']}"
        )
        card = desk.locator("#appointment-details")
        await expect(card).to_be_visible()
        await expect(card).to_contain_text("Ida Link")
        await desk.keyboard.press("Escape")
        await expect(card).to_be_hidden()
        assert desk.errors == []  # type: ignore[attr-defined]
