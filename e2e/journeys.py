"""Steps that several browser tests take: a desk signed in, a customer through the booking page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import httpx
from playwright.async_api import BrowserContext, Page, Response

from testkit.flows import Business, code_for, customer

OWNER_PASSWORD = "correct horse battery"
ARTIFACTS = Path(__file__).parent / "artifacts"


def shot(name: str) -> str:
    """Where a test keeps a screenshot for people to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")


def local_start(days_ahead: int, hour: int, minute: int = 0, zone: str = "Europe/Vienna") -> datetime:
    tz = ZoneInfo(zone)
    day = datetime.now(UTC).astimezone(tz).date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour, minute), tz)


async def sign_in(context: BrowserContext, base_url: str, biz: Business) -> Page:
    """Signs the owner in through the log-in form; the page shows the calendar's first view.

    The page's script errors from then on collect in `page.errors`, for a test to assert there are none.
    """
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(f"{base_url}/login")
    await page.fill("input[name=email]", f"{biz.slug}@owner.example")
    await page.fill("input[name=password]", OWNER_PASSWORD)
    # The calendar's first view is shown once its appointments have come.
    async with page.expect_response(_appointments_from(None)):
        await page.click("button[type=submit]")
    await page.wait_for_url("**/calendar")
    await page.wait_for_selector("#calendar .ec-main")
    return page


def _appointments_from(day: date | None) -> Callable[[Response], bool]:
    """Matches the calendar's request for the appointments of a view (starting on `day`, if given)."""

    def matches(response: Response) -> bool:
        url = unquote(response.url)
        return "/api/v1/appointments?" in url and (day is None or f"from={day.isoformat()}T" in url)

    return matches


async def open_desk(context: BrowserContext, base_url: str, biz: Business, day: datetime) -> Page:
    """Signs the owner in through the log-in form and shows the day view of `day`, its appointments
    loaded."""
    page = await sign_in(context, base_url, biz)
    await page.wait_for_selector("#calendar .ec-body")
    today = datetime.now(UTC).astimezone(day.tzinfo).date()
    days = (day.date() - today).days
    for _ in range(days - 1):
        await page.click("#next-button")
    if days > 0:
        async with page.expect_response(_appointments_from(day.date())):
            await page.click("#next-button")
    return page


async def choose_slot(page: Page, base_url: str, biz: Business, start: datetime) -> None:
    """On the booking page: the service, the day, then the time that starts at `start`."""
    await page.goto(f"{base_url}/book/{biz.slug}")
    await page.click(f".service[data-service-id='{biz.service_id}']")
    await page.click(f".day[data-date='{start.date().isoformat()}']")
    await page.click(f".slot[data-start='{start.isoformat()}']")


async def log_in_on_booking_page(page: Page, email: str, password: str = "a good password") -> None:
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", password)
    await page.click("form.account-form button[type=submit]")


async def hold_online(
    api: httpx.AsyncClient, biz: Business, start: datetime, first_name: str = "Clara"
) -> tuple[str, str, dict[str, str]]:
    """A verified customer holds `start` through the public API: (hold id, e-mail, auth header)."""
    email, token = await customer(api, first_name)
    auth = {"Authorization": f"Bearer {token}"}
    held = await api.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start.isoformat()},
        headers=auth,
    )
    assert held.status_code == 201, held.text
    return str(held.json()["id"]), email, auth


async def book_online(api: httpx.AsyncClient, biz: Business, start: datetime) -> str:
    """A customer holds `start` and confirms with the mailed code: booked, or a request in request mode."""
    hold_id, email, auth = await hold_online(api, biz, start)
    confirmed = await api.post(
        f"/api/v1/public/holds/{hold_id}/confirm",
        json={"code": await code_for(api, email)},
        headers=auth,
    )
    assert confirmed.status_code == 200, confirmed.text
    return hold_id
