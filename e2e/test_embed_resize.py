"""The embed code's script fits the booking frame to its page, step by step, and listens to nobody
but that frame; the settings and the calendar's booking-link panel say where the website must be listed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from playwright.async_api import BrowserContext, Frame, Locator, Page, expect

from e2e.journeys import local_start, shot, sign_in
from e2e.test_embedded_booking_page import website
from e2e.test_settings_ui import open_settings
from testkit.app import ServerProcess
from testkit.flows import Business, join_team, sign_up

HEIGHT = "termine:height"


async def inner_height(frame: Frame) -> int:
    """The height of the booking page's content inside the frame."""
    height: int = await frame.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
    return height


async def outer_height(iframe: Locator) -> float:
    """The height the host page gives the iframe."""
    height: float = await iframe.evaluate("f => f.getBoundingClientRect().height")
    return height


async def fitted(iframe: Locator, frame: Frame) -> int:
    """Waits until the iframe is as tall as the booking page inside it; returns that height."""
    inner = outer = 0.0
    for _ in range(100):
        inner, outer = await inner_height(frame), await outer_height(iframe)
        if abs(inner - outer) <= 1:
            return int(inner)
        await asyncio.sleep(0.05)
    raise AssertionError(f"the frame stayed {outer}px tall around a page of {inner}px")


async def booking_frame(page: Page, index: int = 0) -> Frame:
    """The `index`th iframe's document, once it is there."""
    handle = await page.locator("iframe").nth(index).element_handle()
    assert handle is not None
    frame = await handle.content_frame()
    assert frame is not None
    return frame


async def listening(page: Page) -> None:
    """Notes the probes the host page hears; its listener runs after the embed script's."""
    await page.evaluate(
        "window.probes = []; window.addEventListener('message', (e) => window.probes.push(e.data?.probe))"
    )


async def probed(page: Page, sender: Page | Frame, probe: str) -> None:
    """Sends a probe (no height) from `sender` to the host page and waits until the page has heard
    it: messages from one window arrive in order, so the page has handled all that went before."""
    await sender.evaluate(f"(top.opener || parent).postMessage({{probe: {probe!r}}}, '*')")
    await page.wait_for_function(f"window.probes.includes({probe!r})")


async def more_services(api: httpx.AsyncClient, biz: Business, count: int) -> None:
    for number in range(count):
        made = await api.post(
            "/api/v1/services",
            json={"name": f"Behandlung {number + 1}", "duration_minutes": 30},
            headers=biz.auth,
        )
        assert made.status_code == 201, made.text


