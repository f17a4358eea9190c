"""``python -m bench``: run the benchmarks (all, or ``--only NAME``) and print one table.

Exit code 0 when every benchmark measured, even if a figure is over its target (that is
printed loudly); 1 when a benchmark crashed; 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence

from bench.core import DEFAULT_REPEAT, Options, Result, format_table
from bench.registry import BENCHMARKS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run hfhate's benchmarks and compare each figure with its baseline.",
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        action="append",
        choices=sorted(BENCHMARKS),
        help="run only this benchmark (may be given more than once); "
        f"one of: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--repeat",
        metavar="N",
        type=int,
        default=DEFAULT_REPEAT,
        help=f"runs of each measurement; the median is reported (default {DEFAULT_REPEAT})",
    )
    parser.add_argument(
        "--display",
        action="store_true",
        help="show windows on the real display ($DISPLAY) instead of Qt's offscreen platform",
    )
    parser.add_argument(
        "--notices",
        metavar="N",
        type=int,
        help="how many notices the benchmarks that take a size use (the sync bench: 10,000)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="run the server side of the sync bench on this database "
        "(e.g. postgresql://postgres@127.0.0.1:5432/postgres; a fresh database is made "
        "beside it and dropped after), instead of a SQLite file",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.notices is not None and args.notices < 1:
        parser.error("--notices must be at least 1")
    options = Options(
        repeat=args.repeat,
        display=args.display,
        notices=args.notices,
        database_url=args.database_url,
    )
    names = args.only or list(BENCHMARKS)

    results: list[Result] = []
    crashed: list[str] = []
    for name in names:
        print(f"Running {name} (repeat {options.repeat})...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            results.extend(BENCHMARKS[name](options))
        except Exception:
            crashed.append(name)
            print(f"\nBENCHMARK CRASHED: {name}", file=sys.stderr)
            traceback.print_exc()
            continue
        print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)

    print()
    print(format_table(results))
    missed = [r for r in results if not r.ok]
    if missed:
        print()
        print("!" * 72)
        for r in missed:
            print(
                f"!!! OVER TARGET: {r.name}: {r.ratio:.2f}x its baseline, "
                f"target <= {r.target_ratio:.1f}x"
            )
        print("!" * 72)
    if crashed:
        print()
        print(f"CRASHED (no figures): {', '.join(crashed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
