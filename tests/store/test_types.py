"""UTCDateTime keeps instants as fixed-width UTC text on SQLite, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from store.types import UTCDateTime

INSTANTS = [
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(5, 6, 7, 8, 9, 10, tzinfo=UTC),
    datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(1000, 1, 1, tzinfo=UTC),
    datetime(1900, 1, 1, 0, 0, 0, 1, tzinfo=UTC),
    datetime(2027, 3, 29, 9, 0, tzinfo=timezone(timedelta(hours=2))),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
]


def test_sqlite_text_is_fixed_width_and_sorts_in_time_order() -> None:
    column = UTCDateTime()
    stored = [column.process_bind_param(instant, sqlite.dialect()) for instant in INSTANTS]
    assert {len(text) for text in stored} == {26}
    assert sorted(stored) == stored
    assert stored[1] == "0005-06-07 08:09:10.000000"
    assert stored[5] == "2027-03-29 07:00:00.000000"


@pytest.mark.parametrize("instant", INSTANTS)
def test_an_instant_reads_back_as_it_was_written(instant: datetime) -> None:
    column = UTCDateTime()
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        stored = column.process_bind_param(instant, dialect)
        read = column.process_result_value(stored, dialect)
        assert read == instant and read is not None and read.tzinfo is UTC
