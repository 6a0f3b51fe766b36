"""Convergence of the staff calendar: two desks that applied a burst of live changes (one of them
offline for part of it) show exactly what a freshly loaded desk shows."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypedDict

import httpx
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

from e2e.conftest import SHORT_HOLD_SECONDS
from e2e.journeys import book_online, hold_online, local_start, open_desk
from testkit.app import ServerProcess
from testkit.flows import Business, sign_up


class ContextOptions(TypedDict):
    """The options of a desk's browser context."""

    viewport: ViewportSize
    locale: str


DESK: ContextOptions = {"viewport": {"width": 1366, "height": 850}, "locale": "de-AT"}

# What the week view shows: every appointment and closure element with its text, its column (a
# calendar on a day) and its place in the grid, and the open requests' button.
SNAPSHOT = """() => {
  const grid = document.querySelector(".ec-body").getBoundingClientRect();
  const heads = [...document.querySelectorAll(".ec-col-head")].map((h) => h.getBoundingClientRect());
  const column = (r) => {
    const x = (r.left + r.right) / 2;
    return heads.findIndex((h) => h.left <= x && x <= h.right);
  };
  const item = (el) => {
    const r = el.getBoundingClientRect();
    return [el.dataset.appointmentId ? "appointment" : "closure",
      el.dataset.appointmentId || el.dataset.closureId, el.dataset.status || el.dataset.kind,
      el.getAttribute("aria-label") || el.getAttribute("aria-description"), el.innerText.trim(), column(r),
      Math.round(r.top - grid.top), Math.round(r.height)].join(" | ");
  };
  const requests = document.querySelector("#requests-anchor");
  return {
    items: [...document.querySelectorAll("[data-appointment-id], [data-closure-id]")].map(item).sort(),
    requests: requests.hidden ? "" : document.querySelector("#requests-button").textContent,
  };
}"""


async def week_of(context: BrowserContext, base_url: str, biz: Business, day: datetime) -> Page:
    page = await open_desk(context, base_url, biz, day)
    await page.click("#view-switch button[data-view='resourceTimeGridWeek']")
    await expect(page.locator(".ec-col-group")).to_have_count(7)
    return page


async def converges(page: Page, wanted: dict, seconds: float) -> dict:
    """The page's snapshot once it equals `wanted`, or the last one after `seconds`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        shown = await page.evaluate(SNAPSHOT)
        if shown == wanted or loop.time() > deadline:
            return dict(shown)
        await asyncio.sleep(0.1)


class Api:
    """The desk's API calls of the burst, each checked for its status."""

    def __init__(self, client: httpx.AsyncClient, biz: Business) -> None:
        self.client = client
        self.biz = biz

    async def call(self, method: str, url: str, status: int, **body: object) -> dict:
        answer = await self.client.request(method, url, json=body, headers=self.biz.auth)
        assert answer.status_code == status, answer.text
        return dict(answer.json()) if answer.content else {}

    async def book(self, staff_id: str, start: datetime, first_name: str) -> str:
        made = await self.call(
            "POST",
            "/api/v1/appointments",
            201,
            staff_id=staff_id,
            location_id=self.biz.location_id,
            service_id=self.biz.service_id,
            start=start.isoformat(),
            new_customer={
                "first_name": first_name,
                "last_name": "Huber",
                "email": f"{first_name}@kunde.example",
            },
        )
        return str(made["id"])

    async def pause(self, start: datetime, minutes: int, staff_id: str | None) -> str:
        body: dict[str, object] = {"kind": "pause", "start": start.isoformat(), "confirm": True}
        body["end"] = (start + timedelta(minutes=minutes)).isoformat()
        if staff_id is not None:
            body["staff_id"] = staff_id
        return str((await self.call("POST", "/api/v1/closures", 201, **body))["id"])


async def test_desks_that_applied_a_burst_of_changes_equal_a_freshly_loaded_one(
    short_hold_server: ServerProcess, browser: Browser, context: BrowserContext, tmp_path: Path
) -> None:
    server = short_hold_server
    other = await browser.new_context(**DESK, bypass_csp=True)
    fresh = await browser.new_context(**DESK, bypass_csp=True)
    try:
        async with httpx.AsyncClient(base_url=server.url) as client:
            biz = await sign_up(client, booking_mode="request", show_weekend=True)
            await _run_the_burst(client, biz, server.url, context, other, fresh, tmp_path)
    finally:
        await other.close()
        await fresh.close()


