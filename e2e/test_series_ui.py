"""Series at the desk in the browser: booking a weekly series with an alternative picked for a
taken date, and moving an appointment together with the following ones of its series."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import local_start, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import Business, sign_up
from testkit.sockets import desk_booking

VIENNA = ZoneInfo("Europe/Vienna")


async def _series_of(api: httpx.AsyncClient, biz: Business, series_id: str) -> list[dict[str, Any]]:
    listed = await api.get(
        "/api/v1/appointments",
        params={"from": local_start(0, 0).date().isoformat(), "to": local_start(40, 0).date().isoformat()},
        headers=biz.auth,
    )
    assert listed.status_code == 200, listed.text
    return [a for a in listed.json()["appointments"] if a["series_id"] == series_id]


def _local(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(VIENNA)


async def test_the_desk_books_a_series_with_an_alternative_for_a_taken_date(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        first = local_start(1, 10)
        taken = await desk_booking(api, biz, first + timedelta(weeks=1))
        assert taken.status_code == 201, taken.text
        desk = await open_desk(context, server.url, biz, first)

        await desk.click("#create-button")
        dialog = desk.locator("#new-appointment")
        await expect(dialog).to_be_visible()
        await desk.fill("#na-date", first.date().isoformat())
        await desk.select_option("#na-time", "10:00")
        await desk.fill("#na-customer", "Rita Serie")
        await desk.check("#na-repeat")
        await desk.fill("#na-repeat-count", "3")
        dates = desk.locator("#na-series-dates .series-date")
        await expect(dates).to_have_count(3)
        await expect(dates.nth(1)).to_have_attribute("data-state", "taken")
        await expect(dates.nth(0)).to_have_attribute("data-state", "free")
        await expect(desk.locator("#na-series-dates .series-total")).to_contain_text("2 von 3")
        alternative = dates.nth(1).locator(".series-alternative").first
        await expect(alternative).to_have_text("09:30")
        await alternative.click()
        await expect(dates.nth(1).locator(".series-alternative").first).to_have_attribute(
            "aria-pressed", "true"
        )
        await expect(desk.locator("#na-series-dates .series-total")).to_contain_text("3 von 3")
        await desk.screenshot(path=shot("series-preview"))

        async with desk.expect_response(lambda r: r.url.endswith("/api/v1/series")) as posted:
            await desk.click("#na-save")
        answer = await posted.value
        assert answer.status == 201, await answer.text()
        await expect(dialog).to_be_hidden()
        made = await answer.json()
        booked = await _series_of(api, biz, made["series_id"])
        assert [_local(a["start"]).strftime("%H:%M") for a in booked] == ["10:00", "09:30", "10:00"]
        assert [_local(a["start"]).date() for a in booked] == [
            (first + timedelta(weeks=k)).date() for k in range(3)
        ]
        await expect(desk.locator(f"[data-appointment-id='{booked[0]['id']}']")).to_be_visible()
        assert desk.errors == []  # type: ignore[attr-defined]


async def test_moving_this_and_the_following_from_the_card(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        first = local_start(1, 10)
        starts = [(first + timedelta(weeks=k)).isoformat() for k in range(3)]
        made = await api.post(
            "/api/v1/series",
            json={
                "staff_id": biz.staff_id,
                "location_id": biz.location_id,
                "service_id": biz.service_id,
                "start": starts[0],
                "repeat": {"count": 3},
                "starts": starts,
                "new_customer": {"first_name": "Sepp", "last_name": "Serie"},
            },
            headers=biz.auth,
        )
        assert made.status_code == 201, made.text
        series_id = made.json()["series_id"]
        first_id = made.json()["appointments"][0]["id"]
        desk = await open_desk(context, server.url, biz, first)

        await desk.locator(f"[data-appointment-id='{first_id}']").click()
        await expect(desk.locator("#appointment-details")).to_contain_text("Teil einer Terminserie")
        await desk.click("#ad-move")
        await desk.select_option("#ad-move-time", "11:00")
        await desk.click("#ad-move-next")
        prompt = desk.locator("#confirm-dialog")
        await expect(prompt).to_be_visible()
        await expect(prompt).to_contain_text("Nur diesen Termin")
        await prompt.locator("input[name=move-scope][value=following]").check()
        await desk.screenshot(path=shot("series-move-prompt"))
        async with desk.expect_response(lambda r: r.url.endswith("/following/move")) as posted:
            await prompt.locator("#confirm-ok").click()
        assert (await posted.value).status == 200
        await expect(prompt).to_be_hidden()
        moved = await _series_of(api, biz, series_id)
        assert [_local(a["start"]).strftime("%H:%M") for a in moved] == ["11:00", "11:00", "11:00"]
        event = desk.locator(f"[data-appointment-id='{first_id}']")
        await expect(event).to_contain_text("11:00")
        assert desk.errors == []  # type: ignore[attr-defined]
