"""The database: schema, migrations and queries, on SQLite by default and PostgreSQL to scale out."""

from store.engine import Store, SlotTaken

__all__ = ["Store", "SlotTaken"]
