"""The desk's calendar: a month at a glance, notes edited in place, open requests decided."""

from __future__ import annotations

import time
from datetime import datetime

import httpx
from playwright.async_api import Browser, BrowserContext, Page, expect

from e2e.journeys import book_online, local_start, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import Business, sign_up
from testkit.sockets import desk_booking


async def _book_by_phone(api: httpx.AsyncClient, biz: Business, start: datetime, first_name: str) -> dict:
    caller = {"first_name": first_name, "last_name": "Huber"}
    answer = await desk_booking(api, biz, start, new_customer=caller)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def _status(api: httpx.AsyncClient, biz: Business, appointment_id: str, start: datetime) -> str:
    day = start.replace(hour=0, minute=0)
    listed = await api.get(
        "/api/v1/appointments",
        params={"from": day.isoformat(), "to": day.replace(hour=23, minute=59).isoformat()},
        headers=biz.auth,
    )
    assert listed.status_code == 200, listed.text
    return next(a["status"] for a in listed.json()["appointments"] if str(a["id"]) == appointment_id)


async def _open_card(desk: Page, appointment_id: str) -> None:
    await desk.locator(f"[data-appointment-id='{appointment_id}']").click()
    await expect(desk.locator("#appointment-details")).to_be_visible()


async def test_the_month_view_lists_appointments_and_a_day_opens_its_day_view(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(1, 10, 30)
        booked = await _book_by_phone(api, biz, start, "Monika")
        desk = await open_desk(context, server.url, biz, local_start(0, 9))
        errors: list[str] = []
        desk.on("pageerror", lambda e: errors.append(str(e)))

        await desk.click("#view-switch button[data-view='dayGridMonth']")
        await expect(desk.locator("#view-switch button[data-view='dayGridMonth']")).to_have_attribute(
            "aria-pressed", "true"
        )
        event = desk.locator(f"[data-appointment-id='{booked['id']}']")
        if start.month != local_start(0, 9).month:  # tomorrow is next month
            await desk.click("#next-button")
        await expect(event).to_be_visible()
        await expect(event).to_contain_text("10:30")
        await expect(event).to_contain_text("Monika")
        await desk.screenshot(path=shot("desk-month-view"))

        box = await event.bounding_box()
        assert box is not None
        await desk.mouse.click(box["x"] + 20, box["y"] + box["height"] + 30)  # the day, below it
        await expect(desk.locator("#view-switch button[data-view='resourceTimeGridDay']")).to_have_attribute(
            "aria-pressed", "true"
        )
        await expect(desk.locator("#date-label")).to_contain_text(str(start.day))
        await expect(desk.locator(f"[data-appointment-id='{booked['id']}']")).to_be_visible()
        assert errors == []


async def test_a_note_edited_on_one_desk_shows_on_another_within_a_second(
    server: ServerProcess, context: BrowserContext, browser: Browser
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(1, 11)
        booked = await _book_by_phone(api, biz, start, "Nora")
        appointment_id = str(booked["id"])
        first = await open_desk(context, server.url, biz, start)
        # A second desk computer: its own browser profile, a desktop screen.
        other = await browser.new_context(
            viewport={"width": 1366, "height": 850}, locale="de-AT", bypass_csp=True
        )
        try:
            second = await open_desk(other, server.url, biz, start)
            await _edit_note_and_watch(api, biz, appointment_id, start, first, second)
        finally:
            await other.close()


async def _edit_note_and_watch(
    api: httpx.AsyncClient, biz: Business, appointment_id: str, start: datetime, first: Page, second: Page
) -> None:
    await _open_card(first, appointment_id)
    await _open_card(second, appointment_id)
    await expect(second.locator("#ad-note")).to_have_value("")

    await first.fill("#ad-note", "Allergie: Latex")
    async with first.expect_response(lambda r: r.request.method == "PATCH") as patched:
        await first.click("#ad-note-save")
    assert (await patched.value).status == 200
    saved_at = time.monotonic()
    await expect(second.locator("#ad-note")).to_have_value("Allergie: Latex", timeout=1000)
    assert time.monotonic() - saved_at < 1.0
    await expect(first.locator("#ad-note-save")).to_be_hidden()

    listed = await api.get(
        "/api/v1/appointments",
        params={
            "from": start.replace(hour=0).isoformat(),
            "to": start.replace(hour=23, minute=59).isoformat(),
        },
        headers=biz.auth,
    )
    assert [a["note"] for a in listed.json()["appointments"]] == ["Allergie: Latex"]


async def test_the_requests_panel_lists_a_request_and_accepting_books_it(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api, booking_mode="request")
        start = local_start(3, 14)
        desk = await open_desk(context, server.url, biz, local_start(0, 9))
        await expect(desk.locator("#requests-button")).to_be_hidden()

        appointment_id = await book_online(api, biz, start)
        button = desk.locator("#requests-button")
        await expect(button).to_be_visible(timeout=1000)
        await expect(button).to_have_text("Anfragen (1)")
        await button.click()
        item = desk.locator(f"#request-list [data-appointment-id='{appointment_id}']")
        await expect(item).to_contain_text("Clara")
        await expect(item).to_contain_text("Behandlung")
        await expect(item).to_contain_text("14:00")
        await expect(item).to_contain_text(start.strftime("%d.%m."))
        await item.locator(".request-message").fill("Wir freuen uns auf Sie.")
        await desk.screenshot(path=shot("desk-requests-panel"))

        async with desk.expect_response(lambda r: r.url.endswith("/accept")) as accepted:
            await item.locator("[data-decide='accept']").click()
        assert (await accepted.value).status == 200
        await expect(button).to_be_hidden()
        assert await _status(api, biz, appointment_id, start) == "booked"


async def _drag_down(desk: Page, appointment_id: str, pixels: int) -> tuple[float, float]:
    """Drags the appointment down by `pixels`; returns where the pointer let go."""
    box = await desk.locator(f"[data-appointment-id='{appointment_id}']").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + 8
    await desk.mouse.move(x, y)
    await desk.mouse.down()
    await desk.mouse.move(x, y + 10, steps=3)
    await desk.mouse.move(x, y + pixels, steps=12)
    await desk.mouse.up()
    return x, y + pixels


async def test_a_drag_asks_for_a_message_and_cancelling_snaps_back(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = local_start(1, 10)
        booked = await _book_by_phone(api, biz, start, "Paula")
        appointment_id = str(booked["id"])
        desk = await open_desk(context, server.url, biz, start)
        await desk.locator(f"[data-appointment-id='{appointment_id}']").scroll_into_view_if_needed()

        prompt = desk.locator("#confirm-dialog")
        x, y = await _drag_down(desk, appointment_id, 80)  # an hour is 80 px
        await expect(prompt).to_be_visible()
        # It opens beside where the appointment was let go, not in a corner over the top bar.
        shown = await prompt.bounding_box()
        bar = await desk.locator(".topbar").bounding_box()
        assert shown and bar
        assert shown["y"] >= bar["y"] + bar["height"] - 1, (shown, bar)
        beside = abs(shown["x"] - x) < 40 or abs(shown["x"] + shown["width"] - x) < 40
        assert beside and shown["y"] - 40 <= y <= shown["y"] + shown["height"], (shown, x, y)
        await expect(prompt).to_contain_text("Nachricht an den Kunden (optional)")
        await expect(prompt).to_contain_text("11:00")
        await prompt.locator("#confirm-cancel").click()
        await expect(prompt).to_be_hidden()
        await expect(desk.locator(f"[data-appointment-id='{appointment_id}']")).to_contain_text("10:00")

        await _drag_down(desk, appointment_id, 80)
        await expect(prompt).to_be_visible()
        await prompt.locator("#confirm-message").fill("Wir mussten Ihren Termin leider verschieben.")
        async with desk.expect_response(lambda r: r.request.method == "PATCH") as patched:
            await prompt.locator("#confirm-ok").click()
        answer = await patched.value
        assert answer.status == 200
        sent = answer.request.post_data_json
        assert sent is not None and sent["message"].startswith("Wir mussten")
        await expect(prompt).to_be_hidden()
        await expect(desk.locator(f"[data-appointment-id='{appointment_id}']")).to_contain_text("11:00")
        moved = await answer.json()
        assert moved["start"] != booked["start"]
