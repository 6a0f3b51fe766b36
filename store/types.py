"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.dialects.postgresql import TIMESTAMP
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class UTCDateTime(TypeDecorator[datetime]):
    """An aware instant, stored in UTC: `timestamptz` on PostgreSQL, a fixed-width text on SQLite
    (`YYYY-MM-DD HH:MM:SS.ffffff`).

    The fixed width keeps SQLite's text comparisons in time order, which the overlap triggers rely on.
    """

    impl = String(26)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TIMESTAMP(timezone=True))
        return dialect.type_descriptor(String(26))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes cannot be stored")
        value = value.astimezone(UTC)
        if dialect.name == "postgresql":
            return value
        # isoformat pads the year to four digits, where strftime's %Y writes year 5 as "5".
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        # The text is the fixed-width form above, in UTC; fromisoformat with the offset appended reads
        # it several times faster than strptime and replace(): a month of slots reads thousands of these.
        return datetime.fromisoformat(value + "+00:00")
