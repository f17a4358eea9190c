"""Start-up benchmark: the first window, signing in, and peak memory, against a bare window.

Before any timing, the parent makes one data folder as the app keeps it (the demo key in
``store-key.json``, so no credential store is needed) holding a store with
``STORE_NOTICES`` notices and warnings (``bench._notice_rows``), a supervisor and officers.
It then runs, interleaved, two child processes ``options.repeat`` times each (after one
untimed warm-up of each):

* ``bench._bare_window``: a bare PySide6 process showing a QMainWindow with a label (baseline);
* ``bench._hfhate_window``: hfhate's real start (``hfhate --data-dir``) on that folder; a timer
  plays a supervisor who signs in once the dialog has its store, then opens the Notices list.

Figures (medians), each with its same-run baseline:

(a) process start to the first window a user can type into (the sign-in dialog), against
    process start to the bare window; both from just before ``subprocess.Popen`` to the
    child's ``shown`` line, printed once Qt reports its window exposed. Target 1.5x.
(b) the sign-in dialog's ``accepted`` (the password verified) to the main window exposed,
    measured in the child. Its target is an absolute 0.3 s (issue 17), so its baseline is that
    0.3 s, fixed, with target 1.0x: a bare process has nothing to compare with this (it has no
    store and no user); the bare window's own start is given in the note for scale. The note
    also gives the click to ``accepted`` (checking the password, argon2id) and how long the
    store took to open behind the dialog.
(c) peak memory of the whole start, signed in with the main window shown, against the bare
    window process's peak: target 2x.
(d) peak memory with the notices list open (first rows shown, plus a second for what it loads
    after them), against the same bare peak: target 2.5x.

Peaks are ``VmHWM`` read by each child from ``/proc/self/status`` (``bench._exposed``), not
``ru_maxrss``, which a child started by fork and exec inherits from this parent.

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
from dataclasses import dataclass, field
from pathlib import Path

from bench.core import BenchmarkError, Options, Result, median

# Children run as modules from the project folder, so a file in bench/ can never shadow a
# module that Qt, SQLAlchemy or hfhate imports (as it could if bench/ were on sys.path).
PROJECT_DIR = Path(__file__).resolve().parent.parent
BARE_CHILD = "bench._bare_window"
HFHATE_CHILD = "bench._hfhate_window"
SHOWN_LINE = "shown"  # as in bench/_exposed.py, which the parent does not import (it is Qt)
HWM_PREFIX = "hwm_kib "
CHILD_TIMEOUT_S = 180.0
WARMUP_RUNS = 1
STORE_NOTICES = 100_000
USERNAME = "super"  # the supervisor of bench._notice_rows: sees every notice
OWN_PASSWORD = "supervisor's own words"

FIRST_WINDOW_TARGET_RATIO = 1.5
SIGN_IN_TARGET_MS = 300.0
START_MEMORY_TARGET_RATIO = 2.0
LIST_MEMORY_TARGET_RATIO = 2.5


@dataclass
class ChildRun:
    """One child's run: seconds to its ``shown`` line, and what else it printed."""

    seconds: float
    peaks_kib: dict[str, int] = field(default_factory=dict)  # "" for the bare child's one
    figures_ms: dict[str, float] = field(default_factory=dict)


