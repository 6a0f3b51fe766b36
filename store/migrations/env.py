"""Alembic environment: runs on the connection that `Store.migrate` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from store.schema import metadata

# An arbitrary constant that names the migration lock among PostgreSQL advisory locks.
_MIGRATION_LOCK = 7_204_113


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
    try:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if postgres:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})


run_migrations()
