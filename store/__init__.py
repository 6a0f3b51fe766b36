"""The database: schema, migrations and queries, on SQLite by default and PostgreSQL to scale out."""

from store.engine import SlotTaken, Stalled, Store

__all__ = ["Stalled", "Store", "SlotTaken"]
