"""What the use-cases talk to, wired once by server.py."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from realtime.events import Event
from realtime.holds import HoldMarks, mirror
from realtime.hub import Realtime
from settings import Settings
from store import Store

log = logging.getLogger(__name__)


class Waker(Protocol):
    def wake(self) -> None: ...


@dataclass
class Deps:
    store: Store
    realtime: Realtime
    marks: HoldMarks
    mail: Waker
    settings: Settings
    clock: Callable[[], datetime]

    async def notify(self, events: Iterable[Event], mail: bool = False) -> None:
        """Runs after commit: sends the events, keeps the hold marks in step, wakes the mail sender."""
        events = list(events)
        if mail:
            self.mail.wake()
        await self.realtime.publish(events)
        try:
            await mirror(self.marks, events)
        except Exception:  # the marks are hints; a Redis hiccup must not fail a committed change
            log.warning("could not update hold marks", exc_info=True)
