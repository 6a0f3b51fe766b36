"""The staff calendar with the keyboard alone: book, open, move and cancel, views and requests."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import book_online, local_start, open_desk
from testkit.app import ServerProcess
from testkit.flows import Business, sign_up

FOCUSED_MATCHES = "(selector) => document.activeElement?.matches(selector) ?? false"
FOCUS_RING = "() => getComputedStyle(document.activeElement).boxShadow"


async def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 60) -> None:
    """Presses Tab (or Shift+Tab) until the element matching `selector` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if await page.evaluate(FOCUSED_MATCHES, selector):
            return
        await page.keyboard.press(key)
    raise AssertionError(f"{selector} is not reachable with {key}")


async def assert_focus_ring(page: Page) -> None:
    assert await page.evaluate(FOCUS_RING) != "none", "the focused element shows no focus ring"


async def _appointments_on(api: httpx.AsyncClient, biz: Business, day: datetime) -> list[dict]:
    listed = await api.get(
        "/api/v1/appointments",
        params={"from": day.date().isoformat(), "to": day.date().isoformat()},
        headers=biz.auth,
    )
    assert listed.status_code == 200, listed.text
    return list(listed.json()["appointments"])


async def _second_calendar(api: httpx.AsyncClient, biz: Business, name: str) -> str:
    made = await api.post("/api/v1/staff", json={"name": name}, headers=biz.auth)
    assert made.status_code == 201, made.text
    both = {"staff_ids": [biz.staff_id, made.json()["id"]]}
    offered = await api.patch(f"/api/v1/services/{biz.service_id}", json=both, headers=biz.auth)
    assert offered.status_code == 200, offered.text
    return str(made.json()["id"])


