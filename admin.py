"""The operator's commands, run as `python server.py admin …` against the configured database:
what a business's owner cannot change themselves.

    python server.py admin rename --slug praxis-alt --name "Praxis am Park"
    python server.py admin move-link --slug praxis-alt --to praxis-am-park
    python server.py admin backup /var/backups/termine/termine-$(date +%F).backup
    python server.py admin restore /var/backups/termine/termine-2027-03-01.backup --yes

and the licence commands of admin_licences.py (businesses, extend-trial, lock, unlock).
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from pathlib import Path

import admin_licences
from actions import booking_links
from actions.errors import ActionError
from settings import from_environment
from store import Store
from store.backup import BackupError, Database, backup, check_file, restore


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="server.py admin", description="Operator commands against the configured database."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    rename = commands.add_parser("rename", help="give a business a new name")
    rename.add_argument("--slug", required=True, help="the business's current booking link")
    rename.add_argument("--name", required=True, help="the new name")
    move = commands.add_parser(
        "move-link", help="give a business a new booking link; the old one redirects to it for good"
    )
    move.add_argument("--slug", required=True, help="the business's current booking link")
    move.add_argument("--to", required=True, help="the new booking link")
    save = commands.add_parser(
        "backup", help="write a consistent copy of the database to a file, while the server runs"
    )
    save.add_argument("file", type=Path, help="where the backup goes (replaced once it is complete)")
    back = commands.add_parser(
        "restore", help="replace everything in the database with a backup (stop the servers first)"
    )
    back.add_argument("file", type=Path, help="a file made by `admin backup`")
    back.add_argument("--yes", action="store_true", help="really replace the database's content")
    admin_licences.add_commands(commands)
    return parser


def _backups(args: argparse.Namespace, database_url: str) -> tuple[int, str]:
    """Runs `backup` or `restore`; its exit status and what it says."""
    database = Database(database_url)
    if args.command == "backup":
        backup(database, args.file)
        return 0, f"backed up {database.shown()} to {args.file} ({args.file.stat().st_size} bytes)"
    check_file(database, args.file)
    what = (
        f"This replaces everything in {database.shown()} (every business, appointment, customer and "
        f"account) with the content of the backup {args.file}. What was written since that backup is lost. "
        "Stop every server process first and start them again afterwards."
    )
    if not args.yes:
        return 1, f"{what}\nNothing was changed. To go ahead, run the command again with --yes."
    restore(database, args.file)
    return 0, f"restored {database.shown()} from {args.file}"


async def _run(args: argparse.Namespace, store: Store) -> str:
    await store.migrate()
    if args.command in admin_licences.COMMANDS:
        return await admin_licences.run(args, store, args.plans_file, datetime.now(UTC))
    if args.command == "rename":
        tenant = await booking_links.rename(store, args.slug, args.name)
        return f"{tenant.slug}: now named {tenant.name!r}"
    tenant = await booking_links.move_link(store, args.slug, args.to, datetime.now(UTC))
    return f"{args.slug} now leads to {tenant.slug} ({tenant.name})"


async def _in_store(args: argparse.Namespace, url: str) -> str:
    store = Store(url)
    try:
        return await _run(args, store)
    finally:
        await store.close()


def main(argv: list[str]) -> None:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = from_environment("127.0.0.1", 8000)
    except ValueError as error:
        parser.exit(2, f"server.py admin: configuration error: {error}\n")
    if args.command in ("backup", "restore"):
        try:
            status, said = _backups(args, settings.database_url)
        except BackupError as error:
            parser.exit(1, f"server.py admin: {error}\n")
        if status:
            parser.exit(status, f"{said}\n")
        print(said)
        return
    args.plans_file = settings.plans_file
    try:
        done = asyncio.run(_in_store(args, settings.database_url))
    except ActionError as error:
        parser.exit(1, f"server.py admin: {error.message}\n")
    print(done)
