"""The pages work under the Content-Security-Policy: the calendar, settings, customers, the booking
page on its own and embedded in a business's site, log-in and the dev mailbox report no violation
and no console error while they are used."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.async_api import BrowserContext, ConsoleMessage, Page, expect

from e2e.journeys import local_start, sign_in
from e2e.test_embedded_booking_page import website
from testkit.app import ServerProcess
from testkit.flows import customer as registered_customer
from testkit.flows import sign_up
from web.security import directives

#: Runs in every page and frame before its own scripts: each violation becomes a console error.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} at ${where}`);
});
"""


class Complaints:
    """Console errors, CSP violations and uncaught script errors of the pages of a context."""

    def __init__(self, context: BrowserContext, origin: str) -> None:
        self.found: list[str] = []
        self.context = context
        #: Our server's: the business's own test site (its missing favicon) is not under test.
        self.origin = origin

    async def watch(self) -> None:
        await self.context.add_init_script(REPORT_VIOLATIONS)
        self.context.on("page", self._page)

    def _page(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        url = str(message.location.get("url", ""))
        ours = url.startswith(self.origin) or not url.startswith("http")
        if "CSP violation" in message.text or "Content Security Policy" in message.text:
            self.found.append(f"{url}: {message.text}")
        elif message.type == "error" and ours:
            self.found.append(f"{url}: {message.text}")


async def test_every_page_runs_under_the_policy(
    server: ServerProcess, policed_context: BrowserContext, tmp_path: Path
) -> None:
    complaints = Complaints(policed_context, server.url)
    await complaints.watch()
    async with httpx.AsyncClient(base_url=server.url) as api:
        biz = await sign_up(api)
        customer = await api.post(
            "/api/v1/customers", json={"first_name": "Clara", "last_name": "Kundin"}, headers=biz.auth
        )
        assert customer.status_code == 201

        page = await sign_in(policed_context, server.url, biz)
        policy = directives((await api.get("/calendar")).headers["content-security-policy"])
        assert policy["script-src"] == "'self'"
        await expect(page.locator("#calendar .ec-main")).to_be_visible()
        await page.click("#next-button")
        await page.click("a#settings-link")
        await page.wait_for_url("**/settings")
        await expect(page.locator("#oeffnungszeiten [data-hours-editor]").first).to_be_visible()
        await page.goto(f"{server.url}/customers")
        await expect(page.get_by_text("Kundin").first).to_be_visible()
        await page.goto(f"{server.url}/customers/{customer.json()['id']}")
        await expect(page.get_by_text("Clara").first).to_be_visible()
        await page.goto(f"{server.url}/dev/mailbox")
        # The page's own script shows new mail as it comes.
        email, _ = await registered_customer(api, "Mailbox")
        await expect(page.locator("body")).to_contain_text(email)

        booking = await policed_context.new_page()
        start = local_start(1, 10)
        await booking.goto(f"{server.url}/book/{biz.slug}")
        await booking.click(f".service[data-service-id='{biz.service_id}']")
        await booking.click(f".day[data-date='{start.date().isoformat()}']")
        await booking.click(f".slot[data-start='{start.isoformat()}']")
        await expect(booking.locator("input[name=email]")).to_be_visible()
        for path in ("/", "/login", "/signup", "/login/reset", f"/account?book={biz.slug}"):
            await booking.goto(f"{server.url}{path}")
            await booking.wait_for_load_state("networkidle")

        async with website(tmp_path / "site", f"{server.url}/book/{biz.slug}") as origin:
            listed = await api.patch("/api/v1/settings", json={"embed_origins": [origin]}, headers=biz.auth)
            assert listed.status_code == 200, listed.text
            embedding = await policed_context.new_page()
            await embedding.goto(f"{origin}/index.html")
            frame = embedding.frame_locator("iframe")
            await frame.locator(f".service[data-service-id='{biz.service_id}']").click()
            await frame.locator(f".day[data-date='{start.date().isoformat()}']").click()
            await expect(frame.locator(f".slot[data-start='{start.isoformat()}']")).to_be_visible()
    assert complaints.found == []
