"""Shared by the start-up children: say when a window is exposed, with the peak memory.

A child shows its window, then calls ``exit_when_exposed``; once Qt reports the window
exposed the child prints ``shown`` and ``maxrss_kib N`` (its ru_maxrss so far, in KiB) on
stdout and leaves the event loop. The parent stops its clock on the ``shown`` line. This
module imports only what the bare child needs anyway, so it does not tilt the baseline.
"""

from __future__ import annotations

import resource
import sys

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SHOWN_LINE = "shown"
MAXRSS_PREFIX = "maxrss_kib "
EXPOSE_TIMEOUT_MS = 60_000


def peak_rss_kib() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def exit_when_exposed(app: QApplication, window: QWidget) -> int:
    """Run the event loop until ``window`` is exposed; 0 when it was, 1 on a timeout."""
    waited = QElapsedTimer()
    waited.start()

    def check() -> None:
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            print(SHOWN_LINE, flush=True)
            print(f"{MAXRSS_PREFIX}{peak_rss_kib()}", flush=True)
            app.exit(0)
        elif waited.elapsed() > EXPOSE_TIMEOUT_MS:
            print("the window was never exposed", file=sys.stderr, flush=True)
            app.exit(1)
        else:
            app.processEvents()
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)
    return app.exec()
