"""A person's open calendar follows their rights: a right withdrawn closes the page's live
connection, which comes back at once, finds the rights changed and loads the page afresh; from then
on colleagues' appointments arrive without who or why."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import OWNER_PASSWORD, local_start
from testkit.app import ServerProcess
from testkit.flows import Business, Member, join_team, sign_up
from testkit.sockets import desk_booking

#: Seconds from the answer to the change until the page shows what the rights now allow.
WITHIN = 3.0


async def _sign_in_as(context: BrowserContext, base_url: str, member: Member) -> Page:
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(f"{base_url}/login")
    await page.fill("input[name=email]", member.email)
    await page.fill("input[name=password]", OWNER_PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/calendar")
    await page.wait_for_selector("#calendar .ec-main")
    return page


async def _book(api: httpx.AsyncClient, biz: Business, start: datetime, first_name: str) -> httpx.Response:
    booked = await desk_booking(
        api, biz, start, new_customer={"first_name": first_name, "last_name": "Huber"}
    )
    assert booked.status_code == 201, booked.text
    return booked


async def _shown_rights(page: Page) -> Any:
    return await page.evaluate("JSON.parse(document.getElementById('boot').textContent).user.rights")


async def test_a_withdrawn_right_reloads_the_open_calendar_and_hides_what_it_gave(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as api:
        biz = await sign_up(api)
        member = await join_team(api, biz, name="Rita Rainer", preset="reception")
        page = await _sign_in_as(context, server.url, member)
        assert sorted(await _shown_rights(page)) == ["book_others", "customers"]
        before = (await _book(api, biz, local_start(1, 10), "Monika")).json()
        await page.click("#next-button")
        await expect(page.locator(f"[data-appointment-id='{before['id']}']")).to_contain_text("Monika")

        sent = time.monotonic()
        async with page.expect_navigation(timeout=WITHIN * 1000):
            changed = await api.patch(
                f"/api/v1/team/{member.user_id}", json={"rights": ["own_hours"]}, headers=biz.auth
            )
            assert changed.status_code == 200, changed.text
        await page.wait_for_selector("#calendar .ec-main")
        assert time.monotonic() - sent < WITHIN
        assert await _shown_rights(page) == ["own_hours"]

        await page.click("#next-button")
        after = (await _book(api, biz, local_start(1, 11), "Sabine")).json()
        shown = page.locator(f"[data-appointment-id='{after['id']}']")
        await expect(shown).to_be_visible()
        await expect(shown).not_to_contain_text("Sabine")
        await expect(page.locator(f"[data-appointment-id='{before['id']}']")).not_to_contain_text("Monika")
        assert page.errors == []  # type: ignore[attr-defined]
