"""The owner changes the business on /settings; open booking pages follow within a second."""

from __future__ import annotations

import time
from datetime import datetime

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import OWNER_PASSWORD, local_start, shot, sign_in
from testkit.app import ServerProcess
from testkit.flows import Business, sign_up

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


async def open_settings(context: BrowserContext, base_url: str, biz: Business) -> Page:
    """Signs the owner in through the log-in form and follows the gear in the calendar's top bar."""
    page = await sign_in(context, base_url, biz)
    await page.click("a#settings-link")
    await page.wait_for_url("**/settings")
    await expect(page.locator("#oeffnungszeiten [data-hours-editor]").first).to_be_visible()
    return page


async def test_new_opening_hours_reach_an_open_booking_page_within_a_second(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        day = local_start(2, 0).date()
        booking = await second_context.new_page()
        await booking.goto(f"{server.url}/book/{biz.slug}")
        await booking.click(f".service[data-service-id='{biz.service_id}']")
        await booking.click(f".day[data-date='{day.isoformat()}']")
        await expect(booking.locator(f".slot[data-start='{local_start(2, 0).isoformat()}']")).to_be_visible()

        settings = await open_settings(context, server.url, biz)
        editor = settings.locator(f"[data-hours-editor='location:{biz.location_id}']")
        row = editor.locator(f"[data-day='{DAY_KEYS[day.weekday()]}']")
        await expect(row.locator(".range-from")).to_have_value("00:00")
        await expect(row.locator(".range-to")).to_have_value("24:00")

        # A range that ends before it starts: the server's message shows next to the editor.
        await row.locator(".range-from").fill("12:00")
        await row.locator(".range-to").fill("8")
        async with settings.expect_response(lambda r: "/api/v1/locations/" in r.url) as refused:
            await editor.locator(".save-hours").click()
        assert (await refused.value).status == 400
        await expect(editor.locator(".hours-error")).to_contain_text("Die Zeiten sind nicht gültig")
        await expect(row.locator(".range-to")).to_have_attribute("aria-invalid", "true")

        # Two ranges: 9 to 11 and 14 to 15, typed as people type them.
        await row.locator(".range-from").fill("9")
        await row.locator(".range-to").fill("11")
        await row.locator(".add-range").click()
        await row.locator(".range-from").nth(1).fill("14")
        await row.locator(".range-to").nth(1).fill("1500")
        await settings.screenshot(path=shot("settings-opening-hours"))
        async with settings.expect_response(lambda r: "/api/v1/locations/" in r.url) as saved:
            await editor.locator(".save-hours").click()
        assert (await saved.value).status == 200
        saved_at = time.monotonic()

        def at(hour: int, minute: int = 0) -> str:
            return datetime.combine(day, local_start(2, hour, minute).timetz()).isoformat()

        fresh = booking.locator(".slot:not(.is-gone)")
        expected = [at(9, m) for m in (0, 15, 30, 45)] + [at(10, m) for m in (0, 15, 30)]
        expected += [at(14, m) for m in (0, 15, 30)]
        await expect(fresh).to_have_count(len(expected), timeout=1000)
        assert time.monotonic() - saved_at < 1.0
        assert await fresh.evaluate_all("els => els.map(e => e.dataset.start)") == expected
        await expect(settings.locator("#toast")).to_contain_text("Gespeichert")
        await expect(row.locator(".range-from").nth(1)).to_have_value("14:00")
        froms = await row.locator(".range-from").evaluate_all("els => els.map(e => e.value)")
        assert froms == ["09:00", "14:00"]
        await booking.screenshot(path=shot("booking-after-new-hours-phone"))

        located = await api.get("/api/v1/locations", headers=biz.auth)
        (location,) = located.json()["locations"]
        assert location["opening_hours"][DAY_KEYS[day.weekday()]] == [["09:00", "11:00"], ["14:00", "15:00"]]
        assert settings.errors == []  # type: ignore[attr-defined]


async def test_a_service_is_created_edited_and_deleted(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        booking = await second_context.new_page()
        await booking.goto(f"{server.url}/book/{biz.slug}")
        await expect(booking.locator(".service")).to_have_count(1)

        settings = await open_settings(context, server.url, biz)
        await settings.click("#add-service")
        dialog = settings.locator("#service-dialog")
        await expect(dialog).to_be_visible()
        await expect(settings.locator("#sf-name")).to_be_focused()
        await settings.fill("#sf-name", "Rückenmassage")
        await settings.fill("#sf-duration", "40")
        await settings.fill("#sf-after", "10")
        await settings.click("#sf-colors label[title='Violett']")
        await settings.screenshot(path=shot("settings-new-service"))
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/services")) as created:
            await settings.click("#service-save")
        assert (await created.value).status == 201
        service_id = (await (await created.value).json())["id"]
        await expect(dialog).to_be_hidden()
        row = settings.locator(f".service-row[data-service-id='{service_id}']")
        await expect(row).to_contain_text("Rückenmassage")
        await expect(row).to_contain_text("40 Min.")
        await expect(row).to_contain_text("Puffer 10 Min. nachher")
        # The open booking page offers it at once.
        await expect(booking.locator(f".service[data-service-id='{service_id}']")).to_be_visible(timeout=1000)

        await row.locator(".edit-service").click()
        await expect(settings.locator("#sf-name")).to_have_value("Rückenmassage")
        await settings.fill("#sf-name", "Rückenmassage lang")
        await settings.fill("#sf-duration", "60")
        async with settings.expect_response(lambda r: f"/api/v1/services/{service_id}" in r.url) as edited:
            await settings.click("#service-save")
        assert (await edited.value).status == 200
        assert (await edited.value).request.method == "PATCH"
        await expect(row).to_contain_text("Rückenmassage lang")
        await expect(row).to_contain_text("1 Std.")
        await expect(booking.locator(f".service[data-service-id='{service_id}']")).to_contain_text("1 Std.")

        listed = await api.get("/api/v1/services", headers=biz.auth)
        (changed,) = [s for s in listed.json()["services"] if s["id"] == service_id]
        assert (changed["name"], changed["duration_minutes"], changed["buffer_after_minutes"]) == (
            "Rückenmassage lang",
            60,
            10,
        )
        assert changed["color"] == "#7c3aed"
        assert changed["staff_ids"] == [biz.staff_id]

        # A customer is choosing a time for it when it goes.
        await booking.click(f".service[data-service-id='{service_id}']")
        await expect(booking.locator("#book[data-step='time']")).to_be_visible()

        await row.locator(".delete-service").click()
        confirm = settings.locator("#confirm-dialog")
        await expect(confirm).to_be_visible()
        await expect(confirm).to_contain_text("nicht rückgängig")
        await expect(confirm).to_contain_text("bleiben erhalten")
        await settings.screenshot(path=shot("settings-delete-service"))
        async with settings.expect_response(lambda r: f"/api/v1/services/{service_id}" in r.url) as deleted:
            await settings.click("#confirm-ok")
        assert (await deleted.value).status == 204
        await expect(row).to_have_count(0)
        await expect(booking.locator("#book[data-step='service']")).to_be_visible(timeout=1000)
        await expect(booking.get_by_role("alert")).to_contain_text("nicht mehr online angeboten")
        await expect(booking.locator(f".service[data-service-id='{service_id}']")).to_have_count(0)
        await booking.screenshot(path=shot("booking-service-gone-phone"))
        listed = await api.get("/api/v1/services", headers=biz.auth)
        assert service_id not in [s["id"] for s in listed.json()["services"]]
        assert settings.errors == []  # type: ignore[attr-defined]


async def test_booking_rules_save_as_they_change(server: ServerProcess, context: BrowserContext) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        settings = await open_settings(context, server.url, biz)
        await expect(settings.locator("#business-link")).to_contain_text(f"/book/{biz.slug}")
        await expect(settings.locator("#unternehmen")).to_contain_text("ändert der Support")

        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")) as saved:
            await settings.click("label:has(#booking-mode-request)")
        assert (await saved.value).status == 200
        await expect(settings.locator("#toast")).to_contain_text("Gespeichert")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")):
            await settings.select_option("#slot-step", "30")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")):
            await settings.select_option("#min-notice", "1440")
        await settings.fill("#horizon", "0")
        await settings.press("#horizon", "Enter")
        await expect(settings.locator("#horizon_days-error")).to_contain_text("1 bis 730")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")):
            await settings.fill("#horizon", "45")
            await settings.press("#horizon", "Enter")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/settings")):
            await settings.click("label:has(#week-work)")

        answer = await api.get("/api/v1/settings", headers=biz.auth)
        shown = answer.json()
        assert (
            shown["booking_mode"],
            shown["slot_step_minutes"],
            shown["min_notice_minutes"],
            shown["horizon_days"],
            shown["show_weekend"],
        ) == ("request", 30, 1440, 45, False)
        await settings.reload()
        await expect(settings.locator("#booking-mode-request")).to_be_checked()
        await expect(settings.locator("#slot-step")).to_have_value("30")
        await expect(settings.locator("#week-work")).to_be_checked()
        await settings.set_viewport_size({"width": 390, "height": 844})
        await settings.screenshot(path=shot("settings-phone"))


async def test_a_new_password_logs_out_the_other_devices_and_the_page_carries_on(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        phone = await sign_in(second_context, server.url, biz)
        settings = await open_settings(context, server.url, biz)
        form = settings.locator("#password-form")
        await settings.click("a[href='#passwort']")

        await form.locator("#pw-current").fill("not my password")
        await form.locator("#pw-new").fill("a brand new secret")
        await form.locator("#pw-repeat").fill("a brand new secret")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/password")) as refused:
            await form.locator("#password-save").click()
        assert (await refused.value).status == 403
        wrong = "Das bisherige Passwort stimmt nicht."
        await expect(form.locator("#current_password-error")).to_have_text(wrong)
        await expect(form.locator("#pw-current")).to_have_attribute("aria-invalid", "true")

        await form.locator("#pw-current").fill(OWNER_PASSWORD)
        await form.locator("#pw-repeat").fill("a brand new secrets")
        await form.locator("#password-save").click()
        await expect(form.locator("#new_password_repeat-error")).to_contain_text("stimmen nicht überein")

        await form.locator("#pw-repeat").fill("a brand new secret")
        async with settings.expect_response(lambda r: r.url.endswith("/api/v1/password")) as changed:
            await form.locator("#password-save").click()
        assert (await changed.value).status == 200
        await expect(settings.locator("#toast")).to_contain_text("Passwort geändert")
        await expect(form.locator("#pw-current")).to_have_value("")
        await settings.screenshot(path=shot("settings-password-changed"))

        # The phone's calendar loses its live connection and its session; this page carries on.
        await expect(phone.locator("#connection-banner")).to_contain_text("Sitzung", timeout=5000)
        await phone.reload()
        await expect(phone).to_have_url(f"{server.url}/login")
        await settings.reload()
        await expect(settings).to_have_url(f"{server.url}/settings#passwort")
        await expect(settings.locator("#password-form")).to_be_visible()
        assert settings.errors == []  # type: ignore[attr-defined]
        assert phone.errors == []  # type: ignore[attr-defined]
