"""The desk calendar follows changes to the set-up (calendars, settings, services) without a reload."""

from __future__ import annotations

import time

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import local_start, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import sign_up


async def test_the_desk_calendar_follows_new_calendars_settings_and_services(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        desk = await open_desk(context, server.url, biz, local_start(1, 10))
        errors: list[str] = []
        desk.on("pageerror", lambda error: errors.append(str(error)))
        # A mark that a reload would wipe out.
        await desk.evaluate("window.__sameDocument = true")
        label = await desk.locator("#date-label").text_content()
        labels = desk.locator("#calendar .ec-header .resource-label")
        await expect(labels).to_have_count(1)

        # (1) A new calendar through the API: a second column.
        made = await api.post("/api/v1/staff", json={"name": "Anna"}, headers=biz.auth)
        assert made.status_code == 201, made.text
        started = time.monotonic()
        await expect(labels).to_have_count(2, timeout=1000)
        assert time.monotonic() - started < 1.0
        await expect(labels.nth(1)).to_have_text("Anna")
        await expect(desk.locator("#date-label")).to_have_text(label or "")

        # (2) No weekend: the week view drops Saturday and Sunday.
        await desk.click("#view-switch button[data-view='resourceTimeGridWeek']")
        headers = desk.locator("#calendar .ec-header .ec-col-group time[aria-label]")
        weekday_of = "els => els.map(e => e.getAttribute('aria-label').split(',')[0])"
        saturday = desk.locator("#calendar .ec-header .ec-col-group time[aria-label^='Samstag']")
        await expect(saturday).to_have_count(1)
        shown = await headers.evaluate_all(weekday_of)
        assert "Samstag" in shown and "Sonntag" in shown, shown
        week = await desk.locator("#date-label").get_attribute("data-week")
        changed = await api.patch("/api/v1/settings", json={"show_weekend": False}, headers=biz.auth)
        assert changed.status_code == 200, changed.text
        started = time.monotonic()
        await expect(saturday).to_have_count(0, timeout=1000)
        assert time.monotonic() - started < 1.0
        shown = await headers.evaluate_all(weekday_of)
        assert shown == ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"], shown
        # Still the week view of the same week, both calendars under each day.
        await expect(desk.locator("#view-switch button[data-view='resourceTimeGridWeek']")).to_have_attribute(
            "aria-pressed", "true"
        )
        assert await desk.locator("#date-label").get_attribute("data-week") == week
        await expect(labels).to_have_count(2 * 5)
        await desk.screenshot(path=shot("desk-week-without-weekend"))

        # (3) A new service shows in the new-appointment dialog.
        await desk.click("#view-switch button[data-view='resourceTimeGridDay']")
        # The desk shows the new set-up, then fetches the events again: that request is the sign.
        async with desk.expect_request(lambda r: "/api/v1/appointments?" in r.url):
            created = await api.post(
                "/api/v1/services", json={"name": "Fußpflege", "duration_minutes": 45}, headers=biz.auth
            )
        assert created.status_code == 201, created.text
        service_id = created.json()["id"]
        await desk.locator(".ec-body .ec-day").first.click(position={"x": 40, "y": 12})
        await expect(desk.locator("#new-appointment")).to_be_visible()
        option = desk.locator(f"#na-service option[value='{service_id}']")
        await expect(option).to_have_count(1, timeout=1000)
        await expect(option).to_contain_text("Fußpflege")
        await expect(option).to_contain_text("45 Min.")
        await desk.screenshot(path=shot("desk-new-service-in-dialog"))

        await desk.keyboard.press("Escape")
        await expect(desk.locator("#new-appointment")).to_be_hidden()

        # (4) Opening hours 8 to 18 and a 30-minute step: the grid's time axis follows.
        hours = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        moved = await api.patch(
            f"/api/v1/locations/{biz.location_id}", json={"opening_hours": hours}, headers=biz.auth
        )
        assert moved.status_code == 200, moved.text
        stepped = await api.patch("/api/v1/settings", json={"slot_step_minutes": 30}, headers=biz.auth)
        assert stepped.status_code == 200, stepped.text
        first_label = (
            "() => document.querySelector('#calendar .ec-body .ec-sidebar time')?.textContent.trim()"
        )
        await desk.wait_for_function(f"({first_label})() === '08:00'", timeout=1500)

        assert await desk.evaluate("window.__sameDocument === true")
        assert errors == []
