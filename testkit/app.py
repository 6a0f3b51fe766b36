"""The product in-process (for API tests) and as real server processes (for sockets and browsers)."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from actions.context import Deps
from server import create_app
from settings import Settings
from store.schema import outbox
from testkit.services import free_port

ROOT = Path(__file__).resolve().parent.parent
#: The plans tests of other features run with: a trial that limits nothing they do.
ROOMY_PLANS = str(ROOT / "testkit" / "plans-roomy.toml")
#: The plans the product ships with, for the tests of the licences.
SHIPPED_PLANS = str(ROOT / "licensing" / "plans.toml")


def settings_for(database_url: str, **overrides: Any) -> Settings:
    base = Settings(
        database_url=database_url,
        redis_url=None,
        smtp_url=None,
        hold_seconds=600,
        public_url="http://testserver",
        secret_key=secrets.token_urlsafe(32),
        rate_limits=False,
        mailbox_page=True,
        plans_file=ROOMY_PLANS,
    )
    return replace(base, **overrides)


@dataclass
class InProcess:
    client: httpx.AsyncClient
    deps: Deps
    #: The whole ASGI app, for a second browser (`other_client`) or a call that watches the raw answer.
    asgi: Any

    def other_client(self, cookies: httpx.Cookies | None = None) -> httpx.AsyncClient:
        """Another client of the same app, e.g. one that replays a copied session cookie."""
        transport = httpx.ASGITransport(app=self.asgi)
        return httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=cookies)

    async def outbox_to(self, address: str) -> list[dict[str, Any]]:
        async with self.deps.store.read() as conn:
            rows = await conn.execute(
                select(outbox).where(outbox.c.to_addr == address).order_by(outbox.c.created_at)
            )
            return [dict(r._mapping) for r in rows]


@asynccontextmanager
async def in_process(
    settings: Settings,
    clock: Callable[[], datetime] | None = None,
    client_address: tuple[str, int] = ("127.0.0.1", 123),
) -> AsyncIterator[InProcess]:
    """Runs the app's lifespan and yields an httpx client that talks to it without a socket,
    as a client at `client_address` (this machine unless told otherwise)."""
    asgi = create_app(settings, clock or (lambda: datetime.now(UTC)))
    app = asgi.other_asgi_app
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=asgi, client=client_address)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield InProcess(client=client, deps=app.state.deps, asgi=asgi)


def link_token(body: str) -> str:
    match = re.search(r"/verify/([A-Za-z0-9_\-]+)", body)
    assert match, body
    return match.group(1)


def security_code(body: str) -> str:
    match = re.search(r"\b(\d{6})\b", body)
    assert match, body
    return match.group(1)


class ServerProcess:
    """`python server.py` in a child process, as a user would start it."""

    def __init__(self, env: dict[str, str], port: int | None = None, demo: bool = False) -> None:
        self.port = port or free_port()
        self.env = {**os.environ, **env}
        self.env.setdefault("PUBLIC_URL", self.url)
        self.env.setdefault("PLANS_FILE", ROOMY_PLANS)
        self.demo = demo
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = Path(env.get("DATA_DIR", "/tmp")) / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, timeout: float = 30.0) -> None:
        args = [
            sys.executable,
            str(ROOT / "server.py"),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        if self.demo:
            args.append("--demo")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(args, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with httpx.AsyncClient() as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
                try:
                    if (await client.get(f"{self.url}/api/v1/openapi.json")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if loop.time() > deadline:
                    raise TimeoutError(f"server did not start: {self.log_path.read_text()[-3000:]}")
                await asyncio.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
