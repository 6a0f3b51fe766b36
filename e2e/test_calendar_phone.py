"""The staff calendar on a phone (day view and list, one thumb) and on a desk (day and week views):
screenshots, and checks in the page of what each of them must show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Locator, Page, expect

from e2e.journeys import sign_in
from testkit.app import ServerProcess
from testkit.flows import Business, sign_up

# Zones whose offsets lie at most three hours apart around the clock, so one of them has midday.
ZONES = (
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/Chicago",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Vienna",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Kiritimati",
)
ANNA_COLOR = "#7dd3fc"  # light enough that the calendar shows it unchanged under dark text
EVA_COLOR = "#fca5a5"

# Where an element is and whether a tap on its middle reaches it (not something over it).
SHOWN = """(el) => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
          reached: el.contains(hit),
          clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1};
}"""
PAGE_WIDTH = "() => ({scroll: document.documentElement.scrollWidth, inner: innerWidth})"


def zone_at_midday() -> str:
    """A zone where it is now between 09:00 and 15:00: today's view has room before and after now."""
    now = datetime.now(UTC)
    return next(name for name in ZONES if 9 <= now.astimezone(ZoneInfo(name)).hour < 15)


@dataclass(frozen=True)
class Day:
    biz: Business
    zone: ZoneInfo
    anna: dict  # in the owner's calendar, soon
    eva: dict  # in the second calendar, an hour later
    second_staff_id: str


