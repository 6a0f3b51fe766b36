"""Stand-ins that in-process API tests put into the product's deps: a clock and a realtime layer."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from realtime.events import Event


class Clock:
    """Real time plus an offset the test can move forward."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class Heard:
    """Stands in for the realtime layer and keeps what was published, after a JSON round trip."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.ended_sessions: list[str] = []
        self.refreshed_people: list[str] = []

    async def publish(self, events: Iterable[Event], committed: float | None = None) -> None:
        for event in events:
            self.events.append((event.name, json.loads(json.dumps(event.data()))))

    async def end_sessions(self, session_ids: Iterable[str]) -> None:
        self.ended_sessions.extend(session_ids)

    async def refresh_people(self, user_ids: Iterable[str]) -> None:
        self.refreshed_people.extend(user_ids)

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    def named(self, name: str) -> list[Any]:
        return [payload for event, payload in self.events if event == name]
