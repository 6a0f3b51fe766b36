"""Periodic background work (hold expiry, mail sending) that survives its own errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Ticker:
    """Runs `work` every `interval` seconds, or sooner when `wake()` is called, until stopped.

    With `gather`, a pass that was woken waits that long first, so that a burst of wakes (a
    hundred holds, each with its mail) becomes one pass instead of a hundred.
    """

    def __init__(
        self, name: str, work: Callable[[], Awaitable[object]], interval: float, gather: float = 0.0
    ) -> None:
        self.name = name
        self._work = work
        self._interval = interval
        self._gather = gather
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name=self.name)

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        """Lets a pass under way finish before stopping.

        Cancelling in the middle of a pass could abandon a database transaction, and on SQLite an
        abandoned write transaction keeps the whole file locked.
        """
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            log.warning("%s did not finish within %s s; cancelling it", self.name, grace)
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._task = None

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self._work()
            except Exception:
                log.exception("%s failed; trying again", self.name)
            if self._stopping:
                return
            try:
                await asyncio.wait_for(self._wake.wait(), self._interval)
            except TimeoutError:
                pass
            else:
                if self._gather and not self._stopping:
                    await asyncio.sleep(self._gather)
            self._wake.clear()
