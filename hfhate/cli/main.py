"""The ``hfhate`` command: starts the window, or runs a verb (``hfhate users``, ...).

This module never imports Qt: ``hfhate --version``, ``--help`` and every verb work on a
machine without a display. Only starting the window imports ``hfhate.app``; and starting the
window does not import the verbs (they load SQLAlchemy, httpx, reportlab...): arguments that
only start it are read by a parser of their own (``window_arguments``), as the full one would.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NoReturn

from hfhate import __version__
from hfhate.cli.demo_folder import DemoFolder, sweep_stale
from hfhate.cli.display import choose_platform, pyside_platforms_dir
from hfhate.config import Paths, environment, resolve_data_dir, resolve_log_dir, setup_logging

log = logging.getLogger(__name__)
EXIT_NO_DISPLAY = 4


def _common_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep all data in DIR (default: $HFHATE_DATA_DIR, else your user data folder)",
    )
    return common


DEMO_HELP = (
    "use a throw-away store filled with sample data, removed on exit (with "
    "--data-dir: fill that empty folder and keep it); never your real data"
)


def build_parser() -> argparse.ArgumentParser:
    from hfhate.cli import verbs

    common = _common_parser()
    parser = argparse.ArgumentParser(
        prog="hfhate",
        parents=[common],
        description=(
            "hfhate: street-harassment PSPO notices, engagement sessions and reports for "
            "Hammersmith & Fulham's community safety teams. Without a command, opens the app."
        ),
        epilog="Each command signs in like the window does: --user NAME, and the password "
        "from $HFHATE_PASSWORD or asked on the terminal. What it does is audited. A command "
        "opens an existing store only: the window's first start on a folder makes a new one.",
    )
    parser.add_argument("--version", action="version", version=f"hfhate {__version__}")
    parser.add_argument("--demo", action="store_true", help=DEMO_HELP)
    sub = parser.add_subparsers(dest="verb", metavar="COMMAND", title="commands")
    verbs.add_parsers(sub, common)
    return parser


class _WindowParser(argparse.ArgumentParser):
    """Says nothing on a mistake: the full parser reads the arguments again and says it."""

    def error(self, message: str) -> NoReturn:
        raise argparse.ArgumentError(None, message)


def window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """``argv`` read as the full parser would when it only starts the window, else None.

    Only ``--data-dir`` and ``--demo`` start the window; anything else (a verb, ``--help``,
    ``--version``, a mistake) is left to the full parser.
    """
    parser = _WindowParser(prog="hfhate", parents=[_common_parser()], add_help=False)
    parser.add_argument("--demo", action="store_true")
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:  # ``--data-dir`` without its folder: the full parser says so
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    env = environment()
    given = sys.argv[1:] if argv is None else list(argv)
    window = window_arguments(given)
    args = window if window is not None else build_parser().parse_args(given)
    setup_logging(resolve_log_dir(env))
    data_dir_arg: str | None = getattr(args, "data_dir", None)
    if not getattr(args, "verb", None):
        return _start_window(data_dir_arg, demo=args.demo, env=env)
    from hfhate.cli import verbs

    if not (args.demo and not data_dir_arg):
        paths = Paths(resolve_data_dir(data_dir_arg, env))
        return verbs.run(args, paths, env, demo=args.demo)
    # --demo never touches the real store: the command runs on a throw-away demo store.
    print("hfhate: --demo: filling a throw-away demo store, removed when done.", file=sys.stderr)
    with _stopped_cleanly(), _demo_folder() as folder:
        return verbs.run(args, Paths(folder.path), env, demo=True)


def window_main() -> int:
    """Entry point of ``hfhate-window`` (no console on Windows): errors go to the log file."""
    try:
        return main()
    except Exception:
        log.exception("hfhate stopped on an unexpected error")
        return 1


def _demo_folder() -> DemoFolder:
    """Sweep the demo folders of killed runs, then make this run's own."""
    temp_dir = Path(tempfile.gettempdir())
    sweep_stale(temp_dir)
    return DemoFolder(temp_dir)


@contextlib.contextmanager
def _stopped_cleanly() -> Iterator[None]:
    """Turn SIGTERM and Ctrl+C into SystemExit while the block runs, so ``finally`` blocks
    (removing a demo folder) run too, with no traceback. The window installs its own."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    before = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _start_window(data_dir_arg: str | None, *, demo: bool, env: Mapping[str, str]) -> int:
    choice = choose_platform(env, sys.platform, platforms_dir=pyside_platforms_dir())
    if choice.problem is not None:
        log.error("Window not started: %s", choice.problem)
        print(f"hfhate: {choice.problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    if not (demo and not data_dir_arg):
        from hfhate.app import run_window

        paths = Paths(resolve_data_dir(data_dir_arg, env))
        return run_window(paths, demo=demo, platform=choice.platform)
    with _stopped_cleanly(), _demo_folder() as folder:
        from hfhate.app import run_window

        return run_window(Paths(folder.path), demo=True, platform=choice.platform)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