def run(options: Options) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        log_dir = Path(tmp) / "logs"
        started = time.perf_counter()
        password = _prepare_store(data_dir, STORE_NOTICES)
        built_s = time.perf_counter() - started
        env = _child_env(log_dir, display=options.display)
        bare_cmd = [sys.executable, "-m", BARE_CHILD]
        hfhate_cmd = [sys.executable, "-m", HFHATE_CHILD, str(data_dir), USERNAME, password]

        for _ in range(WARMUP_RUNS):
            run_child(bare_cmd, env)
            run_child(hfhate_cmd, env)
        bare: list[ChildRun] = []
        hfhate: list[ChildRun] = []
        for _ in range(options.repeat):
            bare.append(run_child(bare_cmd, env))
            hfhate.append(run_child(hfhate_cmd, env))

    def ms(values: list[float]) -> str:
        return ", ".join(f"{v:.0f}" for v in values)

    def mib(runs: list[ChildRun], name: str) -> float:
        return median(r.peaks_kib[name] for r in runs) / 1024

    def figure(name: str) -> list[float]:
        return [r.figures_ms[name] for r in hfhate]

    platform = env.get("QT_QPA_PLATFORM") or "display"
    bare_ms = [r.seconds * 1000 for r in bare]
    store = f"{STORE_NOTICES:,} notices (built in {built_s:.0f} s)"
    return [
        Result(
            name="startup: start to sign-in dialog shown",
            figure=median(r.seconds for r in hfhate) * 1000,
            baseline=median(bare_ms),
            unit="ms",
            target_ratio=FIRST_WINDOW_TARGET_RATIO,
            note=f"[{platform}] hfhate runs ms: {ms([r.seconds * 1000 for r in hfhate])}; "
            f"bare window runs ms: {ms(bare_ms)}; store of {store}",
        ),
        Result(
            name="startup: signed in to main window shown",
            figure=median(figure("accepted_to_main_ms")),
            baseline=SIGN_IN_TARGET_MS,
            unit="ms",
            target_ratio=1.0,
            note=f"baseline is the fixed 0.3 s target; runs ms: "
            f"{ms(figure('accepted_to_main_ms'))}; the click to accepted (password check) "
            f"ms: {ms(figure('click_to_accepted_ms'))}; the store was ready behind the "
            f"dialog after ms: {ms(figure('store_ready_after_dialog_ms'))}; the notices "
            f"list's first rows after ms: {ms(figure('list_rows_ms'))}; for scale, the bare "
            f"window process's whole start: {median(bare_ms):.0f} ms",
        ),
        Result(
            name="startup: peak memory signed in (VmHWM)",
            figure=mib(hfhate, "start"),
            baseline=mib(bare, ""),
            unit="MiB",
            target_ratio=START_MEMORY_TARGET_RATIO,
            note=f"at the sign-in dialog: {mib(hfhate, 'dialog'):.0f} MiB",
        ),
        Result(
            name="startup: peak memory, notices list open",
            figure=mib(hfhate, "list"),
            baseline=mib(bare, ""),
            unit="MiB",
            target_ratio=LIST_MEMORY_TARGET_RATIO,
        ),
    ]


def _prepare_store(data_dir: Path, notices: int) -> str:
    """Make a data folder as the app keeps it, with ``notices`` notices; the supervisor's
    password (chosen by them, as at their first sign-in, so no change is asked for)."""
    from bench._notice_rows import PASSWORD, fill_notices, make_store
    from hfhate.config import Paths
    from hfhate.services.accounts import change_own_password
    from hfhate.startup import unlock_data_folder

    unlock_data_folder(Paths(data_dir), demo=True)  # store-key.json: the public demo key
    bench, team = make_store(data_dir, officers=5)
    try:
        with bench.store.session_factory.begin() as session:
            change_own_password(
                session,
                bench.supervisor,
                current=PASSWORD,
                password=OWN_PASSWORD,
                confirm=OWN_PASSWORD,
            )
        fill_notices(bench, team, notices)
    finally:
        bench.store.close()  # closed cleanly: no page-by-page check is due at the next open
    return OWN_PASSWORD


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
    """Start ``cmd``, time it to its ``shown`` line, and read what it reports after that."""
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
    done = ChildRun(seconds)
    for line in rest.splitlines():
        if line.startswith(HWM_PREFIX):
            *label, kib = line.removeprefix(HWM_PREFIX).split()
            done.peaks_kib[" ".join(label)] = int(kib)
        elif line.endswith(tuple("0123456789")) and "_ms " in line:
            key, value = line.split()
            done.figures_ms[key] = float(value)
    if not done.peaks_kib:
        raise BenchmarkError(f"{name} did not report its peak memory.\n--- its stdout ---\n{rest}")
    return done
