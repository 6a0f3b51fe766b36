"""What the use-cases talk to, wired once by server.py, and the unit of work they write in."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from realtime.events import Event
from realtime.hub import Realtime
from settings import Settings
from store import Store

#: Refuses, by raising, a write into a calendar the person who asks may not touch. A use-case calls it
#: with each calendar its write touches (None: the whole business), under the write's locks, where
#: the calendars it works on are known.
Guard = Callable[[str | None], None]


def anyone(staff_id: str | None) -> None:
    """The guard of a write no member of staff makes: a customer's own, by their mailed link."""


class Waker(Protocol):
    def wake(self) -> None: ...


@dataclass
class Work:
    """One write transaction, and what is to leave once it has committed: live events, and a
    nudge to the mail sender for what was put in the outbox. A rollback drops both."""

    conn: AsyncConnection
    #: When the work began, by the clock of the use-cases: the time its history is written at.
    at: datetime
    events: list[Event] = field(default_factory=list)
    mail_queued: bool = False
    #: `time.monotonic()` when the transaction committed, for the event lag.
    committed: float | None = None

    def emit(self, *events: Event) -> None:
        self.events.extend(events)

    def emit_all(self, events: Iterable[Event]) -> None:
        self.events.extend(events)

    def mailed(self) -> None:
        """Something was put in the outbox in this transaction: the sender looks once it commits."""
        self.mail_queued = True


#: The unit of work of the running task, so that a use-case called by another joins its caller's.
_current: ContextVar[Work | None] = ContextVar("work", default=None)


@dataclass
class Deps:
    store: Store
    realtime: Realtime
    mail: Waker
    settings: Settings
    clock: Callable[[], datetime]

    @asynccontextmanager
    async def work(self) -> AsyncIterator[Work]:
        """A write transaction whose events and mail leave after its commit, never on a rollback.

        Inside another unit of work of the same task this joins the outer one: nothing commits or
        leaves until the outermost block ends without an error.
        """
        outer = _current.get()
        if outer is not None:
            yield outer
            return
        async with self.store.write() as conn:
            work = Work(conn, self.clock())
            token = _current.set(work)
            try:
                yield work
            finally:
                _current.reset(token)
        work.committed = time.monotonic()
        await self._send(work)

    async def _send(self, work: Work) -> None:
        if work.mail_queued:
            self.mail.wake()
        if work.events:
            await self.realtime.publish(work.events, committed=work.committed)
