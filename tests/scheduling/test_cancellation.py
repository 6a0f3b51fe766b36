"""The online cut-off: a customer may cancel or move an appointment until the business's cut-off
before its start, and never once it has begun."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduling import online_deadline, open_online

START = datetime(2027, 3, 29, 9, 0, tzinfo=UTC)


def test_the_deadline_is_the_cutoff_before_the_start() -> None:
    assert online_deadline(START, 24) == START - timedelta(hours=24)
    assert online_deadline(START, 0) == START


def test_open_until_the_deadline_inclusive_and_never_from_the_start() -> None:
    assert open_online(START, 24, START - timedelta(hours=25))
    assert open_online(START, 24, START - timedelta(hours=24))
    assert not open_online(START, 24, START - timedelta(hours=23, minutes=59))
    assert open_online(START, 0, START - timedelta(seconds=1))
    assert not open_online(START, 0, START)
