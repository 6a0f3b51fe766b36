"""The customer's account page: reached from the booking page once logged in, it changes the
profile and the password, and logs out."""

from __future__ import annotations

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import choose_slot, local_start, log_in_on_booking_page, shot
from testkit.app import ServerProcess
from testkit.flows import customer, sign_up


async def test_the_customer_changes_profile_and_password_then_logs_out(
    server: ServerProcess, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api, "Clara")
        start = local_start(2, 13)
        page = await second_context.new_page()
        await choose_slot(page, server.url, biz, start)
        await expect(page.locator("#account-bar")).to_be_hidden()
        await log_in_on_booking_page(page, email)
        await expect(page.locator("#book[data-step='code']")).to_be_visible()
        await expect(page.locator("#account-bar")).to_contain_text(f"Angemeldet als {email}")
        await page.screenshot(path=shot("booking-logged-in-phone"))

        await page.click("#account-link")
        await page.wait_for_url(f"**/account?book={biz.slug}")
        await expect(page.locator("#signed-in-as")).to_have_text(f"Angemeldet als {email}")
        await expect(page.locator("input[name=first_name]")).to_have_value("Clara")
        await page.fill("input[name=first_name]", "")
        await page.click("#profile-form button[type=submit]")
        await expect(page.locator("#err-first_name")).to_contain_text("Vorname")
        await page.fill("input[name=first_name]", "Klara")
        await page.fill("input[name=phone]", "+43 660 1234567")
        await page.select_option("select[name=language]", "en")
        await page.click("#profile-form button[type=submit]")
        # (the page has a second status line, of the data download)
        await expect(page.get_by_role("status").filter(has_text="Your details are saved.")).to_be_visible()
        await expect(page.locator("#account-title")).to_have_text("Your customer account")
        await expect(page.locator("html")).to_have_attribute("lang", "en")

        token = (
            await api.post("/api/v1/customer/login", json={"email": email, "password": "a good password"})
        ).json()
        me = await api.get("/api/v1/customer/me", headers={"Authorization": f"Bearer {token['token']}"})
        assert {k: me.json()[k] for k in ("first_name", "phone", "language")} == {
            "first_name": "Klara",
            "phone": "+43 660 1234567",
            "language": "en",
        }

        password = page.locator("#password-form")
        await password.locator("input[name=current_password]").fill("not my password")
        await password.locator("input[name=new_password]").fill("brand new secret")
        await password.locator("input[name=new_password_repeat]").fill("brand new secret")
        await password.locator("button[type=submit]").click()
        await expect(page.locator("#err-current_password")).to_have_text("The current password is not right.")
        await password.locator("input[name=current_password]").fill("a good password")
        await password.locator("input[name=new_password_repeat]").fill("brand new secreT")
        await password.locator("button[type=submit]").click()
        await expect(page.locator("#err-new_password_repeat")).to_contain_text("don't match")
        await password.locator("input[name=new_password_repeat]").fill("brand new secret")
        await password.locator("button[type=submit]").click()
        await expect(password.locator(".form-alert")).to_contain_text("Your password is changed.")
        await page.screenshot(path=shot("customer-account-phone"), full_page=True)
        login = {"email": email, "password": "brand new secret"}
        assert (await api.post("/api/v1/customer/login", json=login)).status_code == 200

        await page.click("#back-link")
        await page.wait_for_url(f"**/book/{biz.slug}")
        await expect(page.locator("#book[data-step='code']")).to_be_visible()  # the hold waited
        await expect(page.locator("#account-bar")).to_contain_text(f"Logged in as {email}")

        await page.click("#account-link")
        await page.click("#sign-out")
        await expect(page.get_by_role("status").filter(has_text="You're logged out.")).to_be_visible()
        await expect(page.locator("input[name=email]")).to_have_value("")
        await page.reload()
        await expect(page.locator("input[name=password]")).to_be_visible()  # nobody logged in any more
        await page.fill("input[name=email]", email)
        await page.fill("input[name=password]", "a good password")  # the old one
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("alert")).to_contain_text("password is wrong")
        await page.fill("input[name=password]", "brand new secret")
        await page.keyboard.press("Enter")
        await expect(page.locator("input[name=first_name]")).to_have_value("Klara")
