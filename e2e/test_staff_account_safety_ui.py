"""A staff person keeps their account safe from the pages: a forgotten password set anew by a
mailed link, two-factor log-in turned on in the settings (and required by the owner), and a
device they do not trust logged out from the list of signed-in devices."""

from __future__ import annotations

import re
import time

import httpx
import pyotp
from playwright.async_api import Browser, BrowserContext, Page, expect

from e2e.journeys import OWNER_PASSWORD, shot, sign_in
from e2e.test_accessibility import assert_accessible
from e2e.test_english_words import data_of, german_on
from testkit.app import ServerProcess
from testkit.flows import Business, join_team, sign_up, wait_for_mail

#: The password a member sets when joining through the invitation (testkit.flows.join_team).
MEMBER_PASSWORD = "correct horse battery"


def owner_email(biz: Business) -> str:
    return f"{biz.slug}@owner.example"


async def log_in(context: BrowserContext, base_url: str, email: str, password: str) -> Page:
    """The log-in form filled and sent; the caller checks where it leads."""
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(f"{base_url}/login")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", password)
    await page.click("button[type=submit]")
    return page


async def test_a_forgotten_password_is_set_anew_through_the_mailed_link(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        email = owner_email(biz)
        page = await context.new_page()
        await page.goto(f"{server.url}/login")
        await page.click("text=Passwort vergessen?")
        await expect(page).to_have_url(f"{server.url}/login/reset")
        await page.fill("input[name=email]", email)
        await page.click("button[type=submit]")
        await expect(page.locator("h1")).to_have_text("Bitte sehen Sie in Ihr Postfach")

        mail = (await wait_for_mail(api, email))[0]
        assert "Neues Passwort" in mail["subject"]
        found = re.search(r"/login/reset/[A-Za-z0-9_\-.~%]+", mail["body"])
        assert found, mail["body"]
        await page.goto(f"{server.url}{found.group(0)}")
        await page.fill("input[name=password]", "a fresh long secret")
        await page.fill("input[name=password_repeat]", "a fresh long secret")
        await page.click("button[type=submit]")
        await expect(page.locator("h1")).to_have_text("Ihr neues Passwort ist gespeichert")

        await page.click("text=Zur Anmeldung")
        await page.fill("input[name=email]", email)
        await page.fill("input[name=password]", OWNER_PASSWORD)
        await page.click("button[type=submit]")
        await expect(page).to_have_url(f"{server.url}/login")
        await page.fill("input[name=email]", email)
        await page.fill("input[name=password]", "a fresh long secret")
        await page.click("button[type=submit]")
        await page.wait_for_url("**/calendar")


async def test_two_factor_log_in_required_by_the_owner_is_set_up_in_the_settings(
    server: ServerProcess, browser: Browser, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        member = await join_team(api, biz, name="Rita Rezeption", preset="reception")
        email = member.email

        # The owner may require it of everyone once they log in with a code themselves.
        desk = await sign_in(context, server.url, biz)
        await desk.goto(f"{server.url}/settings#zwei-faktor")
        section = desk.locator("#zwei-faktor")
        await expect(section.locator("#two-factor-state")).to_have_text("Ausgeschaltet.")
        await expect(section.locator("#two-factor-required")).to_be_disabled()
        await expect(section.locator("#two-factor-required-first")).to_be_visible()
        await desk.click("#two-factor-start")
        await expect(desk.locator("#two-factor-qr svg")).to_be_visible()
        owner_secret = (await desk.locator("#two-factor-secret").inner_text()).replace(" ", "")
        await desk.fill("#two-factor-code", pyotp.TOTP(owner_secret).now())
        await desk.keyboard.press("Enter")
        await desk.click("#recovery-done")
        await expect(section.locator("#two-factor-required-first")).to_be_hidden()
        await section.locator("#two-factor-required").check()
        await expect(desk.locator("#toast")).to_contain_text("für alle verlangt")

        # A colleague's next log-in leads to the set-up with a notice that says why.
        page = await log_in(second_context, server.url, email, MEMBER_PASSWORD)
        await page.wait_for_url("**/settings?two_factor=due#zwei-faktor")
        await expect(page.locator("#two-factor-due")).to_contain_text("verlangt die Zwei-Faktor-Anmeldung")
        await page.click("#two-factor-start")
        await expect(page.locator("#two-factor-qr svg")).to_be_visible()
        secret = (await page.locator("#two-factor-secret").inner_text()).replace(" ", "")
        totp = pyotp.TOTP(secret)
        await expect(page.locator("#two-factor-code")).to_be_focused()

        await page.fill("#two-factor-code", "000000" if totp.now() != "000000" else "111111")
        await page.keyboard.press("Enter")
        await expect(page.locator("#two-factor-code-error")).not_to_be_empty()

        await page.fill("#two-factor-code", totp.now())
        await page.keyboard.press("Enter")
        codes = page.locator("#recovery-codes li")
        await expect(codes).to_have_count(10)
        await expect(page.locator("#h-recovery")).to_be_focused()
        await expect(page.locator("#two-factor-due")).to_be_hidden()
        await page.screenshot(path=shot("settings-two-factor-recovery-codes"))
        await page.click("#recovery-done")
        await expect(codes).to_have_count(0)
        await expect(page.locator("#two-factor-state")).to_contain_text("Eingeschaltet")
        await expect(page.locator("#two-factor-disable")).to_be_visible()

        # Logging in now asks for the code after the password; the next step's code is fresh.
        later = await browser.new_context(
            viewport={"width": 1366, "height": 850}, locale="de-AT", bypass_csp=True
        )
        try:
            again = await log_in(later, server.url, email, MEMBER_PASSWORD)
            await again.wait_for_url("**/login/code")
            await again.fill("input[name=code]", totp.at(time.time() + 30))
            await again.click("button[type=submit]")
            await again.wait_for_url("**/calendar")
            assert again.errors == []  # type: ignore[attr-defined]
        finally:
            await later.close()
        assert page.errors == []  # type: ignore[attr-defined]
        assert desk.errors == []  # type: ignore[attr-defined]


async def test_another_device_is_logged_out_from_the_list(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        phone = await sign_in(second_context, server.url, biz)
        desk = await sign_in(context, server.url, biz)
        await desk.goto(f"{server.url}/settings#geraete")
        sessions = desk.locator("#session-list li")
        # The sign-up's own session, the phone's and this one.
        await expect(sessions).to_have_count(3)
        await expect(desk.locator("#session-list li.is-current")).to_contain_text("Dieses Gerät")
        await expect(desk.locator("#session-list li.is-current button")).to_have_count(0)

        others = desk.locator("#session-list li:not(.is-current) button")
        await others.first.focus()
        await desk.keyboard.press("Enter")
        dialog = desk.locator("#confirm-dialog")
        await expect(dialog).to_be_visible()
        await expect(dialog.locator("#confirm-title")).to_have_text("Gerät abmelden?")
        await dialog.locator("#confirm-ok").click()
        await expect(dialog).to_be_hidden()
        await expect(desk.locator("#toast")).to_contain_text("abgemeldet")
        await expect(sessions).to_have_count(2)
        await expect(others.first).to_be_focused()

        await desk.click("#end-other-sessions")
        await expect(dialog.locator("#confirm-title")).to_have_text("Überall sonst abmelden?")
        await dialog.locator("#confirm-ok").click()
        await expect(desk.locator("#toast")).to_contain_text("1 Gerät abgemeldet")
        await expect(sessions).to_have_count(1)
        await expect(desk.locator("#end-other-sessions")).to_be_hidden()
        await expect(desk.locator("#session-list")).to_be_focused()
        await desk.screenshot(path=shot("settings-signed-in-devices"))

        await phone.reload()
        await expect(phone).to_have_url(f"{server.url}/login")
        await desk.reload()
        await expect(desk).to_have_url(f"{server.url}/settings#geraete")
        assert desk.errors == []  # type: ignore[attr-defined]


async def test_the_sections_speak_english_and_pass_axe_in_every_state(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        await sign_in(second_context, server.url, biz)
        page = await sign_in(context, server.url, biz)
        data = data_of(biz, owner_email(biz))
        await page.goto(f"{server.url}/settings?lang=en&two_factor=due#zwei-faktor")
        await expect(page.locator("#session-list li")).to_have_count(3)
        await expect(page.locator("#h-geraete")).to_have_text("Signed-in devices")
        await expect(page.locator("#two-factor-due")).to_contain_text("requires two-factor log-in")
        await expect(page.locator("#two-factor-state")).to_have_text("Off.")
        assert await german_on(page, data) == [], "settings: devices and two-factor"
        await assert_accessible(page, "settings: devices and two-factor")

        await page.locator("#session-list li:not(.is-current) button").first.click()
        await expect(page.locator("#confirm-title")).to_have_text("Log this device out?")
        assert await german_on(page, data) == [], "settings: log a device out"
        await page.keyboard.press("Escape")

        await page.click("#two-factor-start")
        await expect(page.locator("#two-factor-qr svg")).to_be_visible()
        await page.keyboard.press("Enter")
        await expect(page.locator("#two-factor-code-error")).to_have_text(
            "Please enter the 6-digit code from the app."
        )
        assert await german_on(page, data) == [], "settings: two-factor set-up"
        await assert_accessible(page, "settings: two-factor set-up")

        secret = (await page.locator("#two-factor-secret").inner_text()).replace(" ", "")
        totp = pyotp.TOTP(secret)
        await page.fill("#two-factor-code", totp.now())
        await page.keyboard.press("Enter")
        await expect(page.locator("#recovery-codes li")).to_have_count(10)
        await expect(page.locator("#two-factor-state")).to_have_text("On. 10 recovery codes left.")
        assert await german_on(page, data) == [], "settings: recovery codes"
        await assert_accessible(page, "settings: recovery codes")
        await page.click("#recovery-done")
        await expect(page.locator("#two-factor-disable")).to_be_visible()
        assert await german_on(page, data) == [], "settings: two-factor on"
        await assert_accessible(page, "settings: two-factor on")

        # Turning it off asks a code; a wrong one is refused beside the field.
        await page.fill("#two-factor-off-code", "not-a-code")
        await page.keyboard.press("Enter")
        await expect(page.locator("#two-factor-off-code-error")).not_to_be_empty()
        await expect(page.locator("#two-factor-off-code")).to_have_attribute("aria-invalid", "true")
        await page.fill("#two-factor-off-code", totp.at(time.time() + 30))
        await page.keyboard.press("Enter")
        await expect(page.locator("#toast")).to_have_text("Two-factor log-in is off.")
        await expect(page.locator("#two-factor-state")).to_have_text("Off.")
        await expect(page.locator("#two-factor-start")).to_be_focused()
        assert page.errors == []  # type: ignore[attr-defined]
