"""Two server processes sharing PostgreSQL and Redis act as one system, seen from browsers."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import choose_slot, local_start, log_in_on_booking_page, open_desk, shot
from testkit.app import ServerProcess
from testkit.flows import customer, sign_up

RACERS = 50


async def test_a_hold_through_one_process_shows_on_a_page_of_the_other(
    cluster: list[ServerProcess], context: BrowserContext, second_context: BrowserContext
) -> None:
    first, second = cluster
    async with httpx.AsyncClient(base_url=first.url) as api:
        biz = await sign_up(api)
        email, _ = await customer(api)
    start = local_start(1, 11)
    desk = await open_desk(context, second.url, biz, start)
    booking = await second_context.new_page()
    await choose_slot(booking, first.url, biz, start)
    async with booking.expect_response(
        lambda r: r.url.endswith("/holds") and r.request.method == "POST"
    ) as held:
        await log_in_on_booking_page(booking, email)
    assert (await held.value).status == 201
    held_at = time.monotonic()
    await expect(desk.locator("[data-status='held'] .lock")).to_be_visible(timeout=1000)
    assert time.monotonic() - held_at < 1.0
    await desk.locator("[data-status='held']").scroll_into_view_if_needed()
    await desk.screenshot(path=shot("cluster-desk-on-second-process"))


async def _fire(page: Page, start_at_ms: float, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sends every request from inside the page at the same moment; returns status and error code."""
    return list(
        await page.evaluate(
            """async ([startAt, requests]) => {
                await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
                return Promise.all(requests.map(async (req) => {
                    const response = await fetch(req.url, {
                        method: "POST", headers: req.headers, body: JSON.stringify(req.body),
                        credentials: "same-origin",
                    });
                    const body = await response.json().catch(() => ({}));
                    return {status: response.status, code: body.error ? body.error.code : null};
                }));
            }""",
            [start_at_ms, requests],
        )
    )


async def test_fifty_customers_and_the_desk_race_for_one_slot(
    cluster: list[ServerProcess], context: BrowserContext, second_context: BrowserContext
) -> None:
    first, second = cluster
    async with (
        httpx.AsyncClient(base_url=first.url, timeout=60) as api_first,
        httpx.AsyncClient(base_url=second.url, timeout=60) as api_second,
    ):
        biz = await sign_up(api_first)
        clients = [api_first, api_second]
        tokens: list[str] = []
        for batch in range(0, RACERS, 10):
            made = await asyncio.gather(
                *(customer(clients[i % 2], f"Racer{i}") for i in range(batch, min(batch + 10, RACERS)))
            )
            tokens.extend(token for _, token in made)
    start = local_start(3, 15)
    desk = await open_desk(context, first.url, biz, start)
    pages = [await second_context.new_page(), await second_context.new_page()]
    for page, server in zip(pages, cluster, strict=True):
        await page.goto(f"{server.url}/book/{biz.slug}")
        await page.click(f".service[data-service-id='{biz.service_id}']")
        await page.click(f".day[data-date='{start.date().isoformat()}']")
        await expect(page.locator(f".slot[data-start='{start.isoformat()}']")).to_be_visible()

    hold = {"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()}
    per_page: list[list[dict[str, Any]]] = [[], []]
    for i, token in enumerate(tokens):
        per_page[i % 2].append(
            {
                "url": f"/api/v1/public/{biz.slug}/holds",
                "headers": {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                "body": hold,
            }
        )
    csrf = await desk.get_attribute("meta[name='csrf-token']", "content")
    desk_booking = {
        "url": "/api/v1/appointments",
        "headers": {"Content-Type": "application/json", "X-CSRF-Token": csrf},
        "body": {
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": start.isoformat(),
            "new_customer": {"first_name": "Anruf", "last_name": "Am Telefon"},
        },
    }
    start_at = await desk.evaluate("Date.now()") + 1500
    results = await asyncio.gather(
        _fire(pages[0], start_at, per_page[0]),
        _fire(pages[1], start_at, per_page[1]),
        _fire(desk, start_at, [desk_booking]),
    )
    outcomes = [r for group in results for r in group]
    assert len(outcomes) == RACERS + 1
    won = [r for r in outcomes if r["status"] == 201]
    lost = [r for r in outcomes if r["status"] != 201]
    assert len(won) == 1, outcomes
    assert all(r == {"status": 409, "code": "slot_taken"} for r in lost), lost

    async with httpx.AsyncClient(base_url=second.url) as api:
        listed = await api.get(
            "/api/v1/appointments",
            params={"from": start.isoformat(), "to": (start.replace(hour=16)).isoformat()},
            headers=biz.auth,
        )
    active = [a for a in listed.json()["appointments"] if a["status"] in ("held", "requested", "booked")]
    assert len(active) == 1, active
    for page in pages:
        await expect(page.locator(f".slot[data-start='{start.isoformat()}']:not(.is-gone)")).to_have_count(
            0, timeout=1000
        )
