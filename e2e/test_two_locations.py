"""A practice with two locations and three calendars: the desk books in each location from the
calendar filtered to it, customers book online in each after choosing the location, and the
settings list what keeps a location in use."""

from __future__ import annotations

from datetime import datetime

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import local_start, log_in_on_booking_page, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import Business, code_for, customer, sign_up

EVERY_DAY = {day: [["08:00", "20:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


async def _practice(api: httpx.AsyncClient) -> tuple[Business, str, str, str]:
    """The owner's calendar and Lena at the first location, Tom at the second: (biz, second, lena, tom)."""
    biz = await sign_up(api)
    made = await api.post(
        "/api/v1/locations",
        json={"name": "Filiale Nord", "address": "Nordweg 2", "phone": "01 234", "opening_hours": EVERY_DAY},
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text
    second = str(made.json()["id"])
    await api.patch(f"/api/v1/locations/{biz.location_id}", json={"name": "Zentrum"}, headers=biz.auth)
    ids = []
    for name in ("Lena Maier", "Tom Huber"):
        added = await api.post("/api/v1/staff", json={"name": name}, headers=biz.auth)
        assert added.status_code == 201, added.text
        ids.append(str(added.json()["id"]))
    lena, tom = ids
    offered = await api.patch(
        f"/api/v1/services/{biz.service_id}", json={"staff_ids": [biz.staff_id, lena, tom]}, headers=biz.auth
    )
    assert offered.status_code == 200, offered.text
    for staff_id, location_id in ((lena, biz.location_id), (tom, second)):
        hours = {"location_id": location_id, "weekly": EVERY_DAY}
        put = await api.put(f"/api/v1/staff/{staff_id}/hours", json=hours, headers=biz.auth)
        assert put.status_code == 200, put.text
    return biz, second, lena, tom


async def _book_at_the_desk(desk: Page, location_id: str, staff_id: str, start: datetime, name: str) -> str:
    async with desk.expect_response(lambda r: "/api/v1/appointments?" in r.url):
        await desk.select_option("#location-filter", location_id)
    await desk.click("#create-button")
    await desk.fill("#na-date", start.date().isoformat())
    await desk.select_option("#na-time", start.strftime("%H:%M"))
    await expect(desk.locator("#na-location")).to_have_value(location_id)
    await desk.select_option("#na-staff", staff_id)
    await desk.fill("#na-customer", name)
    async with desk.expect_response(
        lambda r: r.url.endswith("/api/v1/appointments") and r.request.method == "POST"
    ) as answer:
        await desk.click("#na-save")
    response = await answer.value
    assert response.status == 201, await response.text()
    booked = str((await response.json())["id"])
    await expect(desk.locator(f"[data-appointment-id='{booked}']")).to_be_visible()
    return booked


async def _book_online(
    page: Page, base_url: str, api: httpx.AsyncClient, biz: Business, location_id: str, start: datetime
) -> dict:
    email, _ = await customer(api)
    await page.goto(f"{base_url}/book/{biz.slug}")
    await page.evaluate("localStorage.clear(); sessionStorage.clear()")  # a customer of their own
    await page.reload()
    await page.click(f".location[data-location-id='{location_id}']")
    await page.click(f".service[data-service-id='{biz.service_id}']")
    await page.click(f".day[data-date='{start.date().isoformat()}']")
    await page.click(f".slot[data-start='{start.isoformat()}']")
    async with page.expect_response(
        lambda r: r.url.endswith("/holds") and r.request.method == "POST"
    ) as held:
        await log_in_on_booking_page(page, email)
    hold = await (await held.value).json()
    await page.fill("input[name=code]", await code_for(api, email))
    async with page.expect_response(lambda r: r.url.endswith("/confirm")) as confirmed:
        await page.keyboard.press("Enter")
    assert (await confirmed.value).status == 200
    await expect(page.locator("#book[data-step='done']")).to_be_visible()
    return dict(hold)


async def test_the_desk_and_customers_book_in_each_of_two_locations(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz, second, lena, tom = await _practice(api)
        start = local_start(2, 9)
        desk = await open_desk(context, server.url, biz, start)
        await expect(desk.locator("#location-filter")).to_be_visible()

        north = await _book_at_the_desk(desk, second, tom, start, "Nora Nord")
        await _book_at_the_desk(desk, biz.location_id, lena, start, "Zora Zentrum")
        # Filtered to the centre, the north's appointment is not shown.
        await expect(desk.locator(f"[data-appointment-id='{north}']")).to_have_count(0)
        await desk.screenshot(path=shot("desk-two-locations"))

        booking = await second_context.new_page()
        later = local_start(2, 11)
        held_north = await _book_online(booking, server.url, api, biz, second, later)
        assert held_north["staff_id"] == tom
        held_centre = await _book_online(booking, server.url, api, biz, biz.location_id, later)
        assert held_centre["staff_id"] in (biz.staff_id, lena)

        day = start.date().isoformat()
        listed = await api.get("/api/v1/appointments", params={"from": day, "to": day}, headers=biz.auth)
        where = {(a["location_id"], a["staff_id"]) for a in listed.json()["appointments"]}
        assert where == {
            (second, tom),
            (biz.location_id, lena),
            (biz.location_id, held_centre["staff_id"]),
        }

        # The location filter is remembered by the browser.
        await desk.reload()
        await expect(desk.locator("#location-filter")).to_have_value(biz.location_id)

        # The settings refuse to deactivate the north while appointments lie ahead there, and list them.
        await desk.goto(f"{server.url}/settings#standorte")
        card = desk.locator(f".location-card[data-location-id='{second}']")
        await expect(card.locator("input[name=phone]")).to_have_value("01 234")
        await card.locator("[data-toggle]").click()
        await expect(card.locator(".ahead-list li")).to_have_count(2)
        await expect(card.locator(".ahead-list")).to_contain_text("Nora Nord")
        await desk.screenshot(path=shot("settings-location-in-use"))