async def _service(api: httpx.AsyncClient, biz: Business, name: str, color: str, staff_ids: list[str]) -> str:
    made = await api.post(
        "/api/v1/services",
        json={"name": name, "duration_minutes": 45, "color": color, "staff_ids": staff_ids},
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def _book(
    api: httpx.AsyncClient, biz: Business, staff_id: str, service_id: str, start: datetime, name: str
) -> dict:
    first, last = name.split()
    made = await api.post(
        "/api/v1/appointments",
        json={
            "staff_id": staff_id,
            "location_id": biz.location_id,
            "service_id": service_id,
            "start": start.isoformat(),
            "new_customer": {"first_name": first, "last_name": last},
        },
        headers=biz.auth,
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


async def a_busy_today(api: httpx.AsyncClient) -> Day:
    """Two calendars, a service in a colour of its own for each, one appointment in each today."""
    zone = ZoneInfo(zone_at_midday())
    biz = await sign_up(api, timezone=zone.key, show_weekend=True)
    made = await api.post("/api/v1/staff", json={"name": "Eva Berger"}, headers=biz.auth)
    assert made.status_code == 201, made.text
    eva_staff = str(made.json()["id"])
    both = [biz.staff_id, eva_staff]
    massage = await _service(api, biz, "Massage", ANNA_COLOR, both)
    physio = await _service(api, biz, "Physiotherapie", EVA_COLOR, both)
    now = datetime.now(zone)
    soon = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    anna = await _book(api, biz, biz.staff_id, massage, soon, "Anna Huber")
    eva = await _book(api, biz, eva_staff, physio, soon + timedelta(hours=1), "Eva Lang")
    return Day(biz, zone, anna, eva, eva_staff)


def rgb(color: str) -> str:
    return "rgb({}, {}, {})".format(*(int(color[i : i + 2], 16) for i in (1, 3, 5)))


async def assert_fits_the_width(page: Page) -> None:
    width = await page.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["inner"], f"the page scrolls sideways: {width}"


async def assert_shown(page: Page, selector: str) -> dict:
    """The element is inside the window and a tap on its middle reaches it."""
    box = await page.locator(selector).first.evaluate(SHOWN)
    viewport = page.viewport_size
    assert viewport is not None
    assert box["left"] >= 0 and box["right"] <= viewport["width"], (selector, box)
    assert box["top"] >= 0 and box["bottom"] <= viewport["height"], (selector, box)
    assert box["reached"], f"{selector} is covered by something else"
    return dict(box)


async def assert_now_line_shown(page: Page) -> None:
    """The current time's line lies across the grid's visible part (below the column heads)."""
    line = await page.locator(".ec-now-indicator").evaluate(SHOWN)
    grid = await page.locator(".ec-body").evaluate(
        "(el) => el.parentElement.getBoundingClientRect().toJSON()"
    )
    head = await page.locator(".ec-header").evaluate("(el) => el.getBoundingClientRect().toJSON()")
    assert line["width"] > 0 and grid["left"] <= line["left"] and line["right"] <= grid["right"], line
    assert head["bottom"] <= line["top"] and line["bottom"] <= grid["bottom"], (line, head, grid)


async def assert_text_shown(page: Page, selector: str, text: str) -> None:
    locator = page.locator(selector).filter(has_text=text).first
    await expect(locator).to_be_visible()
    box = await locator.evaluate(SHOWN)
    assert box["reached"] and not box["clipped"], f"{text!r} is covered or cut off: {box}"


async def assert_touch_target(page: Page, selector: str, size: float = 40) -> None:
    for box in [await el.evaluate(SHOWN) for el in await page.locator(selector).all()]:
        assert box["height"] >= size and box["width"] >= 30, f"{selector} is too small for a thumb: {box}"


async def _phone(browser: Browser, width: int) -> BrowserContext:
    return await browser.new_context(
        viewport={"width": width, "height": 844 if width > 320 else 640},
        locale="de-AT",
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )


@pytest.mark.parametrize("width", [pytest.param(390, id="390px"), pytest.param(320, id="320px")])
async def test_the_phone_list_and_day_view_fit_one_thumb(
    server: ServerProcess, browser: Browser, tmp_path: Path, width: int
) -> None:
    phone = await _phone(browser, width)
    try:
        async with httpx.AsyncClient(base_url=server.url) as api:
            day = await a_busy_today(api)
            later = await _book(
                api,
                day.biz,
                day.second_staff_id,
                day.eva["service_id"],
                datetime.fromisoformat(day.eva["start"]) + timedelta(days=3),
                "Ida Kern",
            )
            page = await sign_in(phone, server.url, day.biz)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            await _check_the_list(page, day, tmp_path / f"phone-{width}-list.png")
            # The list runs a week from today, so what comes after today is one scroll away.
            later_row = f"[data-appointment-id='{later['id']}']"
            await page.locator(later_row).scroll_into_view_if_needed()
            await assert_text_shown(page, f"{later_row} .list-name", "Ida Kern")
            await _check_the_day_view(page, day, tmp_path / f"phone-{width}-day.png")
            await _check_the_sheets(page, day, tmp_path / f"phone-{width}")
            await _check_the_menu(page, day, tmp_path / f"phone-{width}-menu.png")
            assert errors == []
    finally:
        await phone.close()


async def _check_the_list(page: Page, day: Day, path: Path) -> None:
    """A phone opens on today's list: each appointment a row with its time, name and colour."""
    await expect(page.locator("#view-switch button[data-view='list']")).to_have_attribute(
        "aria-pressed", "true"
    )
    anna = f"[data-appointment-id='{day.anna['id']}']"
    await expect(page.locator(anna)).to_be_visible()
    await page.screenshot(path=str(path))
    await assert_fits_the_width(page)
    for appointment, color in ((day.anna, ANNA_COLOR), (day.eva, EVA_COLOR)):
        row = f"[data-appointment-id='{appointment['id']}']"
        box = await assert_shown(page, row)
        assert box["height"] >= 44, f"a list row is too low to tap: {box}"
        await assert_text_shown(page, f"{row} .list-name", appointment["customer_name"])
        start = datetime.fromisoformat(appointment["start"]).astimezone(day.zone)
        await expect(page.locator(f"{row} .list-time")).to_contain_text(start.strftime("%H:%M"))
        dot = await page.locator(f"{row} .list-dot").evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert dot == rgb(color)
    await assert_shown(page, "#new-button")
    await assert_touch_target(page, "#new-button", 48)
    await assert_touch_target(page, ".topbar button:visible, .topbar a:visible")


async def _check_the_day_view(page: Page, day: Day, path: Path) -> None:
    """Today's day view: a column per calendar, the appointments readable in their colours, now."""
    await page.locator("#view-switch button[data-view='resourceTimeGridDay']").tap()
    anna = f"[data-appointment-id='{day.anna['id']}']"
    await expect(page.locator(anna)).to_be_visible()
    await expect(page.locator(".ec-now-indicator")).to_be_visible()
    await page.screenshot(path=str(path))
    await assert_fits_the_width(page)
    assert await page.locator(".ec-col-head .resource-label").count() == 2
    await assert_now_line_shown(page)
    for appointment, color, column in ((day.anna, ANNA_COLOR, 0), (day.eva, EVA_COLOR, 1)):
        event = f"[data-appointment-id='{appointment['id']}']"
        box = await assert_shown(page, event)
        await assert_text_shown(page, f"{event} .appt-title", appointment["customer_name"])
        background = await page.locator(event).evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert background == rgb(color)
        head = await page.locator(".ec-col-head").nth(column).evaluate(SHOWN)
        assert head["left"] <= box["left"] + box["width"] / 2 <= head["right"], "in its calendar's column"


async def settled(element: Locator) -> None:
    """Waits until the element's CSS animations and transitions have finished."""
    await element.evaluate("el => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished))")


async def _check_the_sheets(page: Page, day: Day, prefix: Path) -> None:
    """The appointment's card and the new-entry dialog open as sheets that fit the screen."""
    await page.locator(f"[data-appointment-id='{day.anna['id']}']").tap()
    card = page.locator("#appointment-details")
    await expect(card).to_be_visible()
    await settled(card)  # the sheet slides in
    await page.screenshot(path=f"{prefix}-card.png")
    await assert_shown(page, "#appointment-details")
    for button in ("#ad-move", "#ad-actions .btn-danger"):
        await assert_shown(page, button)
        await assert_touch_target(page, button, 44)
    await card.locator("[data-close]").tap()
    await expect(card).to_be_hidden()

    await page.locator("#new-button").tap()
    dialog = page.locator("#new-appointment")
    await expect(dialog).to_be_visible()
    await settled(dialog)
    await page.screenshot(path=f"{prefix}-new.png")
    await assert_shown(page, "#new-appointment")
    for field in ("#na-date", "#na-time", "#na-customer", "#na-service", "#na-save"):
        await assert_shown(page, field)
    await assert_fits_the_width(page)
    await dialog.get_by_role("button", name="Abbrechen").tap()
    await expect(dialog).to_be_hidden()


async def _check_the_menu(page: Page, day: Day, path: Path) -> None:
    """The top bar's menu holds what a phone has no room for: the business, the language, log-out."""
    await assert_touch_target(page, "#menu-button", 44)
    button, views = await assert_shown(page, "#menu-button"), await assert_shown(page, "#view-switch")
    assert abs(button["top"] - views["top"]) < 8, "the menu button wrapped to a third row of the bar"
    await page.locator("#menu-button").tap()
    menu = page.locator("#phone-menu")
    await expect(menu).to_be_visible()
    await settled(menu)
    await page.screenshot(path=path)
    await expect(menu.locator("h2")).to_have_text(f"Praxis {day.biz.slug}")
    for link in ("Kunden", "Einstellungen"):
        await expect(menu.get_by_role("link", name=link)).to_be_visible()
    await assert_shown(page, "#phone-menu .language-switch button[value='en']")
    await assert_touch_target(page, "#phone-menu form[action='/logout'] button", 44)
    await menu.locator(".language-switch button[value='en']").tap()
    await expect(page.locator("#today-button")).to_have_text("Today")
    # The reloaded page's script has wired the menu once the calendar shows.
    await page.wait_for_selector("#calendar .ec-main")
    await page.locator("#menu-button").tap()
    await menu.get_by_role("button", name="Log out").tap()
    await page.wait_for_url("**/login")
    again = await page.goto(page.url.replace("/login", "/calendar"))
    assert again is not None and again.url.endswith("/login")


async def test_the_desk_day_and_week_views_show_every_calendar_and_now(
    server: ServerProcess, context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        day = await a_busy_today(api)
        page = await sign_in(context, server.url, day.biz)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        await expect(page.locator("#view-switch button[data-view='resourceTimeGridDay']")).to_have_attribute(
            "aria-pressed", "true"
        )
        await expect(page.locator(f"[data-appointment-id='{day.eva['id']}']")).to_be_visible()
        await page.screenshot(path=str(tmp_path / "desk-day.png"))
        assert await page.locator(".ec-col-head .resource-label").all_inner_texts() == [
            f"Praxis {day.biz.slug}",
            "Eva Berger",
        ]
        await _check_events_in_columns(page, day, columns_per_day=2, day_index=0)

        await page.locator("#view-switch button[data-view='resourceTimeGridWeek']").click()
        await expect(page.locator(".ec-col-group")).to_have_count(7)
        await expect(page.locator(f"[data-appointment-id='{day.eva['id']}']")).to_be_visible()
        await page.screenshot(path=str(tmp_path / "desk-week.png"))
        assert await page.locator(".ec-col-head .resource-label").count() == 14  # 7 days x 2 calendars
        today = datetime.now(day.zone).date()
        await _check_events_in_columns(page, day, columns_per_day=2, day_index=today.weekday())
        await _check_week_titles(page, day)
        await assert_fits_the_width(page)
        assert errors == []


async def _check_week_titles(page: Page, day: Day) -> None:
    """In a week's narrow columns: the name, then the start time, lines cut at a word, and the whole
    text in the tooltip and the accessible description."""
    for appointment, service in ((day.anna, "Massage"), (day.eva, "Physiotherapie")):
        event = page.locator(f"[data-appointment-id='{appointment['id']}']")
        start = datetime.fromisoformat(appointment["start"]).astimezone(day.zone).strftime("%H:%M")
        await expect(event.locator(".appt-line .appt-start")).to_have_text(start)
        for attribute in ("title", "aria-description"):
            whole = await event.get_attribute(attribute)
            assert whole and appointment["customer_name"] in whole and service in whole, whole
        wrapping = await event.locator(".appt-title").evaluate(
            "(el) => [getComputedStyle(el).overflowWrap, getComputedStyle(el).wordBreak]"
        )
        assert wrapping == ["normal", "normal"], wrapping


async def _check_events_in_columns(page: Page, day: Day, *, columns_per_day: int, day_index: int) -> None:
    """Each appointment in its calendar's column of its day, in its service's colour, and the now-line."""
    await assert_now_line_shown(page)
    heads = page.locator(".ec-col-head")
    for appointment, color, calendar in ((day.anna, ANNA_COLOR, 0), (day.eva, EVA_COLOR, 1)):
        event = f"[data-appointment-id='{appointment['id']}']"
        box = await assert_shown(page, event)
        await assert_text_shown(page, f"{event} .appt-title", appointment["customer_name"])
        background = await page.locator(event).evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert background == rgb(color)
        head = await heads.nth(day_index * columns_per_day + calendar).evaluate(SHOWN)
        assert head["left"] <= box["left"] + box["width"] / 2 <= head["right"], "in its calendar's column"
