"""The desk decides what the customer is told: a desk booking mails a confirmation with the
calendar entry unless unticked, and a move mails the new time unless unticked in its prompt."""

from __future__ import annotations

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import local_start, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import mails_to, sign_up, wait_for_mail


async def book_in_dialog(desk: Page, name: str, email: str, time: str, *, confirm: bool) -> None:
    await desk.click("#create-button")
    dialog = desk.locator("#new-appointment")
    await expect(dialog).to_be_visible()
    await desk.fill("#na-customer", name)
    await desk.fill("#na-email", email)
    await desk.focus("#na-time")
    await desk.keyboard.type(time)
    notify = desk.locator("#na-notify")
    await expect(notify).to_be_checked()
    if not confirm:
        await notify.uncheck()
    async with desk.expect_response(lambda r: r.request.method == "POST") as posted:
        await desk.click("#na-save")
    assert (await posted.value).status == 201
    await expect(dialog).to_be_hidden()


async def move_on_card(desk: Page, name: str, time: str, *, tell: bool) -> None:
    await desk.locator("#calendar [data-appointment-id]", has_text=name).first.click()
    await expect(desk.locator("#appointment-details")).to_be_visible()
    await desk.click("#ad-move")
    await desk.focus("#ad-move-time")
    await desk.keyboard.type(time)
    await desk.keyboard.press("Enter")
    prompt = desk.locator("#confirm-dialog")
    await expect(prompt).to_be_visible()
    notify = prompt.locator("#confirm-notify")
    await expect(notify).to_be_checked()
    if not tell:
        await notify.uncheck()
    await desk.screenshot(path=shot(f"move-prompt-{'tell' if tell else 'quiet'}"))
    async with desk.expect_response(lambda r: r.request.method == "PATCH") as patched:
        await prompt.locator("#confirm-ok").click()
    assert (await patched.value).status == 200
    await expect(prompt).to_be_hidden()


async def test_the_desk_chooses_whether_the_customer_hears_of_a_booking_and_a_move(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        day = local_start(1, 9)
        desk = await open_desk(context, server.url, biz, day)

        nina, otto = f"nina-{biz.slug}@example.at", f"otto-{biz.slug}@example.at"
        await book_in_dialog(desk, "Nina Neu", nina, "10:00", confirm=True)
        confirmed = (await wait_for_mail(api, nina))[0]
        assert confirmed["subject"].startswith("Termin bestätigt: Behandlung am ")
        await book_in_dialog(desk, "Otto Ohne", otto, "12:00", confirm=False)
        assert await mails_to(api, otto) == []

        await move_on_card(desk, "Nina Neu", "11:00", tell=False)
        assert len(await mails_to(api, nina)) == 1
        await move_on_card(desk, "Nina Neu", "14:00", tell=True)
        moved = (await wait_for_mail(api, nina, count=2))[0]
        assert moved["subject"].startswith("Termin verschoben: Behandlung am ")
        assert "14:00" in moved["subject"]
        assert desk.errors == []  # type: ignore[attr-defined]
