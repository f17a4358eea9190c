"""``hfhate retention review``: what is past its retention period, for scheduled runs.

It lists every record due for erasure (with the date it fell due and the rule) and every
record held (a legal hold, or changes not yet sent) with the reason, as the Retention review
screen does. With ``--erase --yes`` it then erases the due ones, one transaction each,
exactly as a supervisor's confirmation in the window does; ``--erase`` without ``--yes``
erases nothing and says so. Supervisors only; the review and each erasure are audited.
"""

from __future__ import annotations

import argparse
import sys

from hfhate.cli.tables import print_table
from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor

EXIT_NOT_CONFIRMED = 1


def configure_retention(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["review"], help="review: list what is due or held")
    parser.add_argument(
        "--erase",
        action="store_true",
        help="erase the personal data and photos of every record listed as due",
    )
    parser.add_argument("--yes", action="store_true", help="confirm --erase (scheduled runs)")


def run_retention(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """List what is due or held; with --erase --yes, erase what is due (supervisors)."""
    # Loaded here: the other commands (a batch print among them) start without them.
    from hfhate.services.retention.erasure import erase_due
    from hfhate.services.retention.review import retention_review

    with store.session_factory.begin() as session:
        items = retention_review(session, actor, london_date(utc_now()))
    rows = [
        (
            item.title,
            item.rule_words or item.rule.label,
            f"{item.due_on:%d %b %Y}" if item.due_on else "",
            f"Held: {item.held}" if item.held else "Due for erasure",
        )
        for item in items
    ]
    print_table(("Record", "Rule", "Fell due", "Status"), rows)
    due = [item for item in items if item.erasable]
    print(f"{len(due)} due for erasure, {len(items) - len(due)} held.")
    if not args.erase:
        return 0
    if not args.yes:
        print(
            "hfhate: nothing was erased: add --yes to erase the personal data and photos of "
            f"the {len(due)} records due.",
            file=sys.stderr,
        )
        return EXIT_NOT_CONFIRMED
    done = erase_due(store.session_factory, actor, due, store.paths.evidence)
    print(
        f"Erased the personal data of {len(done)} record{'s' if len(done) != 1 else ''} "
        "under the retention schedule; their facts are kept for statistics."
    )
    return 0
