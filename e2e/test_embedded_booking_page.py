"""A business's own website frames the booking page; a site it does not list cannot."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from playwright.async_api import BrowserContext, expect

from e2e.journeys import local_start, shot
from e2e.test_settings_ui import open_settings
from testkit.app import ServerProcess
from testkit.flows import sign_up
from testkit.services import free_port


@asynccontextmanager
async def website(folder: Path, booking_url: str) -> AsyncIterator[str]:
    """A business's own site on another port (`python -m http.server`) whose index.html frames
    `booking_url` in a bare iframe of a fixed height; yields the site's origin. Further pages written
    into `folder` are served too."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        "<!doctype html><html lang=de><head><meta charset=utf-8><title>Praxis</title></head><body>"
        "<h1>Praxis am Eck</h1>"
        f'<iframe src="{booking_url}" title="Online-Terminbuchung" '
        'style="width:100%;min-height:680px;border:0"></iframe></body></html>',
        encoding="utf-8",
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(100):
                try:
                    if (await client.get(f"{origin}/index.html")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("the website did not start")
        yield origin
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_a_listed_site_frames_the_booking_page(
    server: ServerProcess, context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        async with website(tmp_path / "site", f"{server.url}/book/{biz.slug}") as origin:
            listed = await api.patch("/api/v1/settings", json={"embed_origins": [origin]}, headers=biz.auth)
            assert listed.status_code == 200, listed.text
            page = await context.new_page()
            await page.goto(f"{origin}/index.html")
            frame = page.frame_locator("iframe")
            service = frame.locator(f".service[data-service-id='{biz.service_id}']")
            await expect(service).to_be_visible()
            await service.click()
            start = local_start(1, 10)
            await frame.locator(f".day[data-date='{start.date().isoformat()}']").click()
            await expect(frame.locator(f".slot[data-start='{start.isoformat()}']")).to_be_visible()
            await page.screenshot(path=shot("booking-page-embedded"))


async def test_a_site_not_listed_cannot_frame_the_booking_page(
    server: ServerProcess, context: BrowserContext, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api, embed_origins=["https://praxis-example.at"])
        async with website(tmp_path / "site", f"{server.url}/book/{biz.slug}") as origin:
            page = await context.new_page()
            # Chromium reports the refused frame on the console: that message is what we wait for.
            async with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as reported:
                async with page.expect_response(lambda r: f"/book/{biz.slug}" in r.url) as framed:
                    await page.goto(f"{origin}/index.html")
            answer = await framed.value
            assert answer.status == 200
            assert origin not in answer.headers["content-security-policy"]
            assert "frame-ancestors" in (await reported.value).text
            await expect(page.locator("h1")).to_have_text("Praxis am Eck")
            await expect(page.frame_locator("iframe").locator(".service")).to_have_count(0)


async def test_the_owner_lists_the_sites_on_the_settings_page(
    server: ServerProcess, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        page = await open_settings(context, server.url, biz)
        section = page.locator("#einbinden")
        await expect(section).to_contain_text("Nur diese Websites dürfen die Buchungsseite einbinden.")
        box = page.locator("#embed-origins")
        await expect(box).to_have_value("")

        await box.fill("praxis-example.at")
        await page.click("#embed-origins-save")
        await expect(page.locator("#embed_origins-error")).to_contain_text("https://")
        await expect(box).to_have_attribute("aria-invalid", "true")

        await box.fill("https://Praxis-Example.at/\n\nhttp://127.0.0.1:8123\n")
        await page.click("#embed-origins-save")
        await expect(page.locator("#toast")).to_have_class("toast is-visible")
        await expect(box).to_have_value("https://praxis-example.at\nhttp://127.0.0.1:8123")
        await expect(page.locator("#embed_origins-error")).to_have_text("")
        saved = await api.get("/api/v1/settings", headers=biz.auth)
        assert saved.json()["embed_origins"] == ["https://praxis-example.at", "http://127.0.0.1:8123"]

        await page.reload()
        await expect(page.locator("#embed-origins")).to_have_value(
            "https://praxis-example.at\nhttp://127.0.0.1:8123"
        )
