"""Runs fast tests first and browser tests last, whatever order pytest collects them in."""

from __future__ import annotations

import pytest

ORDER = ("tests/scheduling/", "tests/api/", "tests/", "tests/realtime/", "e2e/")


def _rank(item: pytest.Item) -> int:
    matches = [prefix for prefix in ORDER if item.nodeid.startswith(prefix)]
    return ORDER.index(max(matches, key=len)) if matches else len(ORDER)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_rank)
