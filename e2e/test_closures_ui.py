"""The desk closes a calendar (sickness, vacation, pause) from the staff calendar, live everywhere."""

from __future__ import annotations

import time
from datetime import datetime

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import local_start, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import Business, sign_up, wait_for_mail
from testkit.sockets import desk_booking


async def _book_by_phone(api: httpx.AsyncClient, biz: Business, start: datetime, email: str) -> dict:
    caller = {"first_name": "Maria", "last_name": "Huber", "email": email}
    answer = await desk_booking(api, biz, start, new_customer=caller)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def _open_day_on_booking_page(page: Page, base_url: str, biz: Business, day: str) -> None:
    await page.goto(f"{base_url}/book/{biz.slug}")
    await page.click(f".service[data-service-id='{biz.service_id}']")
    await page.click(f".day[data-date='{day}']")
    await expect(page.locator(".slot").first).to_be_visible()


async def _click_empty_time(desk: Page) -> None:
    """A click near the top of the (first) calendar column, where nothing is booked."""
    await desk.locator(".ec-body .ec-day").first.click(position={"x": 40, "y": 12})
    await expect(desk.locator("#new-appointment")).to_be_visible()


async def test_a_sick_day_over_an_appointment_is_previewed_confirmed_and_closes_the_booking_page(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(2, 10)
        day = start.date().isoformat()
        email = f"maria-{biz.slug}@customer.example"
        booked = await _book_by_phone(api, biz, start, email)

        booking = await second_context.new_page()
        await _open_day_on_booking_page(booking, server.url, biz, day)
        assert await booking.locator(".slot:not(.is-gone)").count() > 10

        desk = await open_desk(context, server.url, biz, start)
        errors: list[str] = []
        desk.on("pageerror", lambda error: errors.append(str(error)))
        await expect(desk.locator(f".ec-event[data-appointment-id='{booked['id']}']")).to_be_visible()
        await _click_empty_time(desk)
        await desk.click("label:has(input[name=kind][value=sick])")
        await expect(desk.locator("#na-days-row")).to_be_visible()
        await expect(desk.locator("#na-from")).to_have_value(day)
        await expect(desk.locator("#na-to")).to_have_value(day)
        await expect(desk.locator("#na-customer")).to_be_hidden()

        # The first save is a preview: the appointment in the way is listed, nothing is saved yet.
        async with desk.expect_response(
            lambda r: r.url.endswith("/api/v1/closures") and r.request.method == "POST"
        ) as preview:
            await desk.click("#na-save")
        assert (await preview.value).status == 409
        conflict = desk.locator(f"#na-conflict-list [data-appointment-id='{booked['id']}']")
        await expect(conflict).to_be_visible()
        await expect(conflict).to_contain_text("Maria Huber")
        await expect(conflict).to_contain_text("10:00")
        await expect(conflict).to_contain_text("Behandlung")
        await expect(desk.locator("#na-conflicts")).to_contain_text("1 Termin")
        listed = await api.get("/api/v1/closures", params={"from": day, "to": day}, headers=biz.auth)
        assert listed.json()["closures"] == []
        await desk.fill("#na-message", "Leider krank – bitte buchen Sie einen neuen Termin.")
        await desk.screenshot(path=shot("desk-sick-day-preview"))

        async with desk.expect_response(
            lambda r: r.url.endswith("/api/v1/closures") and r.request.method == "POST"
        ) as saved:
            await desk.click("#na-confirm")
        assert (await saved.value).status == 201
        saved_at = time.monotonic()

        # The customer's page loses that day's times within a second.
        await expect(booking.locator(".slot:not(.is-gone)")).to_have_count(0, timeout=1000)
        assert time.monotonic() - saved_at < 1.0

        block = desk.locator("[data-closure-id][data-kind='sick']")
        await expect(block).to_be_visible()
        await expect(block).to_contain_text("Krankheit")
        await expect(desk.locator(f".ec-event[data-appointment-id='{booked['id']}']")).to_have_count(0)
        await expect(desk.locator("#new-appointment")).to_be_hidden()
        await desk.screenshot(path=shot("desk-sick-day-hatched"))
        await expect(booking.get_by_text("An diesem Tag ist leider nichts mehr frei.")).to_be_visible()
        await booking.screenshot(path=shot("booking-sick-day-phone"))

        listed = await api.get("/api/v1/appointments", params={"from": day, "to": day}, headers=biz.auth)
        (cancelled,) = listed.json()["appointments"]
        assert cancelled["status"] == "cancelled"
        mails = await wait_for_mail(api, email)
        assert any("Leider krank" in m["body"] for m in mails)
        assert errors == []


async def test_a_pause_for_the_whole_business_saves_at_once_and_is_removed_from_its_block(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(3, 0)
        day = start.date().isoformat()
        booking = await second_context.new_page()
        await _open_day_on_booking_page(booking, server.url, biz, day)
        first_slot = booking.locator(f".slot[data-start='{start.isoformat()}']")
        await expect(first_slot).to_be_visible()

        desk = await open_desk(context, server.url, biz, start)
        await _click_empty_time(desk)
        await desk.click("label:has(input[name=kind][value=pause])")
        await expect(desk.locator("#na-time-end")).to_be_visible()
        await desk.select_option("#na-time", "00:00")
        await desk.select_option("#na-time-end", "01:00")
        await desk.click("label:has(input[name=scope][value=business])")
        async with desk.expect_response(
            lambda r: r.url.endswith("/api/v1/closures") and r.request.method == "POST"
        ) as saved:
            await desk.keyboard.press("Enter")
        assert (await saved.value).status == 201
        closure = await (await saved.value).json()
        assert closure["kind"] == "pause" and closure["staff_id"] is None

        block = desk.locator(f"[data-closure-id='{closure['id']}']")
        await expect(block).to_contain_text("Pause")
        await expect(block).to_contain_text("00:00–01:00")
        await expect(booking.locator(f".slot[data-start='{start.isoformat()}']:not(.is-gone)")).to_have_count(
            0, timeout=1000
        )

        # A click on the hatched block offers to remove it, behind a confirmation.
        await block.click()
        await expect(desk.locator("#closure-details")).to_be_visible()
        await expect(desk.locator("#cd-title")).to_have_text("Pause")
        await desk.click("#cd-remove")
        await desk.screenshot(path=shot("desk-remove-pause"))
        async with desk.expect_response(lambda r: "/api/v1/closures/" in r.url) as removed:
            await desk.click("#cd-remove-confirm")
        assert (await removed.value).status == 204
        removed_at = time.monotonic()
        await expect(block).to_have_count(0)
        await expect(booking.locator(f".slot[data-start='{start.isoformat()}']")).to_be_visible(timeout=1000)
        assert time.monotonic() - removed_at < 1.0


async def test_closures_made_elsewhere_appear_and_vanish_on_the_desk_without_reload(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(4, 9)
        day = start.date().isoformat()
        desk = await open_desk(context, server.url, biz, start)
        made = await api.post(
            "/api/v1/closures",
            json={"kind": "vacation", "staff_id": biz.staff_id, "start": day, "end": day, "confirm": False},
            headers=biz.auth,
        )
        assert made.status_code == 201, made.text
        made_at = time.monotonic()
        block = desk.locator(f"[data-closure-id='{made.json()['id']}'][data-kind='vacation']")
        await expect(block).to_be_visible(timeout=1000)
        assert time.monotonic() - made_at < 1.0
        await expect(block).to_contain_text("Urlaub")

        gone = await api.delete(f"/api/v1/closures/{made.json()['id']}", headers=biz.auth)
        assert gone.status_code == 204
        await expect(block).to_have_count(0, timeout=1000)
