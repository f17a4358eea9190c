"""Before the window opens on Linux: pick Qt's platform, or say which package is missing.

Qt's X11 ("xcb") platform needs the system library libxcb-cursor, which many desktops lack;
without it Qt aborts with a long message about plugins that names no package. This check runs
before Qt is started: under Wayland (when PySide6 ships its wayland plugin) it uses the
wayland platform; under X11 without the library it says in one line what to install. It never
overrides a QT_QPA_PLATFORM the user set, and does nothing on Windows or macOS.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

LibraryFinder = Callable[[str], str | None]
MISSING_XCB_CURSOR = (
    "hfhate cannot open its window: this Linux desktop lacks the libxcb-cursor library. "
    "Install it with: sudo apt install libxcb-cursor0 "
    "(Fedora: sudo dnf install xcb-util-cursor), then start hfhate again."
)
NO_DISPLAY = (
    "hfhate cannot open its window: no desktop display was found (DISPLAY and "
    "WAYLAND_DISPLAY are not set). Start it from a desktop session, or use a command "
    "(hfhate --help lists them)."
)


@dataclass(frozen=True)
class PlatformChoice:
    """The Qt platform to ask for (None: Qt's own choice), or why the window cannot open."""

    platform: str | None = None
    problem: str | None = None


def find_system_library(name: str) -> str | None:
    """The system library ``lib<name>``, loaded to be sure, or None if it is not installed."""
    import ctypes.util  # only when a display is looked for: it loads subprocess and more

    try:
        ctypes.CDLL(f"lib{name}.so.0")
    except OSError:
        return ctypes.util.find_library(name)
    return f"lib{name}.so.0"


def pyside_platforms_dir() -> Path | None:
    """PySide6's folder of platform plugins, found without importing (starting) Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"


def choose_platform(
    env: Mapping[str, str],
    system: str,
    *,
    find_library: LibraryFinder = find_system_library,
    platforms_dir: Path | None = None,
) -> PlatformChoice:
    """Decide how Qt should start on this machine; ``system`` is ``sys.platform``."""
    if not system.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return PlatformChoice()
    if env.get("WAYLAND_DISPLAY") and platforms_dir is not None:
        if any(platforms_dir.glob("libqwayland*.so")):
            return PlatformChoice(platform="wayland")
    if env.get("DISPLAY"):
        if find_library("xcb-cursor") is None:
            return PlatformChoice(problem=MISSING_XCB_CURSOR)
        return PlatformChoice()
    if env.get("WAYLAND_DISPLAY"):
        return PlatformChoice()  # no wayland plugin and no X server: let Qt say so
    return PlatformChoice(problem=NO_DISPLAY)
