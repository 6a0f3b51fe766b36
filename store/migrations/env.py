"""Alembic environment: runs on the connection that `Store.migrate` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from store.schema import metadata

# An arbitrary constant that names the migration lock among PostgreSQL advisory locks.
_MIGRATION_LOCK = 7_204_113


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    if connection.dialect.name == "postgresql":
        # Held until Store.migrate commits, so a process that waited sees the finished schema; it
        # may wait as long as another process migrates, past the lock timeout of ordinary writes.
        connection.execute(text("SET LOCAL lock_timeout = 0"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
