"""One customer's record at the desk: the appointment tabs with notes edited in place and in the
calendar, a proposal from the customer's own profile taken field by field, and erasure on request."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.customer_steps import add_customer, book_for, open_customer_page
from e2e.journeys import hold_online, local_start, shot
from testkit.app import ServerProcess
from testkit.flows import Business, code_for, sign_up

VIENNA = ZoneInfo("Europe/Vienna")


async def book_just_past(api: httpx.AsyncClient, biz: Business, customer_id: str, note: str) -> dict:
    """An appointment that starts two seconds from now, returned once it has begun: a past one."""
    start = (datetime.now(UTC) + timedelta(seconds=2)).astimezone(VIENNA).replace(microsecond=0)
    booked = await book_for(api, biz, customer_id, start, note=note)
    await asyncio.sleep((start - datetime.now(UTC)).total_seconds() + 0.3)
    return booked


async def test_upcoming_comes_first_and_a_note_edited_there_shows_in_the_calendar_and_back(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        customer_id = await add_customer(
            api, biz, first_name="Nora", last_name="Huber", email="nora@example.at"
        )
        past = await book_just_past(api, biz, customer_id, "Erstbefund")
        ahead = await book_for(api, biz, customer_id, local_start(2, 10))
        page = await open_customer_page(context, server.url, biz, f"/customers/{customer_id}")
        phone = await open_customer_page(second_context, server.url, biz, f"/customers/{customer_id}")

        await expect(page.locator("#tab-upcoming")).to_have_attribute("aria-selected", "true")
        await expect(page.locator("#upcoming-count")).to_have_text("1")
        await expect(page.locator("#past-count")).to_have_text("1")
        upcoming = page.locator(f"#upcoming-list .visit[data-appointment-id='{ahead['id']}']")
        await expect(upcoming.locator(".status")).to_have_text("Gebucht")
        await expect(upcoming.locator(".visit-time")).to_have_text("10:00–10:30")

        # The note opens in place; Ctrl+Enter saves it through the calendar's PATCH.
        await upcoming.locator(".note-button").click()
        editor = upcoming.locator("textarea")
        await expect(editor).to_be_focused()
        await editor.press_sequentially("Knie")
        # Another appointment booked meanwhile redraws the list; the note being written stays, cursor too.
        await book_for(api, biz, customer_id, local_start(5, 9))
        await expect(page.locator("#upcoming-count")).to_have_text("2")
        await expect(editor).to_have_value("Knie")
        await expect(editor).to_be_focused()
        await editor.press_sequentially(" links")
        async with page.expect_response(lambda r: r.request.method == "PATCH") as saved:
            await editor.press("Control+Enter")
        assert (await saved.value).status == 200
        await expect(upcoming.locator(".note-button")).to_have_text("Knie links")
        await expect(page.locator("#toast")).to_contain_text("Notiz gespeichert")
        await expect(phone.locator(f".visit[data-appointment-id='{ahead['id']}'] .note-button")).to_have_text(
            "Knie links"
        )

        # The past tab, reached from the keyboard.
        await page.locator("#tab-upcoming").focus()
        await page.keyboard.press("ArrowRight")
        await expect(page.locator("#tab-past")).to_have_attribute("aria-selected", "true")
        await expect(page.locator("#panel-past")).to_be_visible()
        earlier = page.locator(f"#past-list .visit[data-appointment-id='{past['id']}']")
        await expect(earlier.locator(".note-button")).to_have_text("Erstbefund")
        await page.screenshot(path=shot("customer-record-history"), full_page=True)
        await phone.screenshot(path=shot("customer-record-phone"), full_page=True)

        # The calendar opens on that day, and its card has the note; a note changed there shows here.
        await page.locator("#tab-upcoming").click()
        await upcoming.locator(".visit-calendar").click()
        await page.wait_for_url(f"**/calendar?date={local_start(2, 10).date().isoformat()}")
        await page.locator(f"[data-appointment-id='{ahead['id']}']").click()
        await expect(page.locator("#ad-note")).to_have_value("Knie links")
        await page.fill("#ad-note", "Knie links, Eis danach")
        await page.click("#ad-note-save")
        await expect(phone.locator(f".visit[data-appointment-id='{ahead['id']}'] .note-button")).to_have_text(
            "Knie links, Eis danach"
        )
        await page.click("#ad-customer-link")
        await page.wait_for_url(f"**/customers/{customer_id}")
        await expect(page.locator(f".visit[data-appointment-id='{ahead['id']}'] .note-button")).to_have_text(
            "Knie links, Eis danach"
        )
        assert page.errors == [] and phone.errors == []  # type: ignore[attr-defined]


async def test_a_proposal_from_the_customers_own_profile_is_taken_field_by_field(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        hold_id, email, auth = await hold_online(api, biz, local_start(2, 13))
        confirmed = await api.post(
            f"/api/v1/public/holds/{hold_id}/confirm", json={"code": await code_for(api, email)}, headers=auth
        )
        assert confirmed.status_code == 200, confirmed.text
        page = await open_customer_page(context, server.url, biz)
        row = page.locator("#customer-rows .customer-row", has_text="Clara Kundin")
        await expect(row.locator(".badge-quiet")).to_have_text("Online-Konto")

        # The customer changes name and phone in their own account, while the desk has the list open.
        changed = await api.patch(
            "/api/v1/customer/me", json={"last_name": "Maier", "phone": "0664 1"}, headers=auth
        )
        assert changed.status_code == 200, changed.text
        await expect(row.locator(".badge-proposal")).to_have_text("Änderung vorgeschlagen")
        await expect(page.locator("#proposal-count")).to_have_text("1")
        await page.click("#tab-proposals")
        item = page.locator("#proposal-list .proposal-item")
        await expect(item.locator(".change-list")).to_contain_text("Nachname")
        await expect(item.locator(".change-list")).to_contain_text("Kundin → Maier")
        await item.locator(".customer-link").click()

        await page.wait_for_url("**/customers/*")
        proposal = page.locator("#proposal")
        await expect(proposal).to_be_visible()
        await expect(page.locator("#proposal-rows tr[data-field='last_name']")).to_contain_text("Kundin")
        await expect(page.locator("#proposal-rows tr[data-field='last_name'] .proposed")).to_have_text(
            "Maier"
        )
        await expect(page.locator("#proposal-rows tr[data-field='phone'] .proposed")).to_have_text("0664 1")
        await expect(page.locator("#proposal-take")).to_have_text("Alle übernehmen")
        await page.uncheck("#take-phone")
        await expect(page.locator("#proposal-take")).to_have_text("1 übernehmen, Rest ignorieren")
        await page.screenshot(path=shot("customer-record-proposal"), full_page=True)

        await page.click("#proposal-take")
        await expect(proposal).to_be_hidden()
        await expect(page.locator("#customer-name")).to_have_text("Clara Maier")
        await expect(page.locator("#toast")).to_contain_text("Änderungen übernommen")
        record = (await api.get("/api/v1/customers", params={"q": "clara"}, headers=biz.auth)).json()[
            "customers"
        ][0]
        assert (record["last_name"], record["phone"], record["has_proposal"]) == ("Maier", "", False)
        assert (await api.get("/api/v1/customer-proposals", headers=biz.auth)).json()["proposals"] == []
        assert page.errors == []  # type: ignore[attr-defined]


async def test_erasure_waits_for_upcoming_appointments_then_explains_and_anonymises(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        customer_id = await add_customer(api, biz, first_name="Otto", last_name="Ostermann", note="Privat")
        past = await book_just_past(api, biz, customer_id, "Befund")
        ahead = await book_for(api, biz, customer_id, local_start(3, 9))
        page = await open_customer_page(context, server.url, biz, f"/customers/{customer_id}")
        await expect(page.locator(f".visit[data-appointment-id='{ahead['id']}']")).to_be_visible()

        await page.click("#delete-customer")
        await expect(page.locator("#confirm-title")).to_have_text(
            "Otto Ostermann hat noch anstehende Termine"
        )
        await page.click("#confirm-cancel")

        # The desk cancels the appointment ahead; the record follows and erasure is possible.
        cancelled = await api.post(f"/api/v1/appointments/{ahead['id']}/cancel", json={}, headers=biz.auth)
        assert cancelled.status_code == 200, cancelled.text
        await expect(page.locator(f".visit[data-appointment-id='{ahead['id']}'] .status")).to_have_text(
            "Abgesagt"
        )
        await page.click("#delete-customer")
        await expect(page.locator("#confirm-title")).to_have_text("Otto Ostermann löschen?")
        await expect(page.locator("#confirm-text")).to_contain_text("„Gelöschter Kunde“")
        await expect(page.locator("#confirm-text")).to_contain_text("nicht rückgängig")
        await page.screenshot(path=shot("customer-erase-confirmation"))
        await page.click("#confirm-ok")
        await page.wait_for_url("**/customers")
        await expect(page.locator("#toast")).to_contain_text("Otto Ostermann gelöscht")
        await expect(page.locator("#customer-rows .customer-row")).to_have_count(0)

        gone = await api.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)
        assert gone.status_code == 404
        opened = await page.goto(f"{server.url}/customers/{customer_id}")
        assert opened is not None and opened.status == 404
        await expect(page.locator("h1")).to_have_text("Seite nicht gefunden")
        day = past["start"][:10]
        listed = await api.get("/api/v1/appointments", params={"from": day, "to": day}, headers=biz.auth)
        shown = next(a for a in listed.json()["appointments"] if a["id"] == past["id"])
        assert (shown["customer_name"], shown["note"]) == ("Gelöschter Kunde", "")
        assert page.errors == []  # type: ignore[attr-defined]
