"""Redis TTL keys that mirror pending holds, for anything that wants a cheap look.

They are hints only: a hold's deadline is its `expires_at` in the database, which the expiry loop
polls, because Redis reports expired keys late (seconds, or not at all) when it holds many keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from redis.asyncio import Redis

from realtime.events import Event


class HoldMarks(Protocol):
    async def held(self, hold_id: str, expires_at: datetime) -> None: ...
    async def gone(self, hold_id: str) -> None: ...


class NoMarks:
    """Without Redis the database alone knows the holds."""

    async def held(self, hold_id: str, expires_at: datetime) -> None:
        return None

    async def gone(self, hold_id: str) -> None:
        return None


class RedisMarks:
    def __init__(self, redis: Redis, namespace: str) -> None:
        self._redis = redis
        self._namespace = namespace

    def _key(self, hold_id: str) -> str:
        return f"{self._namespace}:hold:{hold_id}"

    async def held(self, hold_id: str, expires_at: datetime) -> None:
        await self._redis.set(self._key(hold_id), "1", pxat=int(expires_at.timestamp() * 1000))

    async def gone(self, hold_id: str) -> None:
        await self._redis.delete(self._key(hold_id))


async def mirror(marks: HoldMarks, events: Iterable[Event]) -> None:
    """Keeps the marks in step with the holds, from the events every hold change emits once."""
    for event in events:
        hold_id = event.payload.get("id")
        if not isinstance(hold_id, str):
            continue
        if event.name == "hold.created" and event.payload.get("expires_at"):
            await marks.held(hold_id, datetime.fromisoformat(event.payload["expires_at"]))
        elif event.name in ("hold.released", "hold.confirmed"):
            await marks.gone(hold_id)
