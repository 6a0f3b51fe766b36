"""Bytes of JS and CSS a browser loads for the staff calendar and the booking page.

Run as `.venv/bin/python bench/bench_page_bytes.py [root]` (Chromium at /usr/bin/chromium). It
starts `server.py` of `root` (default: this checkout; pass another checkout, with its set-up
done, to compare) on SQLite in a temporary directory, signs a business up, and opens `/calendar`
(signed in, German and English) and `/book/<slug>` in Chromium. For each page it prints the
number of script and stylesheet files and their bytes as served and as gzip (level 6, what a
compressing proxy in front of the server sends), summed over the files.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.async_api import Page, Response, async_playwright

HERE = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PASSWORD = "correct horse battery"
ASSETS = ("script", "stylesheet")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def started(root: Path, data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'bench.db'}",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "RATE_LIMITS": "off",
        "DEV_MAILBOX": "on",
        "PUBLIC_URL": url,
    }
    log = (data / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, str(root / "server.py"), "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            try:
                if (await client.get(f"{url}/login")).status_code == 200:
                    return process, url
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    process.terminate()
    raise SystemExit("the server did not start")


async def assets_of(page: Page, url: str) -> list[tuple[str, bytes]]:
    """The scripts and stylesheets the page loads at `url`, with their bodies."""
    seen: list[Response] = []
    page.on("response", lambda r: seen.append(r) if r.request.resource_type in ASSETS else None)
    await page.goto(url, wait_until="networkidle")
    return [(r.url, await r.body()) for r in seen]


def report(what: str, assets: list[tuple[str, bytes]]) -> None:
    raw = sum(len(body) for _, body in assets)
    packed = sum(len(gzip.compress(body, 6)) for _, body in assets)
    kb, gz = raw / 1024, packed / 1024
    print(f"  {what:<28} {len(assets):>2} files  {kb:7.1f} KB as served  {gz:6.1f} KB gzip")
    if os.environ.get("BENCH_VERBOSE"):
        for address, body in assets:
            print(f"    {len(body):>8}  {address}")


async def main() -> None:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    with tempfile.TemporaryDirectory(prefix="bench-bytes-") as directory:
        process, url = await started(root, Path(directory))
        try:
            slug = f"bytes-{secrets.token_hex(4)}"
            async with httpx.AsyncClient(base_url=url) as client:
                made = await client.post(
                    "/api/v1/signup",
                    json={
                        "business_name": "Praxis Bytes",
                        "slug": slug,
                        "email": f"{slug}@owner.example",
                        "password": PASSWORD,
                        "timezone": "Europe/Vienna",
                    },
                )
                made.raise_for_status()
            print(f"{root.name}:")
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                # A browser that asks for German, as most of the product's users have.
                context = await browser.new_context(locale="de-AT")
                page = await context.new_page()
                await page.goto(f"{url}/login")
                await page.fill("input[name=email]", f"{slug}@owner.example")
                await page.fill("input[name=password]", PASSWORD)
                await page.click("button[type=submit]")
                await page.wait_for_url("**/calendar")
                fresh = await context.new_page()
                report("/calendar", await assets_of(fresh, f"{url}/calendar"))
                fresh = await context.new_page()
                report("/calendar?lang=en", await assets_of(fresh, f"{url}/calendar?lang=en"))
                visitor = await (await browser.new_context(locale="de-AT")).new_page()
                report(f"/book/{slug}", await assets_of(visitor, f"{url}/book/{slug}"))
                await browser.close()
        finally:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    asyncio.run(main())
