"""Opening the database, transactions that serialise where they must, and schema migration."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

MIGRATIONS = Path(__file__).parent / "migrations"


#: How long a statement waits for a row that another transaction holds before it gives up (ms). A
#: writer paused or killed mid-transaction stalls the others of its calendar no longer than this.
LOCK_TIMEOUT_MS = 1000
#: Seconds a pooled PostgreSQL connection may rest before it is checked on its next use.
REST_BEFORE_PING = 1.0
#: A transaction left idle this long (its process paused) is ended by PostgreSQL, freeing its rows.
IDLE_IN_TRANSACTION_MS = 10_000


class SlotTaken(Exception):
    """The database refused a write because it would overlap an active appointment in that calendar."""


class Stalled(Exception):
    """A write waited longer than LOCK_TIMEOUT_MS for a row another transaction holds; try again."""


def async_url(url: str) -> str:
    """Map a configured `sqlite:///…` or `postgresql://…` address to its asyncio driver."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url.removeprefix(prefix)
    raise ValueError(f"unsupported DATABASE_URL {url!r}: use sqlite:///… or postgresql://…")


def _is_overlap(error: BaseException) -> bool:
    text = str(getattr(error, "orig", error))
    return "appointments_no_overlap" in text or "slot_taken" in text


def _is_lock_timeout(error: BaseException) -> bool:
    orig = getattr(error, "orig", None)
    return getattr(orig, "sqlstate", None) == "55P03" or getattr(orig, "pgcode", None) == "55P03"


class Store:
    """Owns the engine; `write()` and `read()` hand out connections inside a transaction.

    On SQLite a write transaction starts with BEGIN IMMEDIATE, so a check followed by an insert is
    atomic; on PostgreSQL the exclusion constraint is the guard and a violation becomes SlotTaken.
    """

    def __init__(self, url: str, *, pool_size: int = 16) -> None:
        self.url = url
        self.dialect = "sqlite" if url.startswith("sqlite") else "postgresql"
        kwargs: dict[str, Any] = {}
        if self.dialect == "postgresql":
            settings = {
                "lock_timeout": str(LOCK_TIMEOUT_MS),
                "idle_in_transaction_session_timeout": str(IDLE_IN_TRANSACTION_MS),
            }
            # A fixed pool: under a burst, requests wait a moment for a connection rather than
            # open and close extra ones over and over.
            kwargs.update(
                pool_size=pool_size,
                max_overflow=0,
                connect_args={"server_settings": settings},
            )
        else:
            kwargs.update(connect_args={"timeout": 30})
        self.engine: AsyncEngine = create_async_engine(async_url(url), **kwargs)
        if self.dialect == "sqlite":
            _serialise_sqlite_writes(self.engine)
        else:
            _check_rested_connections(self.engine)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A connection in a write transaction, committed when the block ends without error."""
        try:
            async with self.engine.connect() as conn:
                async with conn.begin():
                    yield conn
        except (IntegrityError, DBAPIError) as error:
            if _is_overlap(error):
                raise SlotTaken() from error
            if _is_lock_timeout(error):
                raise Stalled() from error
            raise

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reading: a deferred transaction on SQLite, so writers are not blocked; on
        PostgreSQL no transaction at all, which costs no BEGIN and COMMIT round trips and sees what
        a READ COMMITTED transaction would (each statement its own snapshot)."""
        async with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            else:
                conn = await conn.execution_options(readonly=True)
            async with conn.begin():
                yield conn

    async def migrate(self) -> None:
        """Bring the schema up to the newest migration; safe when several processes start at once."""
        async with self.engine.connect() as conn:
            sqlite = self.dialect == "sqlite"
            if sqlite:
                # SQLite alters a table by building a new one and dropping the old, which foreign keys
                # from other tables would refuse; they are checked once at the end instead.
                await conn.run_sync(_sqlite_foreign_keys, False)
            try:
                await conn.run_sync(_upgrade)
                await conn.commit()
            finally:
                if sqlite:
                    await conn.rollback()
                    await conn.run_sync(_sqlite_foreign_keys, True)

    async def close(self) -> None:
        await self.engine.dispose()


def _upgrade(conn: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
    if conn.dialect.name == "sqlite":
        orphans = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if orphans:
            raise RuntimeError(f"the migration left rows whose parent is gone: {orphans[:5]}")


def _sqlite_foreign_keys(conn: Connection, on: bool) -> None:
    """Switches SQLite's foreign key checks, outside a transaction: inside one SQLite ignores it."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    cursor.close()


def _check_rested_connections(engine: AsyncEngine) -> None:
    """A pooled connection that rested longer than REST_BEFORE_PING is pinged before use and replaced
    if the database went away meanwhile (a restart), so that costs no request an error.

    Connections in steady use are not pinged: under load that would be a round trip per transaction.
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["rested_from"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("rested_from", 0.0) < REST_BEFORE_PING:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:  # the pool then opens a new connection and tries again
            raise DisconnectionError() from error


def _serialise_sqlite_writes(engine: AsyncEngine) -> None:
    """SQLite recipe: let SQLAlchemy emit BEGIN itself, IMMEDIATE for writers; WAL and a busy timeout."""

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
