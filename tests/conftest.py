"""Fixtures: every test that touches the store runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from testkit.app import InProcess, in_process, settings_for
from testkit.mailbox import SmtpServer
from testkit.services import postgres_database, redis_namespace
from testkit.stand_ins import Clock, Heard


@pytest.fixture(scope="session")
async def postgres_url() -> AsyncIterator[str]:
    async with postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"], scope="session")
def database_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    if request.param == "sqlite":
        return sqlite_url
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
async def namespace() -> AsyncIterator[str]:
    async with redis_namespace() as name:
        yield name


@pytest.fixture
async def app(database_url: str) -> AsyncIterator[InProcess]:
    async with in_process(settings_for(database_url)) as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def heard(app: InProcess) -> Heard:
    """What the in-process app publishes from the start of the test."""
    recorder = Heard()
    app.deps.realtime = recorder  # type: ignore[assignment]
    return recorder


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    """One SMTP server for all tests of a module; tests tell their mail apart by address."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")
