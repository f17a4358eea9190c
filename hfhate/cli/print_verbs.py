"""The printing verbs: ``hfhate print``, ``hfhate letters`` and ``hfhate wording``.

``print`` and ``letters`` write one PDF without opening a window, for scripted batch runs; they
say which numbers are wrong, unknown or left out, write the PDF of the rest, and exit non-zero
when any number was left out. Making reminder letters changes nothing: once they are posted,
``letters --record-posted --posted-on DATE`` records them (after a confirmation, or ``--yes``),
and each notice's new last date to pay runs from that date. ``wording`` lets an administrator
export the printed wording to a JSON file and import a changed one (checked first). All are
audited like the window.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from hfhate.models.store import Store
from hfhate.printing.particulars import Layout
from hfhate.services.actor import Actor

if TYPE_CHECKING:
    from hfhate.services.notices.print_queue import Skipped

# reportlab takes a quarter of a second to import: only the verbs that print load it, so
# ``hfhate --help`` and the window start do not wait for it.
Target = str | Path | BinaryIO

EXIT_FAILED = 1
COMMAND_LINE = "command line"


def _numbers_and_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, metavar="FILE.pdf", type=Path, help="write the PDF here"
    )
    parser.add_argument(
        "numbers", nargs="+", metavar="NUMBER", help="notice numbers, like HF-042-000123-7"
    )


def configure_print(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--layout",
        choices=[layout.value for layout in Layout],
        default=Layout.A4.value,
        help="A4 pages (default) or an 80 mm roll",
    )
    parser.add_argument(
        "--reason",
        default="Batch print from the command line",
        help="why the notices are printed (kept with each print)",
    )
    _numbers_and_out(parser)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-03") from None


def configure_letters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reminder",
        type=int,
        choices=(1, 2),
        required=True,
        help="the first or the second reminder",
    )
    parser.add_argument(
        "--out",
        metavar="FILE.pdf",
        type=Path,
        help="write the letters here (nothing is recorded as sent)",
    )
    parser.add_argument(
        "--dated",
        metavar="DATE",
        type=_day,
        help="the day the letters will be posted, printed on them (default today)",
    )
    parser.add_argument(
        "--record-posted",
        action="store_true",
        help="record that the letters were posted: each notice moves to its reminder",
    )
    parser.add_argument(
        "--posted-on",
        metavar="DATE",
        type=_day,
        help="with --record-posted: the day they went in the post (default today)",
    )
    parser.add_argument(
        "--yes", action="store_true", help="with --record-posted: do not ask to confirm"
    )
    parser.add_argument(
        "numbers", nargs="+", metavar="NUMBER", help="notice numbers, like HF-042-000123-7"
    )


def _report(problems: Sequence[Skipped], what: str) -> None:
    for problem in problems:
        print(f"hfhate: {problem.number}: {problem.reason}", file=sys.stderr)
    if problems:
        print(
            f"hfhate: {len(problems)} number{'s' if len(problems) != 1 else ''} left out of "
            f"the {what}.",
            file=sys.stderr,
        )


def _write_safely(out: Path, write: Callable[[Target], None]) -> None:
    """Write to a file beside ``out`` and rename it, so a failure leaves no half PDF."""
    partial = out.with_name(out.name + ".partial")
    try:
        write(partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def run_print(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Print notices by number into one PDF; the prints are recorded once it is written."""
    try:
        return _print_batch(args, store, actor)
    finally:
        gc.unfreeze()  # (see below) a process that goes on collects as usual


