"""Who did what, on the desk's screens: an appointment's card and a customer's record say who booked,
moved and changed them, and when."""

from __future__ import annotations

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import local_start, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import join_team, sign_up


async def test_the_card_of_a_moved_appointment_and_its_customers_record_show_who_did_what(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        owner = (await api.get("/api/v1/me", headers=biz.auth)).json()["name"]
        anna = await join_team(api, biz, name="Anna Berger", preset="reception")
        start = local_start(2, 9)
        booked = await api.post(
            "/api/v1/appointments",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": biz.service_id,
                "start": start.isoformat(),
                "new_customer": {"first_name": "Vera", "last_name": "Verlauf"},
            },
            headers=anna.auth,
        )
        assert booked.status_code == 201, booked.text
        appointment = booked.json()
        later = local_start(3, 10)
        moved = await api.patch(
            f"/api/v1/appointments/{appointment['id']}", json={"start": later.isoformat()}, headers=biz.auth
        )
        assert moved.status_code == 200, moved.text
        changed = await api.patch(
            f"/api/v1/customers/{appointment['customer_id']}", json={"phone": "+43 1 234"}, headers=biz.auth
        )
        assert changed.status_code == 200, changed.text

        desk = await open_desk(context, server.url, biz, later)
        await desk.locator(f"[data-appointment-id='{appointment['id']}']").click()
        lines = desk.locator("#ad-history li")
        await expect(lines).to_have_count(2)
        await expect(lines.nth(0)).to_contain_text("gebucht von Anna Berger · ")
        was, now = start.strftime("%d.%m. %H:%M"), later.strftime("%d.%m. %H:%M")
        await expect(lines.nth(1)).to_contain_text(f"verschoben von {owner} von {was} auf {now} · ")
        await desk.screenshot(path=shot("history-in-the-card"))

        await desk.click("#ad-customer-link")
        await desk.wait_for_url(f"**/customers/{appointment['customer_id']}")
        log = desk.locator("#record-log")
        await expect(log).to_be_visible()
        await expect(log.locator("h2")).to_have_text("Verlauf")
        await expect(log.locator("li")).to_have_count(2)
        await expect(log.locator("li").nth(0)).to_contain_text("angelegt von Anna Berger · ")
        await expect(log.locator("li").nth(1)).to_contain_text(f"geändert (Telefon) von {owner} · ")
        assert desk.errors == []  # type: ignore[attr-defined]
