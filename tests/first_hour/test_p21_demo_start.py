"""Issue 12 point 21: ``hfhate --demo`` shows a window at once while it fills the demo store,
removes its throw-away folder on every exit, and sweeps the folders of killed runs at start.

The fill runs in a worker while a "Preparing the demo" window says what is being made (not a
timed test: it checks that the window shows before the sign-in and follows the stages). The
clean-up is tested with the real command, stopped by SIGTERM or Ctrl+C at sign-in and in the
middle of the fill.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from hfhate.cli.main import main

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and locks")


def demo_folders(folder: Path) -> list[Path]:
    return sorted(folder.glob("hfhate-demo-*"))


@pytest.fixture
def temp_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


# The window while the demo fills ---------------------------------------------------------


def test_a_window_shows_what_is_being_made_before_sign_in(
    qapp: QApplication, temp_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    seen: list[str] = []  # window titles and stages, in order

    def watch() -> None:
        for widget in qapp.topLevelWidgets():
            if not (isinstance(widget, QDialog) and widget.isVisible()):
                continue
            title = widget.windowTitle()
            if title.startswith("Preparing the demo"):
                texts = [label.text() for label in widget.findChildren(QLabel)]
                seen.extend(t for t in texts if t.endswith("…") and t not in seen)
                if title not in seen:
                    seen.append(title)
            elif title.startswith("Sign in"):
                seen.append(title)
                widget.reject()  # the user closes the sign-in: the app ends

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(20)
    try:
        assert main(["--demo"]) == 0
    finally:
        timer.stop()
    assert "Preparing the demo - hfhate" in seen
    assert seen[-1] == "Sign in - hfhate"
    assert seen.index("Preparing the demo - hfhate") < seen.index("Sign in - hfhate")
    assert "Making two years of sample notices and warnings…" in seen
    assert demo_folders(temp_dir) == []


# The real command, stopped -----------------------------------------------------------------


def start_demo(temp_dir: Path, tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HFHATE_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        TMPDIR=str(temp_dir),
        HFHATE_LOG_DIR=str(tmp_path / "logs"),
        HFHATE_PASSWORD="demo",
        HFHATE_DATA_DIR=str(tmp_path / "real-data"),  # never the real one, whatever happens
    )
    return subprocess.Popen(
        [sys.executable, "-m", "hfhate", "--demo", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )


def wait_for_folder(temp_dir: Path, process: subprocess.Popen[str]) -> Path:
    """This run's demo folder, once the demo store is being filled in it."""
    for _ in range(600):
        found = [f for f in demo_folders(temp_dir) if (f / "hfhate.sqlite").exists()]
        if found:
            return found[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("no demo folder appeared")


def stop(process: subprocess.Popen[str], number: int) -> tuple[int, str]:
    process.send_signal(number)
    _out, err = process.communicate(timeout=60)
    return process.returncode, err


@pytest.fixture
def others(temp_dir: Path) -> Iterator[dict[str, Path]]:
    """Demo folders of other runs: two killed long ago, one in use, one just made."""
    folders = {
        name: temp_dir / f"hfhate-demo-{name}"
        for name in ("killed", "killed-before-locks", "in-use", "just-made")
    }
    for folder in folders.values():
        folder.mkdir()
        (folder / "hfhate.sqlite").write_bytes(b"")
    (folders["killed"] / "in-use.lock").write_bytes(b"")
    lock = folders["in-use"] / "in-use.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            "f = open(sys.argv[1], 'wb'); fcntl.flock(f, fcntl.LOCK_EX)\n"
            "print('locked', flush=True); time.sleep(120)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    hour_ago = time.time() - 3600
    for name in ("killed", "killed-before-locks", "in-use"):
        os.utime(folders[name], (hour_ago, hour_ago))
    yield folders
    holder.kill()
    holder.wait()


@posix_only
def test_start_sweeps_killed_runs_only_and_sigterm_at_sign_in_cleans_up(
    temp_dir: Path, tmp_path: Path, others: dict[str, Path]
) -> None:
    process = start_demo(temp_dir, tmp_path)
    assert process.stdout is not None
    assert process.stdout.readline().startswith("hfhate demo mode")  # at the sign-in
    left = {f.name for f in demo_folders(temp_dir)}
    assert others["killed"].name not in left
    assert others["killed-before-locks"].name not in left
    assert {others["in-use"].name, others["just-made"].name} <= left
    assert len(left) == 3  # and this run's own
    code, err = stop(process, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM
    assert "Traceback" not in err
    assert {f.name for f in demo_folders(temp_dir)} == {
        others["in-use"].name,
        others["just-made"].name,
    }


@posix_only
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_stopped_while_filling_leaves_nothing(number: int, temp_dir: Path, tmp_path: Path) -> None:
    process = start_demo(temp_dir, tmp_path)
    wait_for_folder(temp_dir, process)
    code, err = stop(process, number)
    assert code == 128 + number
    assert "Traceback" not in err
    assert demo_folders(temp_dir) == []


@posix_only
def test_command_stopped_while_filling_leaves_nothing(temp_dir: Path, tmp_path: Path) -> None:
    process = start_demo(temp_dir, tmp_path, "users", "--user", "admin")
    wait_for_folder(temp_dir, process)
    code, err = stop(process, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM
    assert "Traceback" not in err
    assert demo_folders(temp_dir) == []
