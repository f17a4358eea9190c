"""``hfhate notices``: list notices with the notices list's filters, to pick numbers to print.

It reads through the same query as the window's list (``services.notices.queries``), so an
officer sees only their own notices and a supervisor everyone's. Like a data protection
officer would have it, it prints no recipient's personal data, in the table or in ``--json``:
what is typed on a terminal is kept in scroll-back, shell history and files piped to, and
picking numbers to print needs none of it. A person is looked up by name in the window, where
each opening is audited. The listing itself is audited with its filters and count.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from hfhate.cli.tables import print_table
from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeStatus, utc_now
from hfhate.models.store import Store
from hfhate.printing.particulars import pounds
from hfhate.services import audit
from hfhate.services.actor import Actor
from hfhate.services.notices.lifecycle import UNPAID, amount_due
from hfhate.services.notices.queries import NoticeFilter, count_notices, list_notices
from hfhate.services.reference import reference

# Statuses of the notices list (warnings have their own), as typed after --status.
NOTICE_STATUSES = tuple(s for s in NoticeStatus if s is not NoticeStatus.WARNING_GIVEN)
HEADERS = ("Number", "Issued", "Status", "Ward", "Officer", "Amount")
NOTICES_HELP = (
    "Lists notices, newest first, with the notices list's filters: officers see their own, "
    "supervisors everyone's. To keep personal data off the terminal, it shows no recipient's "
    "name, address or date of birth (not in --json either): find a person by name in the app. "
    "The listing is audited."
)
EXIT_USAGE = 2


def configure_notices(parser: argparse.ArgumentParser) -> None:
    parser.description = NOTICES_HELP
    parser.add_argument(
        "--status",
        action="append",
        metavar="S",
        help="only this status (repeat for more): " + ", ".join(NOTICE_STATUSES),
    )
    parser.add_argument("--ward", metavar="W", help='only this ward, e.g. "Fulham Town"')
    parser.add_argument(
        "--from", dest="date_from", metavar="DATE", help="offences on or after DATE (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--to", dest="date_to", metavar="DATE", help="offences on or before DATE (YYYY-MM-DD)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON lines for other tools")


def run_notices(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """List the notices the filters match (all of them, not a page)."""
    problems: list[str] = []
    flt = _notice_filter(args, problems)
    if flt is None:
        for problem in problems:
            print(f"hfhate: {problem}", file=sys.stderr)
        return EXIT_USAGE
    today = london_date(utc_now())
    with store.session_factory.begin() as session:
        total = count_notices(session, actor, flt)
        notices = list_notices(session, actor, flt, limit=max(total, 1))
        rows = [_row(n, today) for n in notices]
        audit.audit(
            session,
            actor,
            "notices_listed",
            details={"via": "command line", "filters": _described(args), "count": len(rows)},
        )
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    table = [[str(row[k]) for k in _KEYS] for row in rows]
    for line in table:
        line[0] = line[0] or "no number (police)"
    print_table(HEADERS, table)
    print(f"{len(rows)} notice{'' if len(rows) == 1 else 's'}.")
    return 0


_KEYS = ("number", "issued", "status", "ward", "officer", "amount")


def _row(notice: FixedPenaltyNotice, today: date) -> dict[str, Any]:
    return {
        "number": notice.number or "",
        "issued": london_date(notice.issued_at).isoformat(),
        "status": notice.status.label,
        "status_code": notice.status.value,
        "ward": notice.ward,
        "officer": notice.officer_name,
        "amount": _amount(notice, today),
    }


def _amount(notice: FixedPenaltyNotice, today: date) -> str:
    """What was paid, or what is due today while it is owed (as the list's column says)."""
    if notice.paid_amount_pence is not None:
        return f"{pounds(notice.paid_amount_pence)} paid"
    due = amount_due(notice, today)
    if due is None or notice.status not in _OWING:
        return ""
    return f"{pounds(due)} due"


# As the notices list's Amount column: still owed while unpaid, contested or referred.
_OWING = UNPAID | {NoticeStatus.REPRESENTATION_RECEIVED, NoticeStatus.REFERRED_FOR_PROSECUTION}


def _notice_filter(args: argparse.Namespace, problems: list[str]) -> NoticeFilter | None:
    """The filter the options ask for, or None with a sentence for each bad value."""
    statuses: set[NoticeStatus] = set()
    for typed in args.status or ():
        status = _status(typed)
        if status is None:
            problems.append(
                f'"{typed}" is not a status of a notice. Use one of: '
                + ", ".join(NOTICE_STATUSES)
                + "."
            )
        else:
            statuses.add(status)
    ward = ""
    if args.ward:
        wards = reference().wards
        matches = [w for w in wards if w.casefold() == args.ward.strip().casefold()]
        if matches:
            ward = matches[0]
        else:
            problems.append(
                f'"{args.ward}" is not a ward of the borough. Use one of: ' + ", ".join(wards) + "."
            )
    date_from = _date(args.date_from, "--from", problems)
    date_to = _date(args.date_to, "--to", problems)
    if date_from and date_to and date_from > date_to:
        problems.append(f"--from {date_from} is after --to {date_to}: swap them.")
    if problems:
        return None
    return NoticeFilter(
        statuses=frozenset(statuses), ward=ward, date_from=date_from, date_to=date_to
    )


def _status(typed: str) -> NoticeStatus | None:
    wanted = typed.strip().casefold().replace(" ", "_").replace("-", "_")
    for status in NOTICE_STATUSES:
        if wanted in (status.value, status.label.casefold().replace(" ", "_")):
            return status
    return None


def _date(typed: str | None, option: str, problems: list[str]) -> date | None:
    if not typed:
        return None
    try:
        return date.fromisoformat(typed.strip())
    except ValueError:
        problems.append(
            f'{option} "{typed}" is not a date. Write it as year-month-day, e.g. 2025-03-31.'
        )
        return None


def _described(args: argparse.Namespace) -> str:
    parts = [f"status {s}" for s in args.status or ()]
    for label, value in (("ward", args.ward), ("from", args.date_from), ("to", args.date_to)):
        if value:
            parts.append(f"{label} {value}")
    return ", ".join(parts) or "none"
