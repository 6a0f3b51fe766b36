"""Consent and data rights in the browser, with mail over a real SMTP server: a customer ticks the
newsletter while booking, confirms the mailed link and receives the newsletter; then downloads
their data and deletes the account on the account page."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import BrowserContext, expect

from e2e.conftest import _env
from e2e.journeys import choose_slot, local_start, log_in_on_booking_page
from testkit.app import ServerProcess, link_token, security_code
from testkit.flows import sign_up
from testkit.mailbox import SmtpServer, plain_text

PASSWORD = "a good password"


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
async def mailing(smtp: SmtpServer, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    """A server that sends its mail to the SMTP test server."""
    data: Path = tmp_path_factory.mktemp("e2e-consent")
    process = ServerProcess(_env(data, DATABASE_URL=f"sqlite:///{data / 'e2e.db'}", SMTP_URL=smtp.url))
    await process.start()
    yield process
    process.stop()


async def registered(api: httpx.AsyncClient, smtp: SmtpServer) -> str:
    """A customer registered and verified through the link mailed over SMTP; returns the address."""
    email = f"lena-{secrets.token_hex(4)}@customer.example"
    body = {"email": email, "password": PASSWORD, "first_name": "Lena", "last_name": "Leser"}
    assert (await api.post("/api/v1/customer/register", json=body)).status_code == 202
    (mail,) = await smtp.inbox.wait_for(email)
    verified = await api.post("/api/v1/customer/verify", json={"token": link_token(plain_text(mail))})
    assert verified.status_code == 200, verified.text
    return email


async def test_a_ticked_newsletter_is_confirmed_by_mail_and_then_received(
    mailing: ServerProcess, smtp: SmtpServer, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=mailing.url, timeout=30) as api:
        biz = await sign_up(api, inbox=smtp.inbox)
        email = await registered(api, smtp)
        start = local_start(2, 10)
        page = await context.new_page()
        await choose_slot(page, mailing.url, biz, start)
        await log_in_on_booking_page(page, email)
        box = page.locator("#f-newsletter")
        await expect(box).not_to_be_checked()
        await expect(page.get_by_text(f"Newsletter von Praxis {biz.slug} erhalten")).to_be_visible()
        await box.check()
        code_mail = (await smtp.inbox.wait_for(email, count=2))[1]
        await page.fill("#f-code", security_code(str(code_mail["Subject"])))
        await page.click("form.code-form button[type=submit]")
        await expect(page.locator(".done")).to_be_visible()

        # The double opt-in mail: its link shows a page whose button confirms.
        messages = await smtp.inbox.wait_for(email, count=4)
        opt_in = next(m for m in messages if "/newsletter/confirm/" in plain_text(m))
        link = re.search(r"https?://\S+/newsletter/confirm/\S+", plain_text(opt_in))
        assert link
        confirm = await context.new_page()
        await confirm.goto(link.group(0))
        await confirm.get_by_role("button", name="Newsletter bestätigen").click()
        await expect(confirm.get_by_role("status")).to_have_text("Newsletter bestätigt")

        group = await api.post("/api/v1/customer-groups", json={"name": "Alle"}, headers=biz.auth)
        (record,) = (await api.get("/api/v1/customers", params={"q": "Lena"}, headers=biz.auth)).json()[
            "customers"
        ]
        assert record["newsletter_consent"]["source"] == "booking_page"
        await api.patch(
            f"/api/v1/customers/{record['id']}", json={"groups": [group.json()["id"]]}, headers=biz.auth
        )
        letter = {
            "subject": "Neu: Abendtermine",
            "body": "Ab März bis 20 Uhr.",
            "group_ids": [group.json()["id"]],
        }
        assert (await api.post("/api/v1/newsletters", json=letter, headers=biz.auth)).status_code == 202
        received = await smtp.inbox.wait_for(email, count=len(messages) + 1)
        assert any(m["Subject"] == "Neu: Abendtermine" for m in received)


async def test_the_customer_downloads_their_data_and_deletes_the_account(
    mailing: ServerProcess, smtp: SmtpServer, context: BrowserContext
) -> None:
    async with httpx.AsyncClient(base_url=mailing.url, timeout=30) as api:
        biz = await sign_up(api, inbox=smtp.inbox)
        email = await registered(api, smtp)
        start = local_start(3, 11)
        page = await context.new_page()
        await choose_slot(page, mailing.url, biz, start)
        await log_in_on_booking_page(page, email)
        code_mail = (await smtp.inbox.wait_for(email, count=2))[1]
        await page.fill("#f-code", security_code(str(code_mail["Subject"])))
        await page.click("form.code-form button[type=submit]")
        await expect(page.locator(".done")).to_be_visible()

        await page.goto(f"{mailing.url}/account")
        async with page.expect_download() as downloading:
            await page.click("#download-data")
        download = await downloading.value
        data = json.loads(Path(await download.path()).read_text())
        assert data["account"]["email"] == email
        (business,) = data["businesses"]
        assert business["business"] == f"Praxis {biz.slug}" and len(business["appointments"]) == 1

        await page.fill("#f-delete_password", PASSWORD)
        await page.click("#delete-form button[type=submit]")
        await expect(page.locator("#delete-form")).to_contain_text("bevorstehende Termine")
        appointment = (await api.get("/api/v1/customers", params={"q": "Lena"}, headers=biz.auth)).json()
        (record,) = appointment["customers"]
        view = (await api.get(f"/api/v1/customers/{record['id']}", headers=biz.auth)).json()
        (upcoming,) = view["upcoming"]
        await api.post(f"/api/v1/appointments/{upcoming['id']}/cancel", json={}, headers=biz.auth)

        await page.fill("#f-delete_password", PASSWORD)
        await page.click("#delete-form button[type=submit]")
        await expect(page.get_by_text("Ihr Konto ist gelöscht.")).to_be_visible()
        login = await api.post("/api/v1/customer/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 401