def _print_batch(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    from hfhate.printing.notice_pdf import write_notices
    from hfhate.services.notices import print_queue as printing
    from hfhate.services.notices import wording

    # What is imported lives as long as the process: frozen for the batch, the garbage
    # collector stops walking it again and again while 1,000 notices make their objects.
    gc.freeze()
    layout = Layout(args.layout)
    with store.session_factory.begin() as session:
        prints, problems = printing.prepare_prints_by_number(session, actor, args.numbers)
        text = wording.current_wording(session)
    _report(problems, "PDF")
    if not prints:
        print("hfhate: no notice to print; no PDF was written.", file=sys.stderr)
        return EXIT_FAILED

    def write(target: Target) -> None:
        write_notices(target, prints, text, layout)

    _write_safely(args.out, write)
    with store.session_factory.begin() as session:
        printing.record_prints(
            session,
            actor,
            prints,
            reason=args.reason,
            layout=layout,
            destination=f"{COMMAND_LINE}: {args.out.name}",
        )
    copies = sum(1 for p in prints if p.copy)
    print(
        f"Wrote {len(prints)} notice{'s' if len(prints) != 1 else ''} to {args.out}"
        + (f" ({copies} marked COPY)." if copies else ".")
    )
    return EXIT_FAILED if problems else 0


def run_letters(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Reminder letters by notice number into one PDF (nothing recorded), or, with
    ``--record-posted``, the record that they were posted."""
    if args.record_posted:
        if args.out is not None or args.dated is not None:
            print(
                "hfhate: --record-posted records letters already made; "
                "make them first without it (--out FILE.pdf).",
                file=sys.stderr,
            )
            return EXIT_FAILED
        return _record_posted(args, store, actor)
    if args.out is None or args.posted_on is not None or args.yes:
        print(
            "hfhate: give --out FILE.pdf to make the letters; once they are posted, record "
            "them with --record-posted --posted-on DATE.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return _make_letters(args, store, actor)


def _make_letters(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    from hfhate.printing.letters_pdf import write_letters
    from hfhate.services.notices import print_queue as printing
    from hfhate.services.notices import wording

    with store.session_factory.begin() as session:
        ids, problems = printing.notice_ids_by_number(session, actor, args.numbers)
        letters, skipped = (
            printing.prepare_reminder_letters(
                session, actor, ids, args.reminder, posted_on=args.dated
            )
            if ids
            else ([], [])
        )
        text = wording.current_wording(session)
    problems = [*problems, *skipped]
    _report(problems, "letters")
    if not letters:
        print("hfhate: no letter to print; no PDF was written.", file=sys.stderr)
        return EXIT_FAILED

    def write(target: Target) -> None:
        write_letters(target, letters, text)

    _write_safely(args.out, write)
    count = len(letters)
    numbers = " ".join(letter.particulars.number for letter in letters)
    print(
        f"Wrote {count} reminder letter{'s' if count != 1 else ''} dated "
        f"{letters[0].letter_date:%d %B %Y} to {args.out}. Nothing is recorded as sent: once "
        f"they are posted, run: hfhate letters --reminder {args.reminder} --record-posted "
        f"--posted-on {letters[0].letter_date.isoformat()} {numbers}"
    )
    return EXIT_FAILED if problems else 0


def _record_posted(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    from hfhate.clock import london_date
    from hfhate.models import utc_now
    from hfhate.services.errors import ValidationFailed
    from hfhate.services.notices import print_queue as printing

    posted_on = args.posted_on or london_date(utc_now())
    with store.session_factory() as session:
        ids, problems = printing.notice_ids_by_number(session, actor, args.numbers)
        letters, skipped = (
            printing.prepare_reminder_letters(
                session, actor, ids, args.reminder, posted_on=posted_on
            )
            if ids
            else ([], [])
        )
    problems = [*problems, *skipped]
    _report(problems, "record")
    if not letters:
        print("hfhate: no letter to record as posted; nothing was changed.", file=sys.stderr)
        return EXIT_FAILED
    label = "first" if args.reminder == 1 else "second"
    count = len(letters)
    question = (
        f"Record {count} {label} reminder letter{'s' if count != 1 else ''} as posted on "
        f"{posted_on:%d %B %Y}? Each notice moves to '{label} reminder sent', its last date "
        "to pay counted from that day. [y/N] "
    )
    if not args.yes and not _confirmed(question):
        print("hfhate: nothing was recorded.", file=sys.stderr)
        return EXIT_FAILED
    try:
        with store.session_factory.begin() as session:
            sent, late = printing.send_reminder_letters(
                session, actor, letters, destination=COMMAND_LINE, posted_on=posted_on
            )
    except ValidationFailed as refused:
        for message in refused.field_errors.values():
            print(f"hfhate: {message}", file=sys.stderr)
        return EXIT_FAILED
    _report(late, "record")
    print(
        f"Recorded {sent} {label} reminder letter{'s' if sent != 1 else ''} as posted on "
        f"{posted_on:%d %B %Y}."
    )
    return EXIT_FAILED if problems or late else 0


def _confirmed(question: str) -> bool:
    """Ask ``question`` on the terminal; only "y" or "yes" is a yes (no terminal: no)."""
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def configure_wording(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--export", metavar="FILE", type=Path, help="write the wording in force to FILE (JSON)"
    )
    what.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        type=Path,
        help="check FILE and put its wording in force",
    )
    what.add_argument(
        "--reset", action="store_true", help="go back to the wording shipped with hfhate"
    )


def run_wording(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Export, import or reset the wording of notices and letters (administrators)."""
    from hfhate.services.notices import wording

    if args.export is not None:
        with store.session_factory.begin() as session:
            document = wording.export_wording(session, actor)
        args.export.write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"Wrote the wording in force to {args.export}.")
        return 0
    if args.reset:
        with store.session_factory.begin() as session:
            wording.reset_wording(session, actor)
        print("The shipped wording is in force again.")
        return 0
    try:
        document = json.loads(args.import_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        print(f"hfhate: cannot read {args.import_file}: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        with store.session_factory.begin() as session:
            changed = wording.change_wording(session, actor, document)
    except wording.WordingRefused as refused:
        print(f"hfhate: the wording in {args.import_file} was not used:", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"The wording from {args.import_file} is in force: {len(changed)} text"
        f"{'s' if len(changed) != 1 else ''} changed"
        + (f" ({', '.join(changed)})." if changed else ".")
    )
    return 0
