"""A customer books on the booking page while the desk watches its calendar, live."""

from __future__ import annotations

import time

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import choose_slot, local_start, log_in_on_booking_page, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import code_for, customer, sign_up
from testkit.sockets import desk_booking


async def test_the_desk_sees_the_red_lock_then_the_booking(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api)
        start = local_start(1, 10)
        desk = await open_desk(context, server.url, biz, start)

        booking = await second_context.new_page()
        await choose_slot(booking, server.url, biz, start)
        async with booking.expect_response(
            lambda r: r.url.endswith("/holds") and r.request.method == "POST"
        ) as held:
            await log_in_on_booking_page(booking, email)
        assert (await held.value).status == 201
        held_at = time.monotonic()
        lock = desk.locator("[data-status='held'] .lock")
        await expect(lock).to_be_visible(timeout=1000)
        assert time.monotonic() - held_at < 1.0
        await lock.scroll_into_view_if_needed()
        await desk.screenshot(path=shot("desk-with-held-slot"))

        await booking.fill("input[name=code]", await code_for(api, email))
        async with booking.expect_response(lambda r: r.url.endswith("/confirm")) as confirmed:
            await booking.keyboard.press("Enter")
        assert (await confirmed.value).status == 200
        confirmed_at = time.monotonic()
        booked = desk.locator("[data-status='booked']")
        await expect(booked).to_have_count(1, timeout=1000)
        assert time.monotonic() - confirmed_at < 1.0
        await expect(desk.locator("[data-status='held']")).to_have_count(0)
        await expect(booked).to_contain_text("Clara")
        await expect(booking.locator("#book[data-step='done']")).to_be_visible()
        await booking.screenshot(path=shot("booking-done-phone"))


async def test_a_slot_taken_elsewhere_leaves_the_open_booking_page(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(2, 9, 30)
        page = await second_context.new_page()
        await page.goto(f"{server.url}/book/{biz.slug}")
        await page.click(f".service[data-service-id='{biz.service_id}']")
        await page.click(f".day[data-date='{start.date().isoformat()}']")
        slot = page.locator(f".slot[data-start='{start.isoformat()}']")
        await expect(slot).to_be_visible()

        caller = {"first_name": "Anruf", "last_name": "Telefon"}
        booked = await desk_booking(api, biz, start, new_customer=caller)
        assert booked.status_code == 201
        gone_at = time.monotonic()
        await expect(page.locator(f".slot[data-start='{start.isoformat()}']:not(.is-gone)")).to_have_count(
            0, timeout=1000
        )
        assert time.monotonic() - gone_at < 1.0
        assert "Anruf" not in await page.content()
