"""Public holidays: the owner chooses country and region in the settings, sees a holiday in the
staff calendar, and opens it for online booking; the open calendar follows live."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import shot, sign_in
from testkit.app import ServerProcess
from testkit.flows import sign_up


async def test_a_holiday_chosen_in_the_settings_shows_in_the_calendar_and_opens(
    server: ServerProcess, context: BrowserContext
) -> None:
    epiphany = date(datetime.now(UTC).astimezone(ZoneInfo("Europe/Vienna")).year + 1, 1, 6)
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api, horizon_days=730)
        settings = await sign_in(context, server.url, biz)
        await settings.goto(f"{server.url}/settings#feiertage")
        country = settings.locator("#holiday-country")
        await expect(country).to_have_value("")
        await expect(country.locator("option[value=AT]")).to_have_text("Österreich")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")) as saved:
            await country.select_option("AT")
        assert (await saved.value).status == 200
        region = settings.locator("#holiday-region")
        await expect(region.locator("option[value='9']")).to_have_text("Wien")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")) as saved:
            await region.select_option(label="Wien")
        assert (await saved.value).status == 200
        answer = await api.get("/api/v1/settings", headers=biz.auth)
        assert (answer.json()["holiday_country"], answer.json()["holiday_region"]) == ("AT", "9")

        # Saved: the page shows them again after a reload.
        await settings.reload()
        await expect(country).to_have_value("AT")
        await expect(region).to_have_value("9")

        row = settings.locator(f".holiday-row[data-date='{epiphany.isoformat()}']")
        await expect(row).to_contain_text("Heilige Drei Könige")
        await expect(row.locator("select")).to_have_value("closed")
        await settings.locator("#feiertage").screenshot(path=shot("settings-holidays"))

        desk = await context.new_page()
        errors: list[str] = []
        desk.on("pageerror", lambda error: errors.append(str(error)))
        await desk.goto(f"{server.url}/calendar?date={epiphany.isoformat()}")
        band = desk.locator(f".holiday-label[data-date='{epiphany.isoformat()}']").first
        await expect(band).to_contain_text("Heilige Drei Könige")
        await expect(band).to_contain_text("online geschlossen")
        await desk.screenshot(path=shot("desk-holiday-closed"))

        async with settings.expect_response(lambda r: "/api/v1/holidays/" in r.url) as opened:
            await row.locator("select").select_option("open")
        assert (await opened.value).status == 200
        # The open calendar hears of it and shows the holiday opened, without a reload.
        band = desk.locator(f".holiday-label[data-date='{epiphany.isoformat()}']").first
        await expect(band).to_contain_text("geöffnet", timeout=3000)
        await desk.screenshot(path=shot("desk-holiday-opened"))
        # The month and the list name it too.
        for view in ("dayGridMonth", "list"):
            await desk.click(f"#view-switch [data-view={view}]")
            band = desk.locator(f".holiday-label[data-date='{epiphany.isoformat()}']").first
            await expect(band).to_contain_text("Heilige Drei Könige")
            await desk.screenshot(path=shot(f"desk-holiday-{view}"))
        await desk.click("#view-switch [data-view=resourceTimeGridDay]")
        slots = await api.get(
            f"/api/v1/public/{biz.slug}/slots",
            params={"service_id": biz.service_id, "from": epiphany.isoformat(), "to": epiphany.isoformat()},
        )
        assert slots.json()["slots"]
        assert settings.errors == []  # type: ignore[attr-defined]
        assert errors == []
