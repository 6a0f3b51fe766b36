"""The customer's choice of person and prices on the pages: the owner turns the choice on, gives a
calendar a photo and a service a price in the settings; a customer picks a therapist by keyboard on
the booking page (also framed, and in English) and the booking lands in that calendar."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.async_api import BrowserContext, FilePayload, expect

from e2e.journeys import local_start, log_in_on_booking_page, shot
from e2e.test_embedded_booking_page import website
from e2e.test_settings_ui import open_settings
from testkit.app import ServerProcess
from testkit.flows import Business, code_for, customer, sign_up
from testkit.images import png

EVERY_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


async def with_therapist(api: httpx.AsyncClient, biz: Business, name: str = "Lena Maier") -> str:
    made = await api.post("/api/v1/staff", json={"name": name}, headers=biz.auth)
    staff_id = str(made.json()["id"])
    hours = await api.put(
        f"/api/v1/staff/{staff_id}/hours",
        json={"location_id": biz.location_id, "weekly": EVERY_DAY},
        headers=biz.auth,
    )
    assert hours.status_code == 200, hours.text
    offered = await api.patch(
        f"/api/v1/services/{biz.service_id}", json={"staff_ids": [biz.staff_id, staff_id]}, headers=biz.auth
    )
    assert offered.status_code == 200, offered.text
    return staff_id


async def test_the_owner_turns_the_choice_on_gives_a_photo_and_a_price(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        lena = await with_therapist(api, biz)
        page = await open_settings(context, server.url, biz)
        errors: list[str] = page.errors  # type: ignore[attr-defined]

        await page.locator("label[for], label").filter(has=page.locator("#staff-choice-required")).click()
        await expect(page.locator("#toast")).to_have_class("toast is-visible")
        settings = (await api.get("/api/v1/settings", headers=biz.auth)).json()
        assert settings["staff_choice"] == "required"

        photo = page.locator(f"[data-staff-photo='{lena}']")
        async with page.expect_file_chooser() as chooser:
            await photo.get_by_role("button", name="Foto wählen").click()
        picture: FilePayload = {"name": "lena.png", "mimeType": "image/png", "buffer": png(4, 4)}
        await (await chooser.value).set_files(files=[picture])
        await expect(page.locator(f"[data-staff-photo='{lena}'] .avatar img")).to_be_visible()
        listed = (await api.get("/api/v1/staff", headers=biz.auth)).json()["staff"]
        photo_url = next(c["photo_url"] for c in listed if c["id"] == lena)
        assert photo_url.startswith("/logos/")

        await page.locator(f".service-row[data-service-id='{biz.service_id}'] .edit-service").click()
        price = page.locator("#sf-price")
        await price.fill("45 Euro")
        await page.click("#service-save")
        await expect(page.locator("#sf-price-error")).to_contain_text("45,00")
        await price.fill("45,00")
        await page.click("#service-save")
        row = page.locator(f".service-row[data-service-id='{biz.service_id}']")
        await expect(row.locator(".service-price")).to_have_text("45,00\xa0€")
        services = (await api.get("/api/v1/services", headers=biz.auth)).json()["services"]
        assert services[0]["price_cents"] == 4500
        await page.screenshot(path=shot("settings-staff-choice"), full_page=True)
        assert errors == []

        booking = await second_context.new_page()
        await booking.goto(f"{server.url}/book/{biz.slug}")
        service = booking.locator(f".service[data-service-id='{biz.service_id}']")
        await expect(service.locator(".choice-price")).to_have_text("45,00\xa0€")
        await service.click()
        await expect(booking.locator("#step-title")).to_have_text("Bei wem möchten Sie buchen?")
        await expect(booking.locator(f".person[data-staff-id='{lena}'] img")).to_have_attribute(
            "src", photo_url
        )
        owner = next(c["name"] for c in listed if c["id"] == biz.staff_id)
        letters = "".join(word[0] for word in (owner.split()[0], owner.split()[-1]) if len(owner.split()) > 1)
        shown = letters.upper() if letters else owner[0].upper()
        await expect(booking.locator(f".person[data-staff-id='{biz.staff_id}'] .avatar")).to_have_text(shown)
        # Required: no "any person".
        await expect(booking.locator(".person-any")).to_have_count(0)
        await booking.screenshot(path=shot("booking-person-step"))


async def test_a_customer_chooses_a_therapist_by_keyboard_and_the_booking_lands_in_her_calendar(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api, staff_choice="optional")
        lena = await with_therapist(api, biz)
        await api.patch(f"/api/v1/services/{biz.service_id}", json={"price_cents": 4500}, headers=biz.auth)
        email, _ = await customer(api)
        start = local_start(2, 10)
        # The owner is busy then: Lena's times have it, the owner's do not.
        desk = await api.post(
            "/api/v1/appointments",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": biz.service_id,
                "start": start.isoformat(),
                "new_customer": {"first_name": "Maria", "last_name": "Huber"},
            },
            headers=biz.auth,
        )
        assert desk.status_code == 201, desk.text

        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        await page.goto(f"{server.url}/book/{biz.slug}")
        await expect(page.locator(".service .choice-price")).to_have_text("45,00\xa0€")
        await page.locator(f".service[data-service-id='{biz.service_id}']").focus()
        await page.keyboard.press("Enter")
        await expect(page.locator("#step-title")).to_have_text("Bei wem möchten Sie buchen?")
        await expect(page.locator("#step-title")).to_be_focused()
        await expect(page.locator(".person-any")).to_have_text("?Egal – erste freie Person")
        await expect(page.locator("#progress-text")).to_contain_text("Person")

        # The owner first: the time she is busy is not offered.
        await page.keyboard.press("Tab")  # the way back
        await page.keyboard.press("Tab")
        await expect(page.locator(f".person[data-staff-id='{biz.staff_id}']")).to_be_focused()
        await page.keyboard.press("Enter")
        await page.click(f".day[data-date='{start.date().isoformat()}']")
        await expect(page.locator(".slot").first).to_be_visible()
        await expect(page.locator(f".slot[data-start='{start.isoformat()}']")).to_have_count(0)

        # Back, and Lena: that time is free with her.
        await page.get_by_role("button", name="Zurück").click()
        await expect(page.locator("#step-title")).to_have_text("Bei wem möchten Sie buchen?")
        await page.locator(f".person[data-staff-id='{lena}']").focus()
        await page.keyboard.press("Enter")
        await expect(page.locator(".step-context")).to_contain_text("bei Lena Maier")
        await page.click(f".day[data-date='{start.date().isoformat()}']")
        await page.locator(f".slot[data-start='{start.isoformat()}']").click()
        await expect(page.locator(".summary-who")).to_have_text("bei Lena Maier")
        await expect(page.locator(".summary-price")).to_have_text("45,00\xa0€")
        await log_in_on_booking_page(page, email)
        await expect(page.locator("#book[data-step='code']")).to_be_visible()
        await page.fill("input[name=code]", await code_for(api, email))
        await page.keyboard.press("Enter")
        await expect(page.locator("#book[data-step='done']")).to_be_visible()
        done = page.locator(".done-list")
        await expect(done).to_contain_text("Lena Maier")
        await expect(done).to_contain_text("45,00\xa0€")
        await page.screenshot(path=shot("booking-with-chosen-person"))

        day = start.date().isoformat()
        listed = await api.get("/api/v1/appointments", params={"from": day, "to": day}, headers=biz.auth)
        online = [a for a in listed.json()["appointments"] if a["id"] != desk.json()["id"]]
        assert [(a["staff_id"], a["start"], a["status"]) for a in online] == [
            (lena, start.isoformat(), "booked")
        ]
        assert errors == []


async def test_the_choice_works_framed_and_in_english(
    server: ServerProcess, context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api, staff_choice="optional")
        lena = await with_therapist(api, biz)
        await api.patch(f"/api/v1/services/{biz.service_id}", json={"price_cents": 4500}, headers=biz.auth)
        async with website(tmp_path / "site", f"{server.url}/book/{biz.slug}?lang=en") as origin:
            listed = await api.patch("/api/v1/settings", json={"embed_origins": [origin]}, headers=biz.auth)
            assert listed.status_code == 200, listed.text
            page = await context.new_page()
            await page.goto(f"{origin}/index.html")
            frame = page.frame_locator("iframe")
            service = frame.locator(f".service[data-service-id='{biz.service_id}']")
            await expect(service.locator(".choice-price")).to_have_text("€45.00")
            await service.click()
            await expect(frame.locator("#step-title")).to_have_text("Who would you like to book with?")
            await expect(frame.locator(".person-any")).to_contain_text("No preference – first free person")
            await frame.locator(".person-any").click()
            start = local_start(1, 10)
            await frame.locator(f".day[data-date='{start.date().isoformat()}']").click()
            slot = frame.locator(f".slot[data-start='{start.isoformat()}']")
            await expect(slot).to_be_visible()
            await frame.get_by_role("button", name="Back").click()
            await frame.locator(f".person[data-staff-id='{lena}']").click()
            await expect(frame.locator(".step-context")).to_contain_text("with Lena Maier")
            await page.screenshot(path=shot("booking-person-step-embedded-english"))


async def test_a_choice_made_required_meanwhile_leads_back_to_choosing_the_person(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        lena = await with_therapist(api, biz)
        email, _ = await customer(api)
        start = local_start(2, 9)
        page = await context.new_page()
        await page.goto(f"{server.url}/book/{biz.slug}")
        await page.click(f".service[data-service-id='{biz.service_id}']")
        await expect(page.locator("#book[data-step='time']")).to_be_visible()
        required = await api.patch("/api/v1/settings", json={"staff_choice": "required"}, headers=biz.auth)
        assert required.status_code == 200, required.text
        await expect(page.locator("#progress-steps")).to_contain_text("Person")
        await expect(page.locator("#book[data-step='person']")).to_be_visible()
        await expect(page.get_by_role("alert")).to_have_text("Bitte wählen Sie, bei wem Sie buchen möchten.")
        await expect(page.locator(".person-any")).to_have_count(0)
        await page.click(f".person[data-staff-id='{lena}']")
        await page.click(f".day[data-date='{start.date().isoformat()}']")
        await page.click(f".slot[data-start='{start.isoformat()}']")
        await log_in_on_booking_page(page, email)
        await expect(page.locator("#book[data-step='code']")).to_be_visible()
        await page.fill("input[name=code]", await code_for(api, email))
        await page.keyboard.press("Enter")
        await expect(page.locator("#book[data-step='done']")).to_be_visible()
        await expect(page.locator(".done-list")).to_contain_text("Lena Maier")