async def test_the_embed_code_fits_the_frame_to_each_step(
    server: ServerProcess, context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        async with website(tmp_path / "site", f"{server.url}/book/{biz.slug}") as origin:
            settings = await open_settings(context, server.url, biz)
            section = settings.locator("#einbinden")
            await expect(section.locator("#embed-code-site")).to_contain_text(
                "unter „Websites, die die Buchung einbinden dürfen“ eingetragen"
            )
            await expect(section.locator("#embed-no-site")).to_be_visible()
            await section.screenshot(path=shot("settings-embed-no-site"))
            await section.locator("#embed-add-site").click()
            box = section.locator("#embed-origins")
            await expect(box).to_be_focused()
            await box.fill(origin)
            await section.locator("#embed-origins-save").click()
            await expect(section.locator("#embed-no-site")).to_be_hidden()
            code = await section.locator("#embed-code").input_value()
            assert f'<script src="{server.url}/static/embed.js" async></script>' in code
            (tmp_path / "site" / "snippet.html").write_text(
                f"<!doctype html><html lang=de><head><meta charset=utf-8><title>Praxis</title></head>"
                f"<body><h1>Praxis am Eck</h1>{code}</body></html>",
                encoding="utf-8",
            )

            page = await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(f"{origin}/snippet.html")
            iframe = page.locator("iframe")
            frame = await booking_frame(page)
            service = frame.locator(f".service[data-service-id='{biz.service_id}']")
            await expect(service).to_be_visible()
            services_step = await fitted(iframe, frame)
            assert services_step < 680  # one service: shorter than the pasted height

            await more_services(api, biz, 8)  # the open page follows the new services live
            await expect(frame.locator(".service")).to_have_count(9)
            longer_list = await fitted(iframe, frame)
            assert longer_list > services_step

            await service.click()
            start = local_start(1, 10)
            await frame.locator(f".day[data-date='{start.date().isoformat()}']").click()
            await expect(frame.locator(f".slot[data-start='{start.isoformat()}']")).to_be_visible()
            times_step = await fitted(iframe, frame)
            assert times_step > 680
            # the frame is as tall as its page, so nothing scrolls inside it
            assert await frame.evaluate("document.documentElement.scrollHeight") <= times_step + 1
            await page.screenshot(path=shot("booking-page-embedded-fitted"), full_page=True)

            await frame.locator(".link-back").click()
            await expect(frame.locator(".service")).to_have_count(9)
            assert await fitted(iframe, frame) == longer_list
            assert errors == []


async def test_the_frame_listens_to_its_own_page_only(
    server: ServerProcess, context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        booking_url = f"{server.url}/book/{biz.slug}"
        async with website(tmp_path / "site", booking_url) as origin:
            listed = await api.patch("/api/v1/settings", json={"embed_origins": [origin]}, headers=biz.auth)
            assert listed.status_code == 200, listed.text
            frame_tag = (
                f'<iframe src="{booking_url}" title="Online-Terminbuchung" '
                'style="width:100%;min-height:680px;border:0"></iframe>'
            )
            # the script comes first here, before either frame has loaded: the frames tell their height
            # when their pages are ready
            (tmp_path / "site" / "two.html").write_text(
                "<!doctype html><html lang=de><head><meta charset=utf-8><title>Praxis</title>"
                f'<script src="{server.url}/static/embed.js"></script></head>'
                f"<body><h1>Praxis am Eck</h1>{frame_tag}<p>Dazwischen</p>{frame_tag}</body></html>",
                encoding="utf-8",
            )
            page = await context.new_page()
            await page.goto(f"{origin}/two.html")
            first, second = page.locator("iframe").nth(0), page.locator("iframe").nth(1)
            first_frame, second_frame = await booking_frame(page, 0), await booking_frame(page, 1)
            for frame in (first_frame, second_frame):
                await expect(frame.locator(".service")).to_have_count(1)
            height = await fitted(first, first_frame)
            assert await fitted(second, second_frame) == height
            await listening(page)

            # one frame's word moves that frame only, within bounds; a message of another shape is
            # not a height
            post = f"h => parent.postMessage({{type: '{HEIGHT}', height: h}}, '*')"
            await second_frame.evaluate(post, 1234)
            await expect(second).to_have_css("height", "1234px")
            await second_frame.evaluate(post, 10**9)
            await expect(second).to_have_css("height", "20000px")
            assert await outer_height(first) == height
            await second_frame.evaluate(
                "() => { for (const data of [{type: 'termine:height', height: '900'},"
                " {type: 'termine:height', height: NaN}, {type: 'other', height: 900}, 900, null])"
                " parent.postMessage(data, '*') }"
            )
            await probed(page, second_frame, "after-malformed")
            assert await outer_height(second) == 20000

            # the host page itself cannot pose as a frame
            await page.evaluate(f"window.postMessage({{type: '{HEIGHT}', height: 900}}, '*')")
            await probed(page, page, "after-host")
            # nor can a window of the product that is no frame on the page
            async with page.expect_popup() as opened:
                await page.evaluate(f"window.open({booking_url!r})")
            popup = await opened.value
            await expect(popup.locator(".service")).to_have_count(1)
            await popup.evaluate(f"opener.postMessage({{type: '{HEIGHT}', height: 900}}, '*')")
            await probed(page, popup, "after-popup")
            assert await outer_height(first) == height
            assert await outer_height(second) == 20000

            # a frame that has left for another site is not ours any more, whatever its address says
            (tmp_path / "site" / "elsewhere.html").write_text("<!doctype html><title>Anders</title>")
            await second_frame.goto(f"{origin}/elsewhere.html")
            await second_frame.evaluate(post, 900)
            await probed(page, second_frame, "after-elsewhere")
            assert await outer_height(second) == 20000


async def test_a_bare_iframe_keeps_its_height_until_the_script_comes(
    server: ServerProcess, context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        async with website(tmp_path / "site", f"{server.url}/book/{biz.slug}") as origin:
            listed = await api.patch("/api/v1/settings", json={"embed_origins": [origin]}, headers=biz.auth)
            assert listed.status_code == 200, listed.text
            page = await context.new_page()
            await page.goto(f"{origin}/index.html")
            iframe = page.locator("iframe")
            frame = await booking_frame(page)
            await frame.locator(f".service[data-service-id='{biz.service_id}']").click()
            start = local_start(1, 10)
            await frame.locator(f".day[data-date='{start.date().isoformat()}']").click()
            await expect(frame.locator(f".slot[data-start='{start.isoformat()}']")).to_be_visible()
            assert await inner_height(frame) > 680
            assert await outer_height(iframe) == 680
            await frame.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            assert await frame.evaluate("window.scrollY") > 0

            # the script added later than the frame's page asks it for its height, and fits it
            await page.evaluate(
                "src => document.body.append(Object.assign(document.createElement('script'), {src}))",
                f"{server.url}/static/embed.js",
            )
            assert await fitted(iframe, frame) > 680


async def test_the_booking_link_panel_says_where_the_website_must_be_listed(
    server: ServerProcess, context: BrowserContext, second_context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        anna = await join_team(api, biz, name="Anna Berger", preset="provider", calendar="new")

        owner = await sign_in(context, server.url, biz)
        await owner.click("#booking-link-button")
        panel = owner.locator("#booking-link-panel")
        code = await panel.locator("#embed-code").input_value()
        assert f'<iframe src="{server.url}/book/{biz.slug}"' in code
        assert f'<script src="{server.url}/static/embed.js" async></script>' in code
        await expect(panel.locator("#embed-code-site")).to_contain_text(
            "„Websites, die die Buchung einbinden dürfen“"
        )
        await panel.screenshot(path=shot("booking-link-panel"))
        await panel.locator("#embed-list-link").click()
        await owner.wait_for_url(f"{server.url}/settings#embed-origins")
        await expect(owner.locator("#embed-origins")).to_be_focused()

        page = await second_context.new_page()
        await page.goto(f"{server.url}/login")
        await page.fill("input[name=email]", anna.email)
        await page.fill("input[name=password]", "correct horse battery")
        await page.click("button[type=submit]")
        await page.wait_for_url("**/calendar")
        await page.click("#booking-link-button")
        panel = page.locator("#booking-link-panel")
        assert "/static/embed.js" in await panel.locator("#embed-code").input_value()
        await expect(panel.locator("#embed-code-site")).to_contain_text(
            "Eintragen kann, wer die Einstellungen ändern darf."
        )
        await expect(panel.locator("#embed-list-link")).to_have_count(0)
