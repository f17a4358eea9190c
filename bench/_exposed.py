"""Shared by the start-up children: say when a window is exposed, and the process's peak memory.

A child shows its window, then calls ``exit_when_exposed``; once Qt reports the window
exposed the child prints ``shown`` and ``hwm_kib N`` (its peak memory so far, in KiB) on
stdout and leaves the event loop. The parent stops its clock on the ``shown`` line. This
module imports only what the bare child needs anyway, so it does not tilt the baseline.

The peak is ``VmHWM`` from ``/proc/self/status``: the most resident memory this process has
had. ``ru_maxrss`` is not used: on Linux a child started by fork and exec carries the parent's
peak in it (a child of a 300 MiB parent reports 318 MiB). Where there is no ``/proc`` (macOS,
Windows) the figure falls back to ``ru_maxrss``, which is then this process's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SHOWN_LINE = "shown"
HWM_PREFIX = "hwm_kib "
EXPOSE_TIMEOUT_MS = 60_000
STATUS = Path("/proc/self/status")


def peak_memory_kib() -> int:
    """This process's peak resident memory so far, in KiB (see the docstring)."""
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])  # "VmHWM:   123456 kB"
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def exposed(window: QWidget) -> bool:
    handle = window.windowHandle()
    return window.isVisible() and handle is not None and handle.isExposed()


def exit_when_exposed(app: QApplication, window: QWidget) -> int:
    """Run the event loop until ``window`` is exposed; 0 when it was, 1 on a timeout."""
    waited = QElapsedTimer()
    waited.start()

    def check() -> None:
        if exposed(window):
            print(SHOWN_LINE, flush=True)
            print(f"{HWM_PREFIX}{peak_memory_kib()}", flush=True)
            app.exit(0)
        elif waited.elapsed() > EXPOSE_TIMEOUT_MS:
            print("the window was never exposed", file=sys.stderr, flush=True)
            app.exit(1)
        else:
            app.processEvents()
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)
    return app.exec()
