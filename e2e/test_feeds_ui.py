"""A person subscribes to their calendar from the settings: the address made there, copied with
its button, is a calendar feed that a calendar program reads; revoked there, it stops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from icalendar import Calendar
from playwright.async_api import BrowserContext, expect

from e2e.journeys import shot, sign_in
from e2e.test_accessibility import assert_accessible
from testkit.app import ServerProcess
from testkit.flows import sign_up


async def test_a_feed_made_in_the_settings_is_read_by_a_calendar_program(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        booked = await api.post(
            "/api/v1/appointments",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": biz.service_id,
                "start": start.isoformat(),
                "new_customer": {"first_name": "Eva", "last_name": "Berger"},
            },
            headers=biz.auth,
        )
        assert booked.status_code == 201, booked.text

        await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
        page = await sign_in(context, server.url, biz)
        await page.goto(f"{server.url}/settings#kalender-abo")
        section = page.locator("#kalender-abo")
        await expect(section.locator("#feed-none")).to_be_visible()
        await expect(section.locator("#feed-secret-note")).to_contain_text("Kundennamen")
        await section.locator("#feed-what").select_option("person")
        await section.locator("#feed-full").check()
        await section.locator("#feed-create").click()

        feed = section.locator("li.feed")
        await expect(feed).to_have_count(1)
        await expect(feed.locator(".feed-title")).to_contain_text(f"Praxis {biz.slug} – ")
        await expect(feed.locator(".badge")).to_have_text("Vollständig, mit Kundennamen")
        webcal = await feed.locator("input[id^=feed-webcal-]").input_value()
        https = await feed.locator("input[id^=feed-url-]").input_value()
        assert webcal.startswith("webcal://") and https.startswith(server.url + "/feeds/")
        assert webcal.removeprefix("webcal://") == https.split("://", 1)[1]
        await expect(feed.locator("a", has_text="Abonnieren")).to_have_attribute("href", webcal)

        await feed.locator("[data-copy-feed^=feed-url-]").click()
        assert await page.evaluate("navigator.clipboard.readText()") == https
        await assert_accessible(page, "the settings with a calendar subscription")
        await section.screenshot(path=shot("feeds-settings"))

        read = await api.get(https)
        assert read.status_code == 200
        assert read.headers["content-type"] == "text/calendar; charset=utf-8"
        (entry,) = Calendar.from_ical(read.text).walk("VEVENT")
        assert str(entry["UID"]) == f"{booked.json()['id']}@{httpx.URL(server.url).host}"
        assert str(entry["SUMMARY"]) == "Behandlung – Eva Berger"
        assert entry.decoded("DTSTART") == start

        await feed.locator("[data-feed-revoke]").click()
        await page.locator("#confirm-ok").click()
        await expect(feed).to_have_count(0)
        await expect(section.locator("#feed-none")).to_be_visible()
        assert (await api.get(https)).status_code == 404
        assert page.errors == []  # type: ignore[attr-defined]
