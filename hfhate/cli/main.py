"""The ``hfhate`` command: starts the window, or runs a verb (``hfhate users``, ...).

This module never imports Qt: ``hfhate --version``, ``--help`` and every verb work on a
machine without a display. Only starting the window imports ``hfhate.app``.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from hfhate import __version__
from hfhate.cli import verbs
from hfhate.config import Paths, environment, resolve_data_dir, resolve_log_dir, setup_logging

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="keep all data in DIR (default: $HFHATE_DATA_DIR, else your user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="hfhate",
        parents=[common],
        description=(
            "hfhate: street-harassment PSPO notices, engagement sessions and reports for "
            "Hammersmith & Fulham's community safety teams. Without a command, opens the app."
        ),
        epilog="Each command signs in like the window does: --user NAME, and the password "
        "from $HFHATE_PASSWORD or asked on the terminal. What it does is audited.",
    )
    parser.add_argument("--version", action="version", version=f"hfhate {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open on a throw-away store filled with sample data (or fill an empty --data-dir)",
    )
    sub = parser.add_subparsers(dest="verb", metavar="COMMAND", title="commands")
    verbs.add_parsers(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    env = environment()
    args = build_parser().parse_args(argv)
    setup_logging(resolve_log_dir(env))
    data_dir_arg: str | None = getattr(args, "data_dir", None)
    if args.verb:
        paths = Paths(resolve_data_dir(data_dir_arg, env))
        return verbs.run(args, paths, env, demo=args.demo)
    return _start_window(data_dir_arg, demo=args.demo, env=env)


def window_main() -> int:
    """Entry point of ``hfhate-window`` (no console on Windows): errors go to the log file."""
    try:
        return main()
    except Exception:
        log.exception("hfhate stopped on an unexpected error")
        return 1


def _start_window(data_dir_arg: str | None, *, demo: bool, env: Mapping[str, str]) -> int:
    throwaway: Path | None = None
    if demo and not data_dir_arg:
        throwaway = Path(tempfile.mkdtemp(prefix="hfhate-demo-"))
        data_dir_arg = str(throwaway)
    paths = Paths(resolve_data_dir(data_dir_arg, env))
    try:
        from hfhate.app import run_window

        return run_window(paths, demo=demo)
    finally:
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
