"""What the use-cases talk to, wired once by server.py."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from realtime.events import Event
from realtime.hub import Realtime
from settings import Settings
from store import Store


class Waker(Protocol):
    def wake(self) -> None: ...


@dataclass
class Deps:
    store: Store
    realtime: Realtime
    mail: Waker
    settings: Settings
    clock: Callable[[], datetime]

    async def notify(self, events: Iterable[Event], mail: bool = False) -> None:
        """Runs after commit: sends the events and wakes the mail sender."""
        events = list(events)
        if mail:
            self.mail.wake()
        await self.realtime.publish(events)
