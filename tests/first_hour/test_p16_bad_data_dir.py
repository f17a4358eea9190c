"""Issue 12 point 16: a data folder that is a file, or that cannot be written, is refused in
plain words naming the folder and what to do, with a non-zero exit: on the command line (no
traceback) and in the window (a message box instead of nothing at all).

The tests run as root on CI, where permission bits stop nothing: a path under a file and
/proc/sys (a folder nobody may create files in) fail for root too; the chmod variants run
only for an ordinary user.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hfhate.cli.main import main
from hfhate.config import Paths
from tests.fixtures.keys import open_test_store

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
UNWRITABLE = Path("/proc/sys")
needs_proc = pytest.mark.skipif(not UNWRITABLE.is_dir(), reason="needs Linux's /proc")
needs_ordinary_user = pytest.mark.skipif(AS_ROOT, reason="permission bits do not stop root")


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder")
    return path


@pytest.fixture
def read_only_store(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "locked"
    open_test_store(Paths(folder)).close()
    for path in folder.iterdir():
        path.chmod(0o400)
    folder.chmod(0o500)
    yield folder
    folder.chmod(0o700)


@pytest.fixture
def immutable_store(tmp_path: Path) -> Iterator[Path]:
    """A store file nobody may change, root included (Linux's immutable attribute)."""
    folder = tmp_path / "immutable"
    open_test_store(Paths(folder)).close()
    store_file = folder / "hfhate.sqlite"
    try:
        subprocess.run(["chattr", "+i", str(store_file)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        if os.environ.get("CI"):  # CI runs as root on Linux, where chattr works: a failure
            pytest.fail(f"chattr +i is needed in CI: {error}")
        pytest.skip("chattr +i is not available here")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(store_file)], check=False)


def assert_plain(message: str, folder: Path) -> None:
    assert str(folder) in message
    assert "Traceback" not in message and "Error" not in message
    assert "--data-dir" in message  # what to do: choose another folder


# The command line -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["file", "under a file"])
def test_command_refuses_a_file_in_words(
    kind: str, a_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = a_file if kind == "file" else a_file / "data"
    code = main(["users", "--user", "admin", "--data-dir", str(folder)])
    err = capsys.readouterr().err
    assert code != 0
    assert_plain(err, folder)
    assert a_file.read_text() == "not a folder"


@needs_proc
def test_command_refuses_a_folder_it_cannot_write(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["users", "--user", "admin", "--data-dir", str(UNWRITABLE)])
    assert code != 0
    assert_plain(capsys.readouterr().err, UNWRITABLE)


@needs_ordinary_user
def test_command_refuses_a_read_only_store(
    read_only_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["users", "--user", "admin", "--data-dir", str(read_only_store)])
    assert code != 0
    assert_plain(capsys.readouterr().err, read_only_store)


def test_command_refuses_a_store_it_cannot_write(
    immutable_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["users", "--user", "admin", "--data-dir", str(immutable_store)])
    err = capsys.readouterr().err
    assert code == 2
    assert_plain(err, immutable_store)
    assert "cannot write to its store" in err


def test_real_command_prints_no_traceback(a_file: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HFHATE_")}
    env.update(HFHATE_LOG_DIR=str(tmp_path / "logs"), HFHATE_PASSWORD="demo")
    for folder in (a_file, a_file / "data"):
        done = subprocess.run(
            [sys.executable, "-m", "hfhate", "audit", "--user", "admin", "--data-dir", str(folder)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=tmp_path,
        )
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert_plain(done.stderr, folder)


# The window ---------------------------------------------------------------------------------


def start_window_reading_messages(qapp: QApplication, argv: list[str]) -> tuple[int, list[str]]:
    """Start the window as ``hfhate`` does; read and close each message box it shows."""
    seen: list[str] = []

    def close_messages() -> None:
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                seen.append(widget.text())
                widget.close()

    timer = QTimer()
    timer.timeout.connect(close_messages)
    timer.start(50)
    try:
        code = main(argv)
    finally:
        timer.stop()
    return code, seen


@pytest.mark.parametrize("kind", ["file", "under a file"])
def test_window_shows_a_message_for_a_file(kind: str, a_file: Path, qapp: QApplication) -> None:
    folder = a_file if kind == "file" else a_file / "data"
    code, seen = start_window_reading_messages(qapp, ["--data-dir", str(folder)])
    assert code != 0
    assert len(seen) == 1
    assert_plain(seen[0], folder)
    assert not any(w.isVisible() for w in qapp.topLevelWidgets())  # no window after it


@needs_proc
def test_window_shows_a_message_for_a_folder_it_cannot_write(qapp: QApplication) -> None:
    code, seen = start_window_reading_messages(qapp, ["--data-dir", str(UNWRITABLE)])
    assert code != 0
    assert len(seen) == 1
    assert_plain(seen[0], UNWRITABLE)


@needs_ordinary_user
def test_window_shows_a_message_for_a_read_only_store(
    read_only_store: Path, qapp: QApplication
) -> None:
    code, seen = start_window_reading_messages(qapp, ["--data-dir", str(read_only_store)])
    assert code != 0
    assert len(seen) == 1
    assert_plain(seen[0], read_only_store)
