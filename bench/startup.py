"""Start-up benchmark: process start to the main window shown, against a bare PySide6 window.

Before any timing, the parent fills one demo data folder. It then runs, interleaved, two child
processes ``options.repeat`` times each (after one untimed warm-up of each):

* ``bench._bare_window``: a bare PySide6 process showing a QMainWindow with a label (baseline);
* ``bench._hfhate_window``: hfhate's real start on that folder, signed in as the demo ``admin``,
  the main window shown.

The start time of a run is from just before ``subprocess.Popen`` to reading the child's
``shown`` line, which it prints once its window is exposed (``time.perf_counter``). Each child
also reports its peak memory (``ru_maxrss``). The table shows the medians.

Children use Qt's offscreen platform unless ``--display`` is given and ``$DISPLAY`` (or
``$WAYLAND_DISPLAY``) is set. Their logs go to a temporary folder, not the user's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.core import BenchmarkError, Options, Result, median

# Children run as modules from the project folder, so a file in bench/ can never shadow a
# module that Qt, SQLAlchemy or hfhate imports (as it could if bench/ were on sys.path).
PROJECT_DIR = Path(__file__).resolve().parent.parent
BARE_CHILD = "bench._bare_window"
HFHATE_CHILD = "bench._hfhate_window"
SHOWN_LINE = "shown"  # as in bench/_exposed.py, which the parent does not import (it is Qt)
MAXRSS_PREFIX = "maxrss_kib "
CHILD_TIMEOUT_S = 120.0
WARMUP_RUNS = 1

# Start time: hfhate signed in with its main window shown may take at most twice as long as a
# bare PySide6 window process.
START_TARGET_RATIO = 2.0
# Peak memory: a guideline rather than a hard limit; hfhate carries SQLAlchemy, Alembic and
# its screens on top of Qt, so up to 2.5 times a bare window's peak is acceptable.
MEMORY_TARGET_RATIO = 2.5


@dataclass(frozen=True)
class ChildRun:
    """One child's start: seconds to its ``shown`` line, and its peak memory in KiB."""

    seconds: float
    maxrss_kib: int


def run(options: Options) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        log_dir = Path(tmp) / "logs"
        _prepare_demo_store(data_dir)
        env = _child_env(log_dir, display=options.display)
        bare_cmd = [sys.executable, "-m", BARE_CHILD]
        hfhate_cmd = [sys.executable, "-m", HFHATE_CHILD, str(data_dir)]

        for _ in range(WARMUP_RUNS):
            run_child(bare_cmd, env)
            run_child(hfhate_cmd, env)
        bare: list[ChildRun] = []
        hfhate: list[ChildRun] = []
        for _ in range(options.repeat):
            bare.append(run_child(bare_cmd, env))
            hfhate.append(run_child(hfhate_cmd, env))

    def ms(runs: list[ChildRun]) -> str:
        return ", ".join(f"{r.seconds * 1000:.0f}" for r in runs)

    platform = env.get("QT_QPA_PLATFORM") or "display"
    return [
        Result(
            name="startup: start to main window shown",
            figure=median(r.seconds for r in hfhate) * 1000,
            baseline=median(r.seconds for r in bare) * 1000,
            unit="ms",
            target_ratio=START_TARGET_RATIO,
            note=f"[{platform}] hfhate runs ms: {ms(hfhate)}; bare window runs ms: {ms(bare)}",
        ),
        Result(
            name="startup: peak memory (ru_maxrss)",
            figure=median(r.maxrss_kib for r in hfhate) / 1024,
            baseline=median(r.maxrss_kib for r in bare) / 1024,
            unit="MiB",
            target_ratio=MEMORY_TARGET_RATIO,
            note="target 2.5x is a guideline",
        ),
    ]


def _prepare_demo_store(data_dir: Path) -> None:
    from hfhate.config import Paths
    from hfhate.startup import prepare_store

    data_dir.mkdir(parents=True)
    prepare_store(Paths(data_dir), demo=True).store.close()


def _child_env(log_dir: Path, *, display: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["HFHATE_LOG_DIR"] = str(log_dir)
    env.pop("HFHATE_DATA_DIR", None)
    has_display = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if display and has_display:
        if env.get("QT_QPA_PLATFORM") == "offscreen":
            env.pop("QT_QPA_PLATFORM")
    else:
        if display:
            print(
                "  --display given but neither $DISPLAY nor $WAYLAND_DISPLAY is set: "
                "using the offscreen platform",
                file=sys.stderr,
            )
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_child(cmd: list[str], env: dict[str, str]) -> ChildRun:
    """Start ``cmd``, time it to its ``shown`` line, and read the peak memory it reports."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            cwd=PROJECT_DIR,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        watchdog = threading.Timer(CHILD_TIMEOUT_S, child.kill)
        watchdog.start()
        try:
            assert child.stdout is not None
            seconds: float | None = None
            for line in child.stdout:
                if line.strip() == SHOWN_LINE:
                    seconds = time.perf_counter() - started
                    break
            rest, _ = child.communicate()
        finally:
            watchdog.cancel()
        stderr.seek(0)
        errors = stderr.read()

    name = cmd[2]
    if seconds is None or child.returncode != 0:
        raise BenchmarkError(
            f"{name} exited with code {child.returncode} "
            f"{'before showing its window' if seconds is None else 'after showing it'}"
            f" (timeout {CHILD_TIMEOUT_S:.0f} s).\n--- its stderr ---\n{errors.strip()}"
        )
    for line in rest.splitlines():
        if line.startswith(MAXRSS_PREFIX):
            return ChildRun(seconds, int(line.removeprefix(MAXRSS_PREFIX)))
    raise BenchmarkError(f"{name} did not report its peak memory.\n--- its stdout ---\n{rest}")
