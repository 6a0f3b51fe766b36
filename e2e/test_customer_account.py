"""A new customer registers on the booking page, confirms the address, and books."""

from __future__ import annotations

import secrets

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import choose_slot, local_start, log_in_on_booking_page, shot
from testkit.app import ServerProcess, link_token
from testkit.flows import code_for, customer, sign_up, wait_for_mail


async def test_register_verify_and_book_on_a_phone(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(2, 14)
        page = await second_context.new_page()
        await choose_slot(page, server.url, biz, start)

        email = f"neu-{secrets.token_hex(4)}@customer.example"
        await page.click("#tab-register")
        await page.fill("input[name=first_name]", "Nora")
        await page.fill("input[name=last_name]", "Neu")
        await page.fill("input[name=email]", email)
        await page.fill("input[name=password]", "a good password")
        await page.click("form button[type=submit]")
        await expect(page.get_by_text("Fast geschafft")).to_be_visible()

        link = f"{server.url}/verify/{link_token((await wait_for_mail(api, email))[0]['body'])}"
        mailbox = await second_context.new_page()
        await mailbox.goto(f"{server.url}/dev/mailbox")
        await expect(mailbox.get_by_text(email).first).to_be_visible()
        await mailbox.close()

        # Opening the link, as a mail scanner would, verifies nothing.
        opened = await second_context.new_page()
        await opened.goto(link)
        refused = await api.post(
            "/api/v1/customer/login", json={"email": email, "password": "a good password"}
        )
        assert refused.status_code == 403
        await opened.screenshot(path=shot("verify-page-phone"))
        await opened.click("button[type=submit]")
        await expect(opened.get_by_text("bestätigt").first).to_be_visible()
        await opened.close()

        await page.click("#tab-login")
        async with page.expect_response(lambda r: r.url.endswith("/holds")) as held:
            await log_in_on_booking_page(page, email)
        assert (await held.value).status == 201
        await page.fill("input[name=code]", await code_for(api, email))
        await page.keyboard.press("Enter")
        await expect(page.locator("#book[data-step='done']")).to_be_visible()

        listed = await api.get(
            "/api/v1/appointments", params={"from": start.date().isoformat()}, headers=biz.auth
        )
        (booked,) = listed.json()["appointments"]
        assert (booked["status"], booked["customer_name"]) == ("booked", "Nora Neu")


async def test_a_wrong_code_is_explained_in_place(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api)
        start = local_start(2, 16)
        page = await second_context.new_page()
        await choose_slot(page, server.url, biz, start)
        await log_in_on_booking_page(page, email)
        code = await code_for(api, email)
        await page.fill("input[name=code]", "000000" if code != "000000" else "111111")
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("alert")).to_contain_text("noch 4 Versuche")
        await expect(page.locator("#step[data-step='code']")).to_have_count(1)
        await page.screenshot(path=shot("wrong-code-phone"))
