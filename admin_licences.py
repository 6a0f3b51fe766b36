"""The operator's licence commands, beside rename and move-link in admin.py:

python server.py admin businesses
python server.py admin extend-trial --slug praxis-alt --days 14
python server.py admin lock --slug praxis-alt
python server.py admin unlock --slug praxis-alt
"""

from __future__ import annotations

import argparse
from datetime import datetime

from actions import licence_operator
from licensing.plans import load_plans
from store import Store

COMMANDS = ("businesses", "extend-trial", "lock", "unlock")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    commands.add_parser("businesses", help="list every business with its plan and state")
    extend = commands.add_parser("extend-trial", help="let a business's trial run longer")
    extend.add_argument("--slug", required=True, help="the business's booking link")
    extend.add_argument("--days", required=True, type=int, help="how many days longer")
    for name, what in (
        ("lock", "lock a business: its pages say so; nothing is deleted"),
        ("unlock", "lift a lock"),
    ):
        command = commands.add_parser(name, help=what)
        command.add_argument("--slug", required=True, help="the business's booking link")


async def run(args: argparse.Namespace, store: Store, plans_file: str | None, now: datetime) -> str:
    plans = load_plans(plans_file)
    if args.command == "businesses":
        listed = await licence_operator.businesses(store, plans, now)
        head = ("slug", "name", "owner", "plan", "state", "locations", "calendars", "billing day")
        rows = [
            (
                b.slug,
                b.name,
                b.owner,
                b.plan,
                b.state,
                str(b.locations),
                str(b.calendars),
                str(b.billing_day or "-"),
            )
            for b in listed
        ]
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        return "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in [head, *rows]
        )
    if args.command == "extend-trial":
        ends = await licence_operator.extend_trial(store, plans, args.slug, args.days, now)
        return f"{args.slug}: trial until {ends:%Y-%m-%d %H:%M} UTC"
    locked = args.command == "lock"
    await licence_operator.set_locked(store, args.slug, locked, now)
    return f"{args.slug}: {'locked' if locked else 'unlocked'}"
