"""Stopping the window cleanly on SIGTERM or Ctrl+C (SIGINT), so its ``finally`` blocks run.

Python handles a signal only when Python code runs; while Qt waits for events none does, so a
light timer gives it the chance. The handler ends every event loop (open dialogs included);
the start-up code then returns as if the user had closed the window, which removes a demo
folder and closes the store.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
TICK_MS = 200


@dataclass
class Stopped:
    """Which signal asked the window to stop, if any."""

    signal: int | None = None

    @property
    def exit_code(self) -> int:
        return 0 if self.signal is None else 128 + self.signal


@contextlib.contextmanager
def quit_on_signals(app: QApplication) -> Iterator[Stopped]:
    """While the block runs, SIGTERM and SIGINT end the app's event loops."""
    stopped = Stopped()

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("Stopping on signal %d", signum)
        stopped.signal = signum
        app.exit(128 + signum)

    tick = QTimer()
    tick.timeout.connect(lambda: None)  # lets Python run its signal handlers
    tick.start(TICK_MS)
    before = {number: signal.signal(number, on_signal) for number in STOP_SIGNALS}
    try:
        yield stopped
    finally:
        tick.stop()
        for number, handler in before.items():
            signal.signal(number, handler)
