"""A customer who forgot the password sets a new one from the booking page's log-in or from the
account page, through the mailed link, and carries on; registering an address that has an
account already answers as any registration does, and the mail goes to the address's owner."""

from __future__ import annotations

import re
import secrets

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import choose_slot, local_start, log_in_on_booking_page, shot
from testkit.app import ServerProcess
from testkit.flows import code_for, customer, sign_up, wait_for_mail


def reset_link(base_url: str, body: str) -> str:
    match = re.search(r"/account/reset/[A-Za-z0-9_\-]+(\?lang=en)?", body)
    assert match, body
    return base_url + match.group(0)


async def test_a_forgotten_password_is_set_anew_from_the_booking_page_and_the_booking_goes_on(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api, "Frieda")
        start = local_start(3, 11)
        page = await second_context.new_page()
        await choose_slot(page, server.url, biz, start)
        await page.fill("input[name=email]", email)
        await page.get_by_role("button", name="Passwort vergessen?").click()
        await expect(page.get_by_role("heading", name="Neues Passwort festlegen")).to_be_focused()
        await expect(page.locator("#forgot-form input[name=email]")).to_have_value(email)
        await page.get_by_role("button", name="Link senden").click()
        note = page.get_by_text(f"Wenn es zu {email} ein Kundenkonto gibt")
        await expect(note).to_be_visible()
        await page.screenshot(path=shot("booking-forgot-password-sent"))

        mail = (await wait_for_mail(api, email, count=2))[0]
        assert mail["subject"] == "Neues Passwort festlegen"
        setting = await second_context.new_page()
        await setting.goto(reset_link(server.url, mail["body"]))
        await setting.fill("input[name=password]", "a brand new password")
        await setting.fill("input[name=password_repeat]", "a brand new password")
        await setting.click("button[type=submit]")
        await expect(setting.get_by_text("gespeichert").first).to_be_visible()
        await setting.close()

        # Back on the booking page, the chosen time is still chosen: log in with the new password.
        async with page.expect_response(lambda r: r.url.endswith("/holds")) as held:
            await log_in_on_booking_page(page, email, "a brand new password")
        assert (await held.value).status == 201
        await page.fill("input[name=code]", await code_for(api, email))
        await page.keyboard.press("Enter")
        await expect(page.locator("#book[data-step='done']")).to_be_visible()


async def test_the_account_page_offers_a_new_password_and_a_known_address_registers_like_a_new_one(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api, "Greta")
        page = await second_context.new_page()
        await page.goto(f"{server.url}/account?lang=en")
        await page.get_by_role("button", name="Forgot your password?").click()
        await page.fill("#forgot-form input[name=email]", email)
        await page.get_by_role("button", name="Send link").click()
        await expect(page.get_by_text(f"If there is a customer account for {email}")).to_be_visible()
        await expect(page.locator("form.account-form input[name=password]")).to_be_visible()
        mail = (await wait_for_mail(api, email, count=2))[0]
        assert "/account/reset/" in mail["body"]

        # Registering the same address on the booking page: the same answer as for a new address.
        booking = await second_context.new_page()
        await choose_slot(booking, server.url, biz, local_start(4, 10))
        answers = []
        for address in (email, f"fresh-{secrets.token_hex(4)}@customer.example"):
            await booking.click("#tab-register")
            await booking.fill("input[name=first_name]", "Greta")
            await booking.fill("input[name=last_name]", "Gast")
            await booking.fill("input[name=email]", address)
            await booking.fill("input[name=password]", "somebody's password")
            async with booking.expect_response(lambda r: r.url.endswith("/customer/register")) as sent:
                await booking.click("form button[type=submit]")
            answers.append(((await sent.value).status, await (await sent.value).json()))
            await expect(booking.get_by_text("Fast geschafft")).to_be_visible()
        assert answers[0] == answers[1] == (202, {"status": "verification_sent"})
        owner_note = (await wait_for_mail(api, email, count=3))[0]
        assert owner_note["subject"] == "Sie haben bereits ein Kundenkonto"
        assert "/account/reset/" in owner_note["body"]
