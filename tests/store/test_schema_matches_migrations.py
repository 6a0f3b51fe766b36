"""store/schema.py, which the code queries through, describes what the migrations build."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from store.engine import Store
from store.schema import metadata

#: Built by a migration on PostgreSQL only (pg_trgm), so the shared schema does not name it.
POSTGRES_ONLY_INDEXES = {"ix_customers_search_trgm"}


def differences(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return [
        change
        for change in compare_metadata(context, metadata)
        if not (change[0] == "remove_index" and change[1].name in POSTGRES_ONLY_INDEXES)
    ]


async def test_the_migrated_database_has_exactly_the_tables_columns_and_indexes_of_the_schema(
    database_url: str,
) -> None:
    store = Store(database_url)
    try:
        await store.migrate()
        async with store.engine.connect() as conn:
            assert await conn.run_sync(differences) == []
    finally:
        await store.close()
