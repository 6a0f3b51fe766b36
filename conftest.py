"""Runs fast tests first and browser tests last, whatever order pytest collects them in."""

from __future__ import annotations

import pytest

ORDER = ("tests/scheduling/", "tests/api/", "tests/", "tests/realtime/", "e2e/")


def _rank(item: pytest.Item) -> int:
    path = item.nodeid
    return max((i for i, prefix in enumerate(ORDER) if path.startswith(prefix)), default=len(ORDER))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_rank)
