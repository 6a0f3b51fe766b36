"""The desk notes a no-show on the appointment's card, sees it struck through in the calendar and
counted in the customer's record, and gives an appointment another service from its card."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import _appointments_from, local_start, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import sign_up, wait_for_mail


async def test_a_no_show_is_noted_on_the_card_struck_through_and_counted_in_the_record(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        yesterday = local_start(-1, 10)
        walk_in = await api.post(
            "/api/v1/appointments",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": biz.service_id,
                "start": yesterday.isoformat(),
                "new_customer": {"first_name": "Nora", "last_name": "Nichtda"},
                "walk_in": True,
            },
            headers=biz.auth,
        )
        assert walk_in.status_code == 201, walk_in.text
        customer_id = walk_in.json()["customer_id"]

        desk = await open_desk(context, server.url, biz, local_start(0, 10))
        async with desk.expect_response(_appointments_from(yesterday.date())):
            await desk.click("#prev-button")
        block = desk.locator("#calendar [data-appointment-id]", has_text="Nora Nichtda")
        await block.click()
        card = desk.locator("#appointment-details")
        await expect(card.locator("#ad-attended")).to_have_attribute("aria-pressed", "true")
        async with desk.expect_response(lambda r: r.request.method == "PUT") as put:
            await card.locator("#ad-no-show").click()
        assert (await put.value).status == 200
        await expect(card.locator("#ad-no-show")).to_have_attribute("aria-pressed", "true")
        await expect(card.locator("#ad-history")).to_contain_text("als nicht erschienen vermerkt")
        await desk.keyboard.press("Escape")
        block = desk.locator("#calendar .ec-event.is-no-show", has_text="Nora Nichtda")
        await expect(block).to_be_visible()
        await expect(block.locator(".no-show-mark")).to_be_visible()
        decoration = await block.locator(".appt-name").evaluate(
            "el => getComputedStyle(el).textDecorationLine"
        )
        assert decoration == "line-through"
        await desk.screenshot(path=shot("no-show-in-calendar"))

        await block.click()
        await desk.click("#ad-customer-link")
        await desk.wait_for_url(f"**/customers/{customer_id}")
        await expect(desk.locator("#no-show-count")).to_have_text("1")
        await expect(desk.locator("#attended-count")).to_have_text("0")
        await expect(desk.locator("#no-show-list li")).to_have_count(1)
        await expect(desk.locator("#past-list .status-no-show")).to_have_count(1)
        await desk.screenshot(path=shot("no-show-in-record"))
        assert desk.errors == []  # type: ignore[attr-defined]


async def test_the_card_gives_an_appointment_another_service_and_the_customer_hears_of_it(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        made = await api.post(
            "/api/v1/services",
            json={"name": "Massage", "duration_minutes": 60, "color": "#aa3366"},
            headers=biz.auth,
        )
        assert made.status_code == 201, made.text
        massage = made.json()["id"]
        address = f"mia-{biz.slug}@example.at"
        day = local_start(1, 9)
        booked = await api.post(
            "/api/v1/appointments",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": biz.service_id,
                "start": day.isoformat(),
                "new_customer": {"first_name": "Mia", "last_name": "Maier", "email": address},
            },
            headers=biz.auth,
        )
        assert booked.status_code == 201, booked.text
        await wait_for_mail(api, address)

        desk = await open_desk(context, server.url, biz, day)
        await desk.locator("#calendar [data-appointment-id]", has_text="Mia Maier").click()
        card = desk.locator("#appointment-details")
        await expect(card.locator("#ad-attended")).to_have_count(0)  # its start has not come
        await card.locator("#ad-edit").click()
        await card.locator("#ae-service").select_option(massage)
        await expect(card.locator("#ae-length")).to_have_value("60")
        await desk.screenshot(path=shot("change-service-form"))
        async with desk.expect_response(lambda r: r.request.method == "PATCH") as patched:
            await card.locator("#ae-save").click()
        answer = await patched.value
        assert answer.status == 200
        changed = await answer.json()
        assert changed["service_id"] == massage
        ends = datetime.fromisoformat(changed["end"]) - datetime.fromisoformat(changed["start"])
        assert ends.total_seconds() == 3600
        block = desk.locator("#calendar [data-appointment-id]", has_text="Mia Maier")
        await expect(block).to_contain_text("Massage")
        await expect(card.locator("#ad-history")).to_contain_text("geändert (Dauer, Leistung)")

        mails = await wait_for_mail(api, address, count=2)
        assert any(m["subject"].startswith("Termin geändert: Massage am ") for m in mails)
        assert datetime.now(UTC) < day
        assert desk.errors == []  # type: ignore[attr-defined]


async def test_the_booking_dialog_documents_a_past_visit_and_books_into_a_buffer_on_purpose(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        padded = await api.post(
            "/api/v1/services",
            json={"name": "Fango", "duration_minutes": 30, "buffer_after_minutes": 15},
            headers=biz.auth,
        )
        assert padded.status_code == 201, padded.text
        yesterday = local_start(-1, 9)
        first = await api.post(
            "/api/v1/appointments",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": padded.json()["id"],
                "start": yesterday.isoformat(),
                "new_customer": {"first_name": "Fritz", "last_name": "Fango"},
                "walk_in": True,
            },
            headers=biz.auth,
        )
        assert first.status_code == 201, first.text

        desk = await open_desk(context, server.url, biz, local_start(0, 10))
        async with desk.expect_response(_appointments_from(yesterday.date())):
            await desk.click("#prev-button")
        await desk.click("#create-button")
        dialog = desk.locator("#new-appointment")
        await desk.fill("#na-customer", "Wanda Walkin")
        await desk.locator("#na-service").select_option(biz.service_id)
        await desk.focus("#na-time")
        await desk.keyboard.type("09:30")
        save = desk.locator("#na-save")
        async with desk.expect_response(lambda r: r.request.method == "POST") as refused:
            await save.click()
        assert (await refused.value).status == 400
        await expect(save).to_have_text("Nachtragen")
        async with desk.expect_response(lambda r: r.request.method == "POST") as buffered:
            await save.click()
        assert (await buffered.value).status == 409
        await expect(save).to_have_text("Trotzdem buchen")
        await desk.screenshot(path=shot("book-anyway"))
        async with desk.expect_response(lambda r: r.request.method == "POST") as booked:
            await save.click()
        answer = await booked.value
        assert answer.status == 201
        assert (await answer.json())["attendance"] == "attended"
        await expect(dialog).to_be_hidden()
        await expect(desk.locator("#calendar [data-appointment-id]", has_text="Wanda Walkin")).to_be_visible()
        assert desk.errors == []  # type: ignore[attr-defined]
