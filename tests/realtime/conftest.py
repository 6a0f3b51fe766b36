"""Real server processes for the real-time tests, started once per session and shared by modules.

`single` is one process on SQLite with the in-process realtime layer; `pair` is two processes on
one PostgreSQL database and one Redis namespace, which must behave as one system.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from testkit.app import ServerProcess
from testkit.services import postgres_database, redis_namespace
from testkit.services import REDIS_BASE_URL
from testkit.sockets import server_env, start_servers, stop_servers, verified_customers

CROWD = 50
SLOW = httpx.Timeout(30.0)


@dataclass
class Pair:
    a: ServerProcess
    b: ServerProcess
    database_url: str
    namespace: str


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
    data = tmp_path_factory.mktemp("pair")
    async with postgres_database() as database_url, redis_namespace() as namespace:
        # One SECRET_KEY for both: a token signed by one process must hold on the other.
        env = server_env(data, database_url, REDIS_URL=REDIS_BASE_URL, REDIS_NAMESPACE=namespace)
        a, b = ServerProcess(env), ServerProcess(env)
        try:
            await start_servers(a, b)
            yield Pair(a, b, database_url, namespace)
        finally:
            stop_servers(a, b)


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
