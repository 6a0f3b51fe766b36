"""Per-run PostgreSQL databases and Redis namespaces, so runs never collide and clean up after."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from redis.asyncio import Redis
from redis.exceptions import RedisError

PG_ADMIN_URL = os.environ.get("TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_BASE_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def postgres_database(prefix: str = "termine_test") -> AsyncIterator[str]:
    """A fresh database for this run, dropped afterwards; yields its postgresql:// URL."""
    name = f"{prefix}_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin = await asyncpg.connect(PG_ADMIN_URL)
        try:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
            )
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        finally:
            await admin.close()


@asynccontextmanager
async def redis_namespace(prefix: str = "termine-test") -> AsyncIterator[str]:
    """A key prefix of this run's own; every key under it is deleted afterwards."""
    namespace = f"{prefix}-{secrets.token_hex(6)}"
    try:
        yield namespace
    finally:
        redis = Redis.from_url(REDIS_BASE_URL)
        try:
            async for key in redis.scan_iter(match=f"{namespace}:*"):
                await redis.delete(key)
        finally:
            await redis.aclose()


class RedisServer:
    """A redis-server of the test's own on a free port, which the test may stop and start again
    (never the shared one): for outages."""

    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.data_dir = data_dir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self, timeout: float = 10.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.data_dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        redis = Redis.from_url(self.url)
        try:
            deadline = asyncio.get_running_loop().time() + timeout
            while True:
                try:
                    await redis.ping()
                    return
                except (RedisError, OSError):
                    if asyncio.get_running_loop().time() > deadline:
                        raise
                    await asyncio.sleep(0.05)
        finally:
            await redis.aclose()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


async def end_connections(database_url: str) -> int:
    """Ends every connection to that database, as a restart of PostgreSQL would; returns how many."""
    name = database_url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(PG_ADMIN_URL)
    try:
        ended = await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
        )
    finally:
        await admin.close()
    return len(ended)
