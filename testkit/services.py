"""Per-run PostgreSQL databases and Redis namespaces, so runs never collide and clean up after."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from redis.asyncio import Redis

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
