"""The desk's calendar without the server: today and the next seven days stay readable after a reload,
read-only under a banner with the time they were loaded, until the server answers again."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, expect

from e2e.conftest import _env
from e2e.journeys import local_start, open_desk
from testkit.app import ServerProcess
from testkit.flows import sign_up

# The calendar has kept the days (with the appointment) and its own page for a time without the server.
KEPT = """(name) => (async () => {
  const days = Object.keys(localStorage).filter((key) => key.startsWith("calendar.offline."))
    .map((key) => localStorage.getItem(key)).join("");
  const page = await caches.match("/calendar", { cacheName: "desk-shell" });
  return Boolean(navigator.serviceWorker.controller) && Boolean(page) && days.includes(name);
})()"""

FORGOTTEN = """async () => !Object.keys(localStorage).some((key) => key.startsWith("calendar.offline."))
  && !(await caches.has("desk-shell"))"""


@pytest.fixture
async def own_server(tmp_path: Path) -> AsyncIterator[ServerProcess]:
    """A server of this test's own: the test takes it away and starts another in its place."""
    process = ServerProcess(_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'offline.db'}"))
    await process.start()
    yield process
    process.stop()


async def wait_until_kept(page: Page, name: str) -> None:
    for _ in range(100):
        if await page.evaluate(KEPT, name):
            return
        await page.wait_for_timeout(100)
    raise AssertionError("the calendar did not keep its days for a time without the server")


async def test_a_reload_without_the_server_shows_the_kept_days_read_only(
    own_server: ServerProcess, context: BrowserContext
) -> None:
    tomorrow = local_start(1, 10)
    async with httpx.AsyncClient(base_url=own_server.url) as api:
        biz = await sign_up(api)
        booked = await api.post(
            "/api/v1/appointments",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": biz.service_id,
                "start": tomorrow.isoformat(),
                "new_customer": {"first_name": "Olga", "last_name": "Offline"},
            },
            headers=biz.auth,
        )
        assert booked.status_code == 201, booked.text

    page = await open_desk(context, own_server.url, biz, tomorrow)
    await expect(page.locator("[data-appointment-id]", has_text="Olga Offline")).to_be_visible()
    await wait_until_kept(page, "Olga Offline")

    # Days another person kept here (their session ran out, nobody logged out) go with the next load.
    await page.evaluate("""localStorage.setItem("calendar.offline.someone-else", '{"at": 1}')""")

    own_server.stop()
    await page.reload()
    await page.wait_for_selector("#calendar .ec-body")
    assert await page.evaluate("""localStorage.getItem("calendar.offline.someone-else")""") is None
    await page.click("#next-button")

    await expect(page.locator("[data-appointment-id]", has_text="Olga Offline")).to_be_visible()
    banner = page.locator("#offline-banner")
    await expect(banner).to_be_visible()
    await expect(banner).to_have_text(re.compile(r"^\s*Offline – nur lesen\. Stand: \d{2}:\d{2}\s*$"))
    await expect(page.locator("#create-button")).to_be_disabled()
    await expect(page.locator("#connection-banner")).to_be_hidden()

    # An appointment changes nothing offline; the toast says why.
    await page.locator("[data-appointment-id]", has_text="Olga Offline").click()
    await expect(page.locator("#toast")).to_contain_text("Offline – nur lesen")
    await expect(page.locator("dialog[open]")).to_have_count(0)

    # A day after the kept ones is not shown as a free day: the banner says which days are kept.
    for _ in range(7):
        await page.click("#next-button")
    await expect(banner).to_contain_text("Gespeichert sind nur heute und die nächsten sieben Tage.")

    again = ServerProcess(own_server.env, port=own_server.port)
    await again.start()
    try:
        await expect(banner).to_be_hidden(timeout=20000)
        await expect(page.locator("#create-button")).to_be_enabled()
        await page.click("#today-button")
        await page.click("#next-button")
        await expect(page.locator("[data-appointment-id]", has_text="Olga Offline")).to_be_visible()

        # A log-out forgets the kept days and the page, for whoever signs in next.
        await page.locator(".user form[action='/logout'] button").click()
        await page.wait_for_url("**/login")
        assert await page.evaluate(FORGOTTEN)
    finally:
        again.stop()
