"""A customer's own appointments on the booking page: moved with the mailed code, one cancelled,
and the log-out."""

from __future__ import annotations

from datetime import datetime

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import choose_slot, local_start, log_in_on_booking_page
from testkit.app import ServerProcess
from testkit.flows import Business, code_for, customer, sign_up


async def booked(
    api: httpx.AsyncClient, biz: Business, email: str, token: str, start: datetime, count: int
) -> str:
    auth = {"Authorization": f"Bearer {token}"}
    held = await api.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers=auth,
    )
    assert held.status_code == 201, held.text
    code = await code_for(api, email, count)
    confirmed = await api.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm", json={"code": code}, headers=auth
    )
    assert confirmed.status_code == 200, confirmed.text
    return str(held.json()["id"])


async def test_a_customer_moves_one_appointment_cancels_another_and_logs_out(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, token = await customer(api)
        first = await booked(api, biz, email, token, local_start(2, 10), 1)
        second = await booked(api, biz, email, token, local_start(3, 10), 2)

        page = await second_context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        await choose_slot(page, server.url, biz, local_start(2, 11))
        await log_in_on_booking_page(page, email)
        await page.fill("input[name=code]", await code_for(api, email, count=3))
        await page.keyboard.press("Enter")
        await expect(page.locator("#book[data-step='done']")).to_be_visible()

        await page.click("#mine-link")
        await expect(page.locator("#book[data-step='mine']")).to_be_visible()
        await expect(page.locator(".mine-item")).to_have_count(3)
        await page.locator(f".mine-item[data-id='{first}']").get_by_role("button", name="Verschieben").click()
        await expect(page.locator("#book[data-step='time']")).to_be_visible()
        await expect(page.locator(".summary-moves")).to_contain_text("Verschieben: bisher")
        moved_to = local_start(4, 12)
        await page.click(f".day[data-date='{moved_to.date().isoformat()}']")
        await page.click(f".slot[data-start='{moved_to.isoformat()}']")
        await expect(page.locator("#book[data-step='code']")).to_be_visible()
        await expect(page.locator(".summary .summary-moves")).to_contain_text("Verschieben: bisher")
        await page.fill("input[name=code]", await code_for(api, email, count=4))
        await page.keyboard.press("Enter")
        await expect(page.locator("#step-title")).to_have_text("Ihr Termin ist verschoben")

        await page.click("#mine-link")
        await expect(page.locator(".mine-item")).to_have_count(3)
        await expect(page.locator(f".mine-item[data-id='{first}']")).to_have_count(0)
        await expect(page.locator(".mine-list")).to_contain_text("12:00")

        item = page.locator(f".mine-item[data-id='{second}']")
        await item.get_by_role("button", name="Absagen").click()
        await item.get_by_role("button", name="Ja, absagen").click()
        await expect(page.locator(".mine-item")).to_have_count(2)
        await expect(page.locator(f".mine-item[data-id='{second}']")).to_have_count(0)

        await page.click("#logout")
        await expect(page.locator("#account-bar")).to_be_hidden()
        await expect(page.locator("#book[data-step='service']")).to_be_visible()
        assert errors == []


async def test_the_account_page_lists_appointments_across_businesses(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        first_biz, second_biz = await sign_up(api), await sign_up(api)
        email, token = await customer(api)
        here = await booked(api, first_biz, email, token, local_start(2, 9), 1)
        there = await booked(api, second_biz, email, token, local_start(3, 9), 2)

        page = await second_context.new_page()
        await page.goto(f"{server.url}/account")
        await page.fill("input[name=email]", email)
        await page.fill("input[name=password]", "a good password")
        await page.click("form.account-form button[type=submit]")
        upcoming = page.locator("#mine-upcoming .mine-item")
        await expect(upcoming).to_have_count(2)
        await expect(page.locator("#mine-upcoming")).to_contain_text(f"Praxis {first_biz.slug}")
        await expect(page.locator("#mine-upcoming")).to_contain_text(f"Praxis {second_biz.slug}")

        item = page.locator(f"#mine-upcoming .mine-item[data-id='{there}']")
        await item.get_by_role("button", name="Absagen").click()
        await item.get_by_role("button", name="Ja, absagen").click()
        await expect(upcoming).to_have_count(1)
        await expect(page.locator(f"#mine-past .mine-item[data-id='{there}']")).to_contain_text("Abgesagt")

        await page.locator(f".mine-item[data-id='{here}']").get_by_role("link", name="Verschieben").click()
        await page.wait_for_url(f"**/book/{first_biz.slug}?mine=1")
        await expect(page.locator("#book[data-step='mine']")).to_be_visible()
        await expect(page.locator(f".mine-item[data-id='{here}']")).to_be_visible()
