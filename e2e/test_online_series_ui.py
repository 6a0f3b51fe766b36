"""A customer books a weekly series online on the booking page; the desk's calendar shows every date."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import choose_slot, local_start, log_in_on_booking_page, open_desk, shot
from e2e.test_settings_ui import open_settings
from testkit.app import ServerProcess
from testkit.flows import code_for, customer, sign_up

VIENNA = ZoneInfo("Europe/Vienna")


async def test_a_customer_books_a_weekly_series_of_three_and_the_desk_shows_all(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        # The owner lets the service be booked online as a series of up to 3 dates.
        settings = await open_settings(context, server.url, biz)
        await settings.locator(f".service-row[data-service-id='{biz.service_id}'] .edit-service").click()
        await expect(settings.locator("#sf-series")).to_be_disabled()
        await settings.check("#sf-series-on")
        await settings.fill("#sf-series", "3")
        await settings.locator("#sf-series").scroll_into_view_if_needed()
        await settings.screenshot(path=shot("settings-service-series"))
        async with settings.expect_response(lambda r: f"/api/v1/services/{biz.service_id}" in r.url) as saved:
            await settings.click("#service-save")
        assert (await saved.value).status == 200
        assert (await (await saved.value).json())["series_online"] == 3
        row = settings.locator(f".service-row[data-service-id='{biz.service_id}']")
        await expect(row.locator(".service-series")).to_have_text("Serie online bis 3 Termine")
        await settings.close()
        email, _ = await customer(api)
        start = local_start(1, 10)

        booking = await second_context.new_page()
        errors: list[str] = []
        booking.on("pageerror", lambda error: errors.append(str(error)))
        await choose_slot(booking, server.url, biz, start)
        await expect(booking.locator("#book[data-step='series']")).to_be_visible()
        await booking.check("#series-on")
        dates = booking.locator("#series-dates .series-date")
        await expect(dates).to_have_count(3)
        for week in range(3):
            wanted = (start + timedelta(weeks=week)).isoformat()
            await expect(dates.nth(week)).to_have_attribute("data-state", "free")
            assert datetime.fromisoformat(
                str(await dates.nth(week).get_attribute("data-start"))
            ) == datetime.fromisoformat(wanted)
        await booking.screenshot(path=shot("booking-series-dates"))
        await booking.click("#series-next")
        async with booking.expect_response(
            lambda r: r.url.endswith("/series-holds") and r.request.method == "POST"
        ) as held:
            await log_in_on_booking_page(booking, email)
        assert (await held.value).status == 201
        await expect(booking.locator("#held-dates li")).to_have_count(3)
        await booking.fill("input[name=code]", await code_for(api, email))
        async with booking.expect_response(lambda r: r.url.endswith("/confirm")) as confirmed:
            await booking.keyboard.press("Enter")
        assert (await confirmed.value).status == 200
        await expect(booking.locator("#book[data-step='done']")).to_be_visible()
        await booking.screenshot(path=shot("booking-series-done"))

        listed = await api.get(
            "/api/v1/appointments",
            params={"from": start.date().isoformat(), "to": (start + timedelta(weeks=3)).date().isoformat()},
            headers=biz.auth,
        )
        booked = [a for a in listed.json()["appointments"] if a["status"] == "booked"]
        assert len(booked) == 3 and len({a["series_id"] for a in booked}) == 1

        desk = await open_desk(context, server.url, biz, local_start(0, 9))
        await desk.click("#view-switch button[data-view='dayGridMonth']")
        month = local_start(0, 9).month
        for appointment in sorted(booked, key=lambda a: a["start"]):
            if datetime.fromisoformat(appointment["start"]).astimezone(VIENNA).month != month:
                await desk.click("#next-button")
                month = datetime.fromisoformat(appointment["start"]).astimezone(VIENNA).month
            event = desk.locator(f"[data-appointment-id='{appointment['id']}']")
            await expect(event).to_be_visible()
            await expect(event).to_contain_text("10:00")
        await desk.screenshot(path=shot("desk-online-series"))
        assert errors == []
