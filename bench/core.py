"""What every benchmark shares: its options, its result rows, and the printed table.

A benchmark is a function ``run(options: Options) -> list[Result]``, listed in
``bench.registry.BENCHMARKS``. Each ``Result`` compares a figure for hfhate with a baseline
measured in the same run; the verdict is "ok" when ``figure / baseline <= target_ratio``.
A benchmark that cannot measure (a child process failed, say) raises ``BenchmarkError`` or
lets any exception out: ``python -m bench`` then exits non-zero.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_REPEAT = 5


class BenchmarkError(Exception):
    """A benchmark could not measure; the message says what went wrong."""


@dataclass(frozen=True)
class Options:
    """How the benchmarks are run, from the command line."""

    repeat: int = DEFAULT_REPEAT
    display: bool = False  # show windows on the real display instead of offscreen
    # For benchmarks that size their data or pick a database (the sync bench): None means the
    # benchmark's own default (10,000 notices, a SQLite server).
    notices: int | None = None
    database_url: str | None = None


@dataclass(frozen=True)
class Result:
    """One row of the table: hfhate's figure, the baseline's, and the largest allowed ratio."""

    name: str
    figure: float
    baseline: float
    unit: str
    target_ratio: float
    note: str = ""  # optional detail printed under the table (e.g. the individual runs)
    ratio: float = field(init=False)

    def __post_init__(self) -> None:
        ratio = self.figure / self.baseline if self.baseline else float("inf")
        object.__setattr__(self, "ratio", ratio)

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target_ratio

    @property
    def verdict(self) -> str:
        return "ok" if self.ok else "OVER TARGET"


Benchmark = Callable[[Options], list[Result]]


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def interleaved(
    figure: Callable[[], Any], baseline: Callable[[], Any], runs: int
) -> tuple[float, float]:
    """Median milliseconds of each, run one after the other ``runs`` times after a warm-up
    of each, so both sides see the same machine at the same moments."""
    figure()
    baseline()
    ours, plain = [], []
    for _ in range(runs):
        started = time.perf_counter()
        figure()
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        baseline()
        plain.append((time.perf_counter() - started) * 1000)
    return median(ours), median(plain)


def format_number(value: float, unit: str) -> str:
    digits = 0 if abs(value) >= 100 else 1
    return f"{value:.{digits}f} {unit}"


def format_table(results: Sequence[Result]) -> str:
    """The results as a plain-text table, one row each, with notes and misses below it."""
    header = ("name", "figure", "baseline", "ratio", "target", "verdict")
    rows = [
        (
            r.name,
            format_number(r.figure, r.unit),
            format_number(r.baseline, r.unit),
            f"{r.ratio:.2f}x",
            f"<= {r.target_ratio:.1f}x",
            r.verdict,
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    right = {1, 2, 3, 4}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]
    notes = [f"  {r.name}: {r.note}" for r in results if r.note]
    if notes:
        out += ["", "Notes:", *notes]
    return "\n".join(out)