async def test_book_open_move_and_cancel_with_the_keyboard_only(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        eva = await _second_calendar(api, biz, "Eva Berger")
        day = local_start(1, 10)
        desk = await open_desk(context, server.url, biz, day)
        errors: list[str] = []
        desk.on("pageerror", lambda e: errors.append(str(e)))
        await desk.evaluate("document.activeElement?.blur()")

        # Book: "Neuer Eintrag", the time by typing into its list, the customer, Enter saves.
        await tab_to(desk, "#create-button")
        await assert_focus_ring(desk)
        await desk.keyboard.press("Enter")
        dialog = desk.locator("#new-appointment")
        await expect(dialog).to_be_visible()
        assert await desk.evaluate(FOCUSED_MATCHES, "#na-customer"), "focus moves into the dialog"
        await desk.keyboard.press("Escape")
        await expect(dialog).to_be_hidden()
        assert await desk.evaluate(FOCUSED_MATCHES, "#create-button"), "Escape returns the focus"

        await desk.keyboard.press("Enter")
        await expect(dialog).to_be_visible()
        await desk.keyboard.type("Bernd Maier")
        # He is new: the desk notes the number he is calling from.
        await tab_to(desk, "#na-phone")
        await desk.keyboard.type("0664 1234567")
        await tab_to(desk, "#na-time", backwards=True)
        await desk.keyboard.type("10:00")
        await expect(desk.locator("#na-time")).to_have_value("10:00")
        await tab_to(desk, "#na-customer")
        async with desk.expect_response(lambda r: r.request.method == "POST") as posted:
            await desk.keyboard.press("Enter")
        assert (await posted.value).status == 201
        await expect(dialog).to_be_hidden()
        assert await desk.evaluate(FOCUSED_MATCHES, "#create-button")
        [booked] = await _appointments_on(api, biz, day)
        assert booked["customer_name"] == "Bernd Maier"
        found = await api.get("/api/v1/customers", params={"q": "Maier"}, headers=biz.auth)
        assert [c["phone"] for c in found.json()["customers"]] == ["0664 1234567"]
        assert datetime.fromisoformat(booked["start"]) == day
        event = f"[data-appointment-id='{booked['id']}']"
        await expect(desk.locator(event)).to_contain_text("Bernd Maier")

        # Open: Tab reaches the appointment, Enter opens its card, Escape closes it again.
        await tab_to(desk, event)
        await assert_focus_ring(desk)
        await desk.keyboard.press("Enter")
        card = desk.locator("#appointment-details")
        await expect(card).to_be_visible()
        await expect(card).to_contain_text("Bernd Maier")
        await desk.keyboard.press("Escape")
        await expect(card).to_be_hidden()
        assert await desk.evaluate(FOCUSED_MATCHES, event)
        await desk.keyboard.press(" ")
        await expect(card).to_be_visible()

        # Move: a new time and calendar on the card, then the same prompt as after a drag.
        await tab_to(desk, "#ad-move")
        await desk.keyboard.press("Enter")
        assert await desk.evaluate(FOCUSED_MATCHES, "#ad-move-date")
        await tab_to(desk, "#ad-move-time")
        await desk.keyboard.type("11:30")
        await tab_to(desk, "#ad-move-staff")
        await desk.keyboard.type("Eva")
        await expect(desk.locator("#ad-move-staff")).to_have_value(eva)
        await desk.keyboard.press("Enter")
        prompt = desk.locator("#confirm-dialog")
        await expect(prompt).to_be_visible()
        await expect(prompt).to_contain_text("11:30 (Eva Berger)")
        await tab_to(desk, "#confirm-message", backwards=True)
        await desk.keyboard.type("Wir haben Ihren Termin verlegt.")
        await tab_to(desk, "#confirm-ok")
        async with desk.expect_response(lambda r: r.request.method == "PATCH") as patched:
            await desk.keyboard.press("Enter")
        answer = await patched.value
        assert answer.status == 200
        sent = answer.request.post_data_json
        assert sent is not None and sent["message"] == "Wir haben Ihren Termin verlegt."
        await expect(prompt).to_be_hidden()
        [moved] = await _appointments_on(api, biz, day)
        assert moved["staff_id"] == eva
        assert datetime.fromisoformat(moved["start"]) == day + timedelta(minutes=90)
        await expect(desk.locator(event)).to_contain_text("11:30")
        await expect(desk.locator(f"{event}:focus")).to_be_visible()

        # Cancel: Enter on the moved appointment, "Termin absagen", a message, "Wirklich absagen".
        await desk.keyboard.press("Enter")
        await expect(card).to_be_visible()
        await tab_to(desk, "#ad-actions .btn-danger")
        await desk.keyboard.press("Enter")
        assert await desk.evaluate(FOCUSED_MATCHES, "#ad-message")
        await desk.keyboard.type("Leider müssen wir absagen.")
        await tab_to(desk, "#ad-actions .btn-danger")
        async with desk.expect_response(lambda r: r.url.endswith("/cancel")) as cancelled:
            await desk.keyboard.press("Enter")
        assert (await cancelled.value).status == 200
        await expect(card).to_be_hidden()
        await expect(desk.locator(event)).to_have_count(0)
        [gone] = await _appointments_on(api, biz, day)
        assert gone["status"] == "cancelled"
        assert errors == []


async def test_views_dates_and_requests_answer_the_keyboard(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api, booking_mode="request")
        start = local_start(2, 14)
        request_id = await book_online(api, biz, start)
        desk = await open_desk(context, server.url, biz, local_start(0, 9))
        await desk.evaluate("document.activeElement?.blur()")

        week = "#view-switch button[data-view='resourceTimeGridWeek']"
        await tab_to(desk, week)
        await assert_focus_ring(desk)
        await desk.keyboard.press("Enter")
        await expect(desk.locator(week)).to_have_attribute("aria-pressed", "true")
        label = await desk.locator("#date-label").inner_text()
        await tab_to(desk, "#next-button", backwards=True)
        await desk.keyboard.press("Enter")
        await expect(desk.locator("#date-label")).not_to_have_text(label)
        await tab_to(desk, "#today-button", backwards=True)
        await desk.keyboard.press("Enter")
        await expect(desk.locator("#date-label")).to_have_text(label)

        # The requests panel: open it, write a message, accept, all from the keyboard.
        await tab_to(desk, "#requests-button")
        await desk.keyboard.press("Enter")
        item = desk.locator(f"#request-list [data-appointment-id='{request_id}']")
        await expect(item).to_be_visible()
        await desk.keyboard.press("Escape")
        await expect(item).to_be_hidden()
        assert await desk.evaluate(FOCUSED_MATCHES, "#requests-button")
        await desk.keyboard.press("Enter")
        await tab_to(desk, f"#rq-message-{request_id}")
        await desk.keyboard.type("Bis bald!")
        await tab_to(desk, f"[data-appointment-id='{request_id}'] [data-decide='accept']")
        async with desk.expect_response(lambda r: r.url.endswith("/accept")) as accepted:
            await desk.keyboard.press("Enter")
        assert (await accepted.value).status == 200
        assert (await accepted.value).request.post_data_json == {"message": "Bis bald!"}
        await expect(desk.locator("#requests-button")).to_be_hidden()
