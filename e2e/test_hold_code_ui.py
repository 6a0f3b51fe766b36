"""The security code step on the booking page: a hold that runs out, and five wrong codes."""

from __future__ import annotations

import time

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.conftest import SHORT_HOLD_SECONDS
from e2e.journeys import choose_slot, local_start, log_in_on_booking_page, shot
from testkit.app import ServerProcess
from testkit.flows import Business, code_for, customer, sign_up


async def free_starts(api: httpx.AsyncClient, biz: Business, day: str) -> list[str]:
    response = await api.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={"service_id": biz.service_id, "location_id": biz.location_id, "from": day, "to": day},
    )
    assert response.status_code == 200, response.text
    return [slot["start"] for slot in response.json()["slots"]]


async def test_a_hold_that_runs_out_frees_the_time_and_offers_to_pick_again(
    short_hold_server: ServerProcess, second_context: BrowserContext
) -> None:
    server = short_hold_server
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api)
        start = local_start(2, 11)
        page = await second_context.new_page()
        await choose_slot(page, server.url, biz, start)
        await log_in_on_booking_page(page, email)
        await expect(page.locator("#book[data-step='code']")).to_be_visible()
        held_at = time.monotonic()
        assert start.isoformat() not in await free_starts(api, biz, start.date().isoformat())
        await expect(page.locator("#timer-value")).to_have_text(
            "0:0" + str(SHORT_HOLD_SECONDS - 1), timeout=2000
        )

        told = page.get_by_role("alert")
        await expect(told).to_contain_text("abgelaufen", timeout=(SHORT_HOLD_SECONDS + 2) * 1000)
        assert time.monotonic() - held_at >= SHORT_HOLD_SECONDS - 1
        await expect(told).to_contain_text("wählen Sie erneut eine Zeit")
        await expect(page.locator("#book[data-step='time']")).to_be_visible()
        again = page.locator(f".slot[data-start='{start.isoformat()}']:not(.is-gone)")
        await expect(again).to_be_visible(timeout=2000)
        await page.screenshot(path=shot("hold-ran-out-phone"))
        assert start.isoformat() in await free_starts(api, biz, start.date().isoformat())

        await again.click()
        await expect(page.locator("#book[data-step='code']")).to_be_visible()
        await page.fill("input[name=code]", await code_for(api, email, count=2))
        await page.keyboard.press("Enter")
        await expect(page.locator("#book[data-step='done']")).to_be_visible()


async def test_five_wrong_codes_count_down_then_release_the_time(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api)
        start = local_start(2, 15, 30)
        page = await second_context.new_page()
        await choose_slot(page, server.url, biz, start)
        await log_in_on_booking_page(page, email)
        code = await code_for(api, email)
        wrong = "000000" if code != "000000" else "111111"

        for left in ("noch 4 Versuche", "noch 3 Versuche", "noch 2 Versuche", "noch 1 Versuch."):
            await page.fill("input[name=code]", wrong)
            await page.keyboard.press("Enter")
            await expect(page.locator("#err-code")).to_contain_text(left)
        await page.fill("input[name=code]", wrong)
        await page.keyboard.press("Enter")

        told = page.get_by_role("alert")
        await expect(told).to_contain_text("zu oft falsch")
        await expect(told).to_contain_text("Reservierung aufgehoben")
        await expect(page.locator("#book[data-step='time']")).to_be_visible()
        await expect(page.locator(f".slot[data-start='{start.isoformat()}']:not(.is-gone)")).to_be_visible()
        await page.screenshot(path=shot("five-wrong-codes-phone"))
        assert start.isoformat() in await free_starts(api, biz, start.date().isoformat())
