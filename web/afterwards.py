"""Work that runs once the answer has left, where its duration must not show in the answer's time
(whether an account exists, say)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.background import BackgroundTask

log = logging.getLogger(__name__)


def after_answer(work: Callable[[], Awaitable[object]], what: str) -> BackgroundTask:
    """A response's `background` that runs `work`; the answer has gone already, so a failure is logged."""

    async def run() -> None:
        try:
            await work()
        except Exception:
            log.exception("%s failed after the answer was sent", what)

    return BackgroundTask(run)
