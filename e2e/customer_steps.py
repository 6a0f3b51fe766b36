"""Steps that the customer pages' browser tests share: the desk signed in on a customer page, and
records and appointments made through the staff API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from playwright.async_api import BrowserContext, Page, expect

from e2e.journeys import sign_in
from testkit.flows import Business
from testkit.sockets import desk_booking


async def open_customer_page(
    context: BrowserContext, base_url: str, biz: Business, path: str = "/customers"
) -> Page:
    """Signs the owner in, follows the calendar's link to the customers (on a phone, from the menu)
    and then opens `path`.

    The page's script errors collect in `page.errors`, for the test to assert there are none.
    """
    page = await sign_in(context, base_url, biz)
    link = page.locator("#customers-link")
    if not await link.is_visible():  # a phone: the link is in the top bar's menu
        await page.click("#menu-button")
        link = page.locator("#phone-menu").get_by_role("link", name="Kunden")
    await link.click()
    await page.wait_for_url("**/customers")
    if path != "/customers":
        await page.goto(f"{base_url}{path}")
    await expect(page.locator("#customer-rows, #customer-facts").first).to_be_attached()
    return page


async def add_customer(api: httpx.AsyncClient, biz: Business, **fields: Any) -> str:
    """A record made through the staff API; returns its id."""
    made = await api.post("/api/v1/customers", json=fields, headers=biz.auth)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def group_id(api: httpx.AsyncClient, biz: Business, name: str) -> str:
    groups = (await api.get("/api/v1/customer-groups", headers=biz.auth)).json()["groups"]
    return next(str(g["id"]) for g in groups if g["name"] == name)


async def book_for(
    api: httpx.AsyncClient, biz: Business, customer_id: str, start: datetime, note: str = ""
) -> dict[str, Any]:
    """A desk booking of the business's service for the customer at `start`."""
    booked = await desk_booking(api, biz, start, customer_id=customer_id, note=note)
    assert booked.status_code == 201, booked.text
    return dict(booked.json())
