"""Issue 12 point 20: on Linux, before Qt starts (and aborts), hfhate picks Qt's platform or
says in one line what to install.

The decision is tested with environments and a stand-in for the system's library lookup (the
operating system's libraries are outside hfhate); the no-display case is tested end to end
with the real command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hfhate.cli.display import MISSING_XCB_CURSOR, LibraryFinder, choose_platform

X11 = {"DISPLAY": ":0"}
WAYLAND = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}


def installed(name: str) -> str | None:
    return f"lib{name}.so.0"


def missing(_name: str) -> str | None:
    return None


@pytest.fixture
def with_wayland_plugin(tmp_path: Path) -> Path:
    (tmp_path / "libqwayland.so").write_bytes(b"")
    (tmp_path / "libqxcb.so").write_bytes(b"")
    return tmp_path


@pytest.fixture
def without_wayland_plugin(tmp_path: Path) -> Path:
    (tmp_path / "libqxcb.so").write_bytes(b"")
    return tmp_path


def test_x11_without_xcb_cursor_names_the_package(without_wayland_plugin: Path) -> None:
    choice = choose_platform(
        X11, "linux", find_library=missing, platforms_dir=without_wayland_plugin
    )
    assert choice.problem == MISSING_XCB_CURSOR
    assert "sudo apt install libxcb-cursor0" in MISSING_XCB_CURSOR
    assert "\n" not in MISSING_XCB_CURSOR


def test_x11_with_xcb_cursor_leaves_qt_to_choose(without_wayland_plugin: Path) -> None:
    choice = choose_platform(
        X11, "linux", find_library=installed, platforms_dir=without_wayland_plugin
    )
    assert choice.problem is None and choice.platform is None


@pytest.mark.parametrize("finder", [installed, missing])
def test_wayland_uses_the_wayland_plugin(finder: LibraryFinder, with_wayland_plugin: Path) -> None:
    choice = choose_platform(
        WAYLAND, "linux", find_library=finder, platforms_dir=with_wayland_plugin
    )
    assert choice.platform == "wayland" and choice.problem is None


def test_wayland_without_its_plugin_falls_back_to_x11(without_wayland_plugin: Path) -> None:
    choice = choose_platform(
        WAYLAND, "linux", find_library=missing, platforms_dir=without_wayland_plugin
    )
    assert choice.problem == MISSING_XCB_CURSOR


@pytest.mark.parametrize(
    ("env", "system"),
    [
        ({**X11, "QT_QPA_PLATFORM": "offscreen"}, "linux"),  # the user's own choice stands
        (X11, "win32"),
        (X11, "darwin"),
    ],
)
def test_nothing_to_decide(env: dict[str, str], system: str, tmp_path: Path) -> None:
    choice = choose_platform(env, system, find_library=missing, platforms_dir=tmp_path)
    assert choice.problem is None and choice.platform is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux desktops only")
def test_window_without_any_display_says_so_in_one_line(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HFHATE_")
        and k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["HFHATE_LOG_DIR"] = str(tmp_path / "logs")
    done = subprocess.run(
        [sys.executable, "-m", "hfhate", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 4
    assert done.stderr.count("\n") == 1
    assert "no desktop display was found" in done.stderr
    assert not (tmp_path / "data").exists()
