"""Backups of a running system and their restore, for `python server.py admin backup|restore`.

SQLite is copied with its online backup API: one consistent snapshot while the server goes on
writing. PostgreSQL is dumped with `pg_dump -Fc` (one transaction, so consistent as well) and
restored with `pg_restore --clean --if-exists` in a single transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the operator."""


@dataclass(frozen=True)
class Database:
    """The configured database, as the backup tools address it."""

    url: str

    @property
    def sqlite(self) -> bool:
        return self.url.startswith("sqlite:///")

    @property
    def path(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))

    @property
    def libpq_url(self) -> str:
        """The URL for pg_dump and pg_restore, which know `postgresql://` only (no driver suffix)."""
        parts = urlsplit(self.url)
        return urlunsplit(("postgresql", *parts[1:]))

    def shown(self) -> str:
        """The database as the operator may see it: never its password."""
        if self.sqlite:
            return f"the SQLite database {self.path}"
        parts = urlsplit(self.url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"the PostgreSQL database {parts.path.lstrip('/')} at {user}{host}{port}"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools (postgresql-client)")
    return found


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")


def backup(database: Database, target: Path) -> None:
    """Writes a consistent copy of the running database to `target`, replacing it only when done."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        if database.sqlite:
            _sqlite_copy(database.path, partial)
        else:
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", database.libpq_url])
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def check_file(database: Database, source: Path) -> None:
    """Refuses a file that is no backup of this kind of database, before anything is touched."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if database.sqlite and not head.startswith(SQLITE_MAGIC):
        raise BackupError(f"{source} is no SQLite backup; DATABASE_URL names an SQLite database")
    if not database.sqlite and not head.startswith(PG_MAGIC):
        raise BackupError(f"{source} is no pg_dump -Fc backup; DATABASE_URL names a PostgreSQL database")
    if database.sqlite:
        with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            try:
                conn.execute("SELECT version_num FROM alembic_version").fetchall()
            except sqlite3.DatabaseError as error:
                raise BackupError(f"{source} is no backup of this product: {error}") from error


def restore(database: Database, source: Path) -> None:
    """Replaces everything in the database with the backup's content."""
    check_file(database, source)
    if database.sqlite:
        _sqlite_copy(source, database.path)
    else:
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={database.libpq_url}",
                str(source),
            ]
        )


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: the copy is one snapshot of the source, whatever writes meanwhile."""
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
