"""Two customers in two browsers take the same time at once: one gets the code step, the other is
told plainly that the time was just taken and picks another."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import choose_slot, local_start, shot
from testkit.app import ServerProcess
from testkit.flows import customer, sign_up


async def steps_settle(pages: list[Page], timeout: float = 5.0) -> list[str]:
    """The booking step each page ends on once none of them is still on the log-in step."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        steps = [str(await page.get_attribute("#book", "data-step")) for page in pages]
        if "account" not in steps:
            return steps
        assert loop.time() < deadline, f"the pages stayed at {steps}"
        await asyncio.sleep(0.05)


async def test_one_of_two_customers_gets_the_time_the_other_is_told_and_picks_another(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        people = [await customer(api, "Anna"), await customer(api, "Bruno")]
        start = local_start(2, 10)
        pages = [await context.new_page(), await second_context.new_page()]
        for page, (email, _) in zip(pages, people, strict=True):
            await choose_slot(page, server.url, biz, start)
            await page.fill("input[name=email]", email)
            await page.fill("input[name=password]", "a good password")

        await asyncio.gather(*(page.click("form.account-form button[type=submit]") for page in pages))
        steps = await steps_settle(pages)
        assert sorted(steps) == ["code", "time"], steps
        winner, loser = (pages[0], pages[1]) if steps[0] == "code" else (pages[1], pages[0])

        await expect(winner.locator("input[name=code]")).to_be_focused()
        told = loser.get_by_role("alert")
        await expect(told).to_contain_text("gerade")
        await expect(told).to_contain_text("Bitte wählen Sie eine andere Zeit")
        taken = loser.locator(f".slot[data-start='{start.isoformat()}']:not(.is-gone)")
        await expect(taken).to_have_count(0)
        await loser.screenshot(path=shot("race-loser-phone" if loser is pages[1] else "race-loser"))

        later = start + timedelta(hours=1)
        await loser.click(f".slot[data-start='{later.isoformat()}']")
        await expect(loser.locator("#book[data-step='code']")).to_be_visible()

        listed = await api.get(
            "/api/v1/appointments", params={"from": start.date().isoformat()}, headers=biz.auth
        )
        held = sorted((a["start"], a["status"]) for a in listed.json()["appointments"])
        assert held == [(start.isoformat(), "held"), (later.isoformat(), "held")]
