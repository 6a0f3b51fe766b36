"""A lock per calendar, so concurrent bookings of one calendar queue instead of colliding.

The lock makes the common case fast and orderly; the database constraint stays the guarantee.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from redis.asyncio import Redis


class CalendarLocks(Protocol):
    def calendar(self, staff_id: str) -> AsyncIterator[None]: ...


class LocalLocks:
    """In-process locks for a single server process."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def calendar(self, staff_id: str) -> AsyncIterator[None]:
        lock = self._locks.get(staff_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[staff_id] = lock
        async with lock:
            yield


class RedisLocks:
    """Locks shared by every process through Redis; one Lock object per use, as redis-py requires."""

    def __init__(
        self, redis: Redis, namespace: str, timeout: float = 10.0, wait: float = 10.0
    ) -> None:
        self._redis = redis
        self._namespace = namespace
        self._timeout = timeout
        self._wait = wait

    @asynccontextmanager
    async def calendar(self, staff_id: str) -> AsyncIterator[None]:
        lock = self._redis.lock(
            f"{self._namespace}:lock:calendar:{staff_id}",
            timeout=self._timeout,
            blocking_timeout=self._wait,
            sleep=0.005,
            thread_local=False,
        )
        # Past the wait we go on unlocked: the database still refuses an overlap.
        acquired = await lock.acquire()
        try:
            yield
        finally:
            if acquired:
                try:
                    await lock.release()
                except Exception:  # expired meanwhile; nothing left to release
                    pass
