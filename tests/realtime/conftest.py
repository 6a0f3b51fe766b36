"""Real server processes for the real-time tests, started once per session and shared by modules.

`single` is one process on SQLite with the in-process realtime layer; `pair` is two processes on
one PostgreSQL database and one Redis namespace, which must behave as one system.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from testkit.app import ServerProcess
from testkit.mailbox import SmtpServer
from testkit.sockets import Pair, server_env, server_pair, start_servers, stop_servers, verified_customers

CROWD = 50
SLOW = httpx.Timeout(30.0)


@pytest.fixture(scope="session")
async def single(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    data = tmp_path_factory.mktemp("single")
    server = ServerProcess(server_env(data, f"sqlite:///{data / 'termine.db'}"))
    try:
        await start_servers(server)
        yield server
    finally:
        stop_servers(server)


@pytest.fixture(scope="session")
async def pair(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Pair]:
    async with server_pair(tmp_path_factory.mktemp("pair")) as running:
        yield running


@pytest.fixture(scope="module")
async def mailing(smtp: SmtpServer, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[ServerProcess]:
    """A server of the module that sends its mail to the module's SMTP server."""
    data = tmp_path_factory.mktemp("mailing")
    server = ServerProcess(server_env(data, f"sqlite:///{data / 'termine.db'}", SMTP_URL=smtp.url))
    try:
        await start_servers(server)
        yield server
    finally:
        stop_servers(server)


@pytest.fixture(scope="session")
async def single_crowd(single: ServerProcess) -> list[tuple[str, str]]:
    """Fifty verified customers of the SQLite server, as (email, token)."""
    async with httpx.AsyncClient(base_url=single.url, timeout=SLOW) as client:
        return await verified_customers([client], CROWD)


@pytest.fixture(scope="session")
async def pair_crowd(pair: Pair) -> list[tuple[str, str]]:
    """Fifty verified customers of the PostgreSQL pair, registered through both processes."""
    async with (
        httpx.AsyncClient(base_url=pair.a.url, timeout=SLOW) as a,
        httpx.AsyncClient(base_url=pair.b.url, timeout=SLOW) as b,
    ):
        return await verified_customers([a, b], CROWD)
