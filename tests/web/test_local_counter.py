"""The in-process rate-limit counter: a sliding window per key, and keys whose window ran out are
dropped, so a long-running process does not keep every address it ever saw."""

from __future__ import annotations

from web.ratelimit import LocalCounter


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_a_window_slides_and_tells_when_it_frees() -> None:
    ticks = Ticks()
    counter = LocalCounter(clock=ticks)
    assert await counter.hit("login:203.0.113.9", 60) == (1, 60.0)
    ticks.now = 30
    assert await counter.hit("login:203.0.113.9", 60) == (2, 30.0)
    ticks.now = 61
    assert await counter.hit("login:203.0.113.9", 60) == (2, 29.0)  # the first hit left the window


async def test_keys_whose_window_ran_out_are_dropped() -> None:
    ticks = Ticks()
    counter = LocalCounter(clock=ticks)
    for address in range(50):
        await counter.hit(f"register:10.0.0.{address}", 3600)
    await counter.hit("login:10.0.1.1", 900)
    ticks.now = 1000  # the log-in window ran out, the registrations' did not
    for _ in range(LocalCounter.SWEEP_EVERY):
        await counter.hit("hold-address:10.0.2.2", 3600)
    assert len(counter) == 51
    ticks.now = 5000
    for _ in range(LocalCounter.SWEEP_EVERY):
        await counter.hit("hold-address:10.0.2.3", 3600)
    assert len(counter) == 1
