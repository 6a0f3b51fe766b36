"""Browser tests: real server processes and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Playwright, async_playwright

from testkit.app import ServerProcess
from testkit.services import postgres_database, redis_namespace

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith("e2e/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
async def playwright() -> AsyncIterator[Playwright]:
    async with async_playwright() as running:
        yield running


@pytest.fixture(scope="session")
async def browser(playwright: Playwright) -> AsyncIterator[Browser]:
    launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    await launched.close()


@pytest.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    """A fresh browser profile per test (cookies, storage), like a second person's browser. The
    pages' Content-Security-Policy is lifted for the test's own scripts (axe, polled predicates);
    e2e/test_content_security_policy.py checks the pages under it with `policed_context`."""
    made = await browser.new_context(viewport={"width": 1366, "height": 850}, locale="de-AT", bypass_csp=True)
    yield made
    await made.close()


@pytest.fixture
async def policed_context(browser: Browser) -> AsyncIterator[BrowserContext]:
    """Like `context`, with the pages' Content-Security-Policy in force, as a customer's browser has it."""
    made = await browser.new_context(viewport={"width": 1366, "height": 850}, locale="de-AT")
    yield made
    await made.close()


@pytest.fixture
async def second_context(browser: Browser) -> AsyncIterator[BrowserContext]:
    made = await browser.new_context(viewport={"width": 390, "height": 844}, locale="de-AT", bypass_csp=True)
    yield made
    await made.close()


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "RATE_LIMITS": "off",
        "DEV_MAILBOX": "on",
    }
    env.update(extra)
    for name in ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "HOLD_SECONDS", "PUBLIC_URL"):
        if name not in extra:
            env[name] = ""
    return env


@pytest.fixture(scope="session")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    """One process on the embedded defaults: SQLite, no Redis, the dev mailbox."""
    data = tmp_path_factory.mktemp("e2e-sqlite")
    process = ServerProcess(_env(data, DATABASE_URL=f"sqlite:///{data / 'e2e.db'}"))
    await process.start()
    yield process
    process.stop()


#: How long a hold lasts on `short_hold_server`: long enough to type, short enough to wait out.
SHORT_HOLD_SECONDS = 6


@pytest.fixture(scope="session")
async def short_hold_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    """Like `server`, but a hold lasts SHORT_HOLD_SECONDS, so a test can watch one run out."""
    data = tmp_path_factory.mktemp("e2e-short-hold")
    process = ServerProcess(
        _env(data, DATABASE_URL=f"sqlite:///{data / 'e2e.db'}", HOLD_SECONDS=str(SHORT_HOLD_SECONDS))
    )
    await process.start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
async def cluster(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[list[ServerProcess]]:
    """Two processes that share PostgreSQL and Redis and so act as one system."""
    data = tmp_path_factory.mktemp("e2e-cluster")
    async with (
        postgres_database("termine_e2e") as database_url,
        redis_namespace("termine-e2e") as namespace,
    ):
        env = _env(
            data,
            DATABASE_URL=database_url,
            REDIS_URL="redis://127.0.0.1:6379/0",
            REDIS_NAMESPACE=namespace,
        )
        first, second = ServerProcess(env), ServerProcess(env)
        await asyncio.gather(first.start(), second.start())
        yield [first, second]
        first.stop()
        second.stop()
