"""The operator's commands, run as `python server.py admin …` against the configured database:
what a business's owner cannot change themselves.

    python server.py admin rename --slug praxis-alt --name "Praxis am Park"
    python server.py admin move-link --slug praxis-alt --to praxis-am-park

and the licence commands of admin_licences.py (businesses, extend-trial, lock, unlock).
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

import admin_licences
from actions import booking_links
from actions.errors import ActionError
from settings import from_environment
from store import Store


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
    admin_licences.add_commands(commands)
    return parser


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
    args.plans_file = settings.plans_file
    try:
        done = asyncio.run(_in_store(args, settings.database_url))
    except ActionError as error:
        parser.exit(1, f"server.py admin: {error.message}\n")
    print(done)