async def _run_the_burst(
    client: httpx.AsyncClient,
    biz: Business,
    base_url: str,
    context: BrowserContext,
    other: BrowserContext,
    fresh: BrowserContext,
    tmp_path: Path,
) -> None:
    api = Api(client, biz)
    hours = {day: [["08:00", "21:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    await api.call("PATCH", f"/api/v1/locations/{biz.location_id}", 200, opening_hours=hours)
    eva = str((await api.call("POST", "/api/v1/staff", 201, name="Eva Berger"))["id"])
    await api.call("PATCH", f"/api/v1/services/{biz.service_id}", 200, staff_ids=[biz.staff_id, eva])
    day = local_start(1, 0)

    def at(hour: int) -> datetime:
        return day.replace(hour=hour)

    first = await week_of(context, base_url, biz, day)
    second = await week_of(other, base_url, biz, day)
    errors: list[str] = []
    for page in (first, second):
        page.on("pageerror", lambda e: errors.append(str(e)))

    # Both desks online: a booking by phone, one on the first desk, moves across calendars (by
    # the API and on the first desk's card), a note from the second desk, a hold given up.
    anna = await api.book(biz.staff_id, at(9), "Anna")
    bernd = await _book_on_the_page(first, at(11), "Bernd Maier")
    await api.call("PATCH", f"/api/v1/appointments/{anna}", 200, staff_id=eva, start=at(10).isoformat())
    await _note_on_the_page(second, anna, "Allergie: Latex")
    await _move_on_the_page(first, bernd, "12:00", eva)
    given_up, _, auth = await hold_online(client, biz, at(13))
    released = await client.delete(f"/api/v1/public/holds/{given_up}", headers=auth)
    assert released.status_code == 204, released.text

    # The second desk loses its connection while the rest happens.
    await other.set_offline(True)
    await expect(second.locator("#connection-banner")).to_be_visible()
    expiring, _, _ = await hold_online(client, biz, at(14))
    held_at = asyncio.get_running_loop().time()
    clara = await api.book(biz.staff_id, at(15), "Clara")
    closing = await api.pause(at(15), 60, biz.staff_id)  # cancels Clara's appointment
    closed = await api.pause(at(17), 30, None)  # the whole business
    gone = await api.pause(at(18), 30, eva)
    await api.call("DELETE", f"/api/v1/closures/{gone}", 204)
    accepted = await book_online(client, biz, at(19))
    await api.call("POST", f"/api/v1/appointments/{accepted}/accept", 200)
    requested = await book_online(client, biz, at(20))  # stays an open request
    await api.call("POST", f"/api/v1/appointments/{anna}/cancel", 200, message="Leider krank.")
    await _until_released(client, biz, expiring, held_at, day)

    # The first desk applied every event; the second catches up once it is back online.
    reloaded = await week_of(fresh, base_url, biz, day)
    wanted = await reloaded.evaluate(SNAPSHOT)
    await reloaded.screenshot(path=str(tmp_path / "fresh.png"))
    assert wanted["requests"] == "Anfragen (1)"
    shown = {line.split(" | ")[1] for line in wanted["items"]}
    assert shown == {bernd, accepted, requested, closing, closed}, (wanted, clara, anna, expiring)
    assert await converges(first, wanted, 2.0) == wanted
    await first.screenshot(path=str(tmp_path / "applied.png"))

    await other.set_offline(False)
    await expect(second.locator("#connection-banner")).to_be_hidden(timeout=5000)
    assert await converges(second, wanted, 3.0) == wanted
    await second.screenshot(path=str(tmp_path / "caught-up.png"))
    assert errors == []


async def _book_on_the_page(page: Page, start: datetime, name: str) -> str:
    await page.click("#create-button")
    await page.fill("#na-date", start.date().isoformat())
    await page.select_option("#na-time", start.strftime("%H:%M"))
    await page.fill("#na-customer", name)
    return await _saved(page, lambda: page.click("#na-save"), "POST", 201)


async def _note_on_the_page(page: Page, appointment_id: str, note: str) -> None:
    await page.click(f"[data-appointment-id='{appointment_id}']")
    await page.fill("#ad-note", note)
    await _saved(page, lambda: page.click("#ad-note-save"), "PATCH", 200)
    await page.keyboard.press("Escape")


async def _move_on_the_page(page: Page, appointment_id: str, time: str, staff_id: str) -> None:
    await page.click(f"[data-appointment-id='{appointment_id}']")
    await page.click("#ad-move")
    await page.select_option("#ad-move-time", time)
    await page.select_option("#ad-move-staff", staff_id)
    await page.click("#ad-move-next")
    await _saved(page, lambda: page.click("#confirm-ok"), "PATCH", 200)


async def _saved(page: Page, act: Callable[[], Awaitable[None]], method: str, status: int) -> str:
    async with page.expect_response(
        lambda r: r.request.method == method and "/appointments" in r.url
    ) as sent:
        await act()
    answer = await sent.value
    assert answer.status == status, await answer.text()
    return str((await answer.json())["id"])


async def _until_released(
    client: httpx.AsyncClient, biz: Business, hold_id: str, held_at: float, day: datetime
) -> None:
    """Waits for the hold's deadline and its release, which the server makes on its own."""
    loop = asyncio.get_running_loop()
    while True:
        listed = await client.get(
            "/api/v1/appointments",
            params={"from": day.date().isoformat(), "to": day.date().isoformat()},
            headers=biz.auth,
        )
        if hold_id not in {a["id"] for a in listed.json()["appointments"]}:
            return
        assert loop.time() - held_at < SHORT_HOLD_SECONDS + 5, "the hold was not released after its deadline"
        await asyncio.sleep(0.2)
