"""``hfhate report`` and ``hfhate export``: the partnership report and the lists' CSV files
without opening a window, for scheduled runs.

``report`` builds the partnership report for the days ``--from`` to ``--to`` (a ward with
``--ward``; the commentary from a text file with ``--commentary``) and writes its PDF.
``export`` writes the CSV the notices, warnings or sessions list's "Export CSV…" writes, with
the same filters. The notices and warnings lists name the people they were given to, so
their export is refused unless ``--personal-data`` confirms it. Both are audited under the
user who signed in. A wrong date, a ``--to`` before ``--from``, an unknown ward or list entry
is said in one line, and the command ends with exit code 2 having written nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from hfhate.clock import london_date
from hfhate.models import NoticeKind, NoticeStatus, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.engagement.queries import SessionFilter
from hfhate.services.engagement.rules import engagement_reference
from hfhate.services.notices.queries import NoticeFilter
from hfhate.services.reference_lists import ReferenceLists, lists_for

EXIT_REFUSED, EXIT_USAGE = 1, 2
LISTS = ("notices", "warnings", "sessions")
REPORT_HELP = (
    "Writes the partnership report (figures only, small counts shown as 'fewer than 5') for "
    "the days --from to --to into a PDF, for the Community Safety Partnership (supervisors)."
)
EXPORT_HELP = (
    "Writes the notices, warnings or sessions list to a CSV file with the list's filters. "
    "The notices and warnings lists name the people they were given to: their export needs "
    "--personal-data to confirm it, and is recorded in the audit trail."
)


class Refused(Exception):
    """A bad option: its one-line explanation."""


def configure_report(parser: argparse.ArgumentParser) -> None:
    parser.description = REPORT_HELP
    parser.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    parser.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    parser.add_argument("--ward", metavar="W", help="one ward only (default: the whole borough)")
    parser.add_argument(
        "--commentary", type=Path, metavar="FILE", help="the commentary, from a text file"
    )


def configure_export(parser: argparse.ArgumentParser) -> None:
    parser.description = EXPORT_HELP
    parser.add_argument("list", choices=LISTS, help="which list to export")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="on or after DATE")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="on or before DATE")
    parser.add_argument("--ward", metavar="W", help='only this ward, e.g. "Fulham Town"')
    parser.add_argument("--status", metavar="S", help="notices and warnings: only this status")
    parser.add_argument("--hostility", metavar="H", help="notices and warnings: this category")
    parser.add_argument("--prohibition", metavar="P", help="notices and warnings: this one")
    parser.add_argument("--type", dest="session_type", metavar="T", help="sessions: this type")
    parser.add_argument(
        "--personal-data",
        action="store_true",
        help="confirm an export naming people (notices and warnings)",
    )


def run_report(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Build the partnership report and write its PDF."""
    from hfhate.printing.partnership_report_pdf import write_partnership_report
    from hfhate.services.reports.partnership import partnership_report
    from hfhate.services.reports.period import Period

    try:
        first, last = _dates(args)
        if first is None or last is None:  # argparse requires both; for the checker
            raise Refused("give --from and --to")
        commentary = _commentary(args.commentary)
        _check_out(args.out)
        today = london_date(utc_now())
        with store.session_factory.begin() as session:
            ward = _ward(args.ward, lists_for(session))
            report = partnership_report(
                session, actor, Period(first, last), commentary=commentary, today=today, ward=ward
            )
        write_partnership_report(report, args.out)
    except Refused as problem:
        print(f"hfhate: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"hfhate: could not write {args.out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Wrote the partnership report for {report.period.label} to {args.out}.")
    return 0


def run_export(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Write one list's CSV with the filters given."""
    from hfhate.services.reports import exports

    try:
        first, last = _dates(args)
        _check_out(args.out)
        with store.session_factory.begin() as session:
            lists = lists_for(session)
            ward = _ward(args.ward, lists)
            if args.list == "sessions":
                flt = _session_filter(args, first, last, ward)
                count = exports.export_sessions(session, actor, flt, args.out, confirmed=False)
            else:
                notice_filter = _notice_filter(args, first, last, ward, lists)
                if not args.personal_data:
                    print(
                        f"hfhate: the {args.list} export names the people they were given to "
                        "(personal data), so nothing was written. Add --personal-data to "
                        "confirm you need it; the export is recorded in the audit trail.",
                        file=sys.stderr,
                    )
                    return EXIT_REFUSED
                count = exports.export_notices(
                    session, actor, notice_filter, args.out, confirmed=True
                )
    except Refused as problem:
        print(f"hfhate: {problem}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Wrote {count} {args.list if count != 1 else args.list[:-1]} to {args.out}.")
    return 0


def _dates(args: argparse.Namespace) -> tuple[date | None, date | None]:
    first = _date(args.date_from, "--from")
    last = _date(args.date_to, "--to")
    if first and last and last < first:
        raise Refused(f"--to {last} comes before --from {first}: swap them.")
    return first, last


def _date(typed: str | None, option: str) -> date | None:
    if not typed:
        return None
    try:
        return date.fromisoformat(typed.strip())
    except ValueError:
        raise Refused(
            f'{option} "{typed}" is not a date: write it as year-month-day, e.g. 2026-03-31.'
        ) from None


def _ward(typed: str | None, lists: ReferenceLists) -> str:
    if not typed:
        return ""
    wards = [entry.code for entry in lists.entries("wards")]
    return _choose(typed, {ward: ward for ward in wards}, "a ward of the borough", "--ward")


def _choose(typed: str, options: Mapping[str, str], what: str, option: str) -> str:
    """The code whose code or label is ``typed`` (any case, spaces or underscores)."""

    def folded(text: str) -> str:
        return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()

    wanted = folded(typed)
    for code, label in options.items():
        if wanted in (folded(code), folded(label)):
            return code
    raise Refused(f'{option} "{typed}" is not {what}. Use one of: {", ".join(options)}.')


def _notice_filter(
    args: argparse.Namespace,
    first: date | None,
    last: date | None,
    ward: str,
    lists: ReferenceLists,
) -> NoticeFilter:
    if args.session_type:
        raise Refused("--type is for sessions; notices and warnings are not of a type.")
    kind = NoticeKind.WARNING if args.list == "warnings" else NoticeKind.NOTICE
    statuses: frozenset[NoticeStatus] = frozenset()
    if args.status:
        labels = {status.value: status.label for status in NoticeStatus}
        statuses = frozenset({NoticeStatus(_choose(args.status, labels, "a status", "--status"))})
    hostility = prohibition = ""
    if args.hostility:
        codes = {e.code: e.label for e in lists.entries("hostilities")}
        hostility = _choose(args.hostility, codes, "a hostility category", "--hostility")
    if args.prohibition:
        codes = {e.code: e.label for e in lists.entries("prohibitions")}
        prohibition = _choose(args.prohibition, codes, "a prohibition", "--prohibition")
    return NoticeFilter(
        kind=kind,
        statuses=statuses,
        ward=ward,
        date_from=first,
        date_to=last,
        hostility=hostility,
        prohibition=prohibition,
    )


def _session_filter(
    args: argparse.Namespace, first: date | None, last: date | None, ward: str
) -> SessionFilter:
    for option, value in (
        ("--status", args.status),
        ("--hostility", args.hostility),
        ("--prohibition", args.prohibition),
    ):
        if value:
            raise Refused(f"{option} is for notices and warnings, not sessions.")
    session_type = ""
    if args.session_type:
        types = engagement_reference().session_types
        session_type = _choose(args.session_type, types, "a type of session", "--type")
    return SessionFilter(session_type=session_type, ward=ward, date_from=first, date_to=last)


def _commentary(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Refused(f"--commentary {path}: there is no such file.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise Refused(f"--commentary {path} cannot be read as text ({error}).") from None


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise Refused(f"--out {out} is a folder: give the name of the file to write.")
    if not out.parent.is_dir():
        raise Refused(f"--out {out}: the folder {out.parent} does not exist. Nothing was written.")
