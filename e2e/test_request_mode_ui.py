"""Booking requests: customers send them on the booking page, the desk accepts one and declines
another in the staff calendar, and each customer gets the answer by mail."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import httpx
from icalendar import Calendar
from playwright.async_api import BrowserContext, expect

from e2e.journeys import choose_slot, local_start, log_in_on_booking_page, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import Business, code_for, customer, sign_up, wait_for_mail


async def request_on_the_page(
    context: BrowserContext, server: ServerProcess, api: httpx.AsyncClient, biz: Business, start: datetime
) -> tuple[str, str]:
    """A new customer sends a request for `start` on the booking page; returns (e-mail, appointment id)."""
    email, _ = await customer(api, "Rita")
    page = await context.new_page()  # a tab of its own, so a log-in of its own
    await choose_slot(page, server.url, biz, start)
    await log_in_on_booking_page(page, email)
    await expect(page.get_by_role("button", name="Anfrage verbindlich senden")).to_be_visible()
    await page.fill("input[name=code]", await code_for(api, email))
    async with page.expect_response(lambda r: r.url.endswith("/confirm")) as confirmed:
        await page.keyboard.press("Enter")
    answer = await (await confirmed.value).json()
    assert answer["status"] == "requested"
    await expect(page.locator("#step-title")).to_have_text("Anfrage gesendet")
    await expect(page.get_by_text("prüft Ihre Anfrage")).to_be_visible()
    where = await page.locator(".done-list dd").nth(2).inner_text()
    assert where.count(biz.slug) == 1, where  # a location named like the business is named once
    # "Add to calendar" downloads the server's entry, the same one the mails carry.
    async with page.expect_download() as downloaded:
        await page.get_by_role("button", name="Zum Kalender hinzufügen").click()
    download = await downloaded.value
    assert download.suggested_filename == "termin.ics"
    (entry,) = Calendar.from_ical(Path(await download.path()).read_text()).walk("VEVENT")
    assert str(entry["UID"]) == f"{answer['appointment_id']}@127.0.0.1"
    assert entry.decoded("DTSTART") == start
    assert str(entry["SUMMARY"]) == f"Behandlung – Praxis {biz.slug}"
    await page.screenshot(path=shot("request-sent-phone"))
    await page.close()
    return email, str(answer["appointment_id"])


async def test_the_desk_accepts_one_request_and_declines_another(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api, booking_mode="request")
        first, second = local_start(3, 9), local_start(3, 10, 30)
        accepted_email, accepted_id = await request_on_the_page(second_context, server, api, biz, first)
        declined_email, declined_id = await request_on_the_page(second_context, server, api, biz, second)

        desk = await open_desk(context, server.url, biz, first)
        await expect(desk.locator("#requests-button")).to_have_text("Anfragen (2)")
        await desk.click("#requests-button")
        panel = desk.locator("#requests-panel")
        await expect(panel.locator(".request-item")).to_have_count(2)
        await desk.screenshot(path=shot("desk-open-requests"))
        await panel.locator(
            f".request-item[data-appointment-id='{accepted_id}'] [data-decide='accept']"
        ).click()
        await expect(desk.locator("#requests-button")).to_have_text("Anfragen (1)")
        await panel.locator(
            f".request-item[data-appointment-id='{declined_id}'] [data-decide='decline']"
        ).click()
        await expect(desk.locator("#requests-anchor")).to_be_hidden()

        yes = next(
            m
            for m in await wait_for_mail(api, accepted_email, count=4)
            if m["subject"].startswith("Termin bestätigt")
        )
        assert "angenommen" in yes["body"] and "/cancel/" in yes["body"]
        no = next(
            m
            for m in await wait_for_mail(api, declined_email, count=4)
            if m["subject"].startswith("Terminanfrage abgelehnt")
        )
        assert "nicht annehmen" in no["body"]

        listed = await api.get(
            "/api/v1/appointments", params={"from": first.date().isoformat()}, headers=biz.auth
        )
        statuses = {a["id"]: a["status"] for a in listed.json()["appointments"]}
        assert statuses == {accepted_id: "booked", declined_id: "cancelled"}
