"""``hfhate-server settings list`` and ``hfhate-server settings set NAME VALUE --from DATE``.

``list`` prints every setting with the value in force today and its next scheduled change;
``list --history`` adds every change made. ``set`` changes one setting from a date (today if
no ``--from``), checked as the admin routes check it; the laptops receive it at their next
pull. Values are typed as a person writes them: ``£500`` or ``500.00`` for an amount, ``14``
for days, ``2027-01-01`` for a date, a text for the council's details.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hfhate.server import central_settings
from hfhate.services.settings.catalogue import BY_NAME, CATALOGUE, describe, parse_value
from hfhate.services.settings.resolution import history, next_change


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    settings = sub.add_parser("settings", help="list the settings, or change one from a date")
    verbs = settings.add_subparsers(dest="settings_command", required=True)
    listing = verbs.add_parser("list", parents=[common], help="every setting in force today")
    listing.add_argument("--history", action="store_true", help="and every change made")
    change = verbs.add_parser("set", parents=[common], help="change a setting from a date")
    change.add_argument("name", help="a setting's name, as settings list shows it")
    change.add_argument("value", help="£500, 14, 2027-01-01 or a text")
    change.add_argument(
        "--from",
        dest="in_force_from",
        type=date.fromisoformat,
        default=None,
        help="the first day it is in force (YYYY-MM-DD; default today)",
    )
    change.add_argument("--note", default="", help="why it changes (shown in the history)")
    change.add_argument("--by", default="hfhate-server", help="who made the change")


def run(session: Session, args: argparse.Namespace) -> int:
    if args.settings_command == "list":
        return _list(session, args.history)
    setting = BY_NAME.get(args.name)
    if setting is None:
        print(f"hfhate-server: there is no setting called {args.name}.", file=sys.stderr)
        return 2
    try:
        value = parse_value(setting, args.value)
    except ValueError as error:
        print(f"hfhate-server: {args.name}: {error}", file=sys.stderr)
        return 2
    start = args.in_force_from or central_settings.settings_on(session).on
    try:
        central_settings.make_change(
            session,
            name=setting.name,
            value=value,
            in_force_from=start,
            note=args.note,
            made_by=args.by,
        )
    except central_settings.SettingRefused as refused:
        for where, problem in refused.problems.items():
            print(f"hfhate-server: {where}: {problem}", file=sys.stderr)
        return 2
    print(f"{setting.label}: {describe(setting, value)} from {start:%-d %B %Y}.")
    return 0


def _list(session: Session, with_history: bool) -> int:
    in_force = central_settings.settings_on(session)
    changes = central_settings.changes(session)
    for setting in CATALOGUE:
        line = f"{setting.name}  {describe(setting, in_force.values[setting.name])}"
        upcoming = next_change(setting.name, in_force.on, changes)
        if upcoming is not None:
            line += (
                f"  (from {upcoming.in_force_from:%-d %B %Y}: {describe(setting, upcoming.value)})"
            )
        print(line)
        if with_history:
            for change in history(setting.name, changes):
                print(
                    f"    from {change.in_force_from}: {describe(setting, change.value)}"
                    f"  by {change.made_by or 'unknown'} at {change.made_at:%Y-%m-%d %H:%M}"
                    + (f"  {change.note}" if change.note else "")
                )
    return 0
