"""The small window shown at once while ``hfhate --demo`` fills its throw-away store.

Filling takes a few seconds; it runs in a worker thread, with its own connection to the
store, while this window says what is being made. The worker's connection is closed when it
is done; the caller opens the filled store again on the main thread. Asked to stop (SIGTERM,
Ctrl+C), the worker stops at its next write and rolls back, so its folder can be removed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout
from sqlalchemy import event
from sqlalchemy.orm import Session

from hfhate.config import Paths
from hfhate.startup import prepare_store
from hfhate.ui.stop_signals import Stopped

POLL_MS = 50


class _Cancelled(Exception):
    """The window was asked to stop while the demo was being filled."""


@dataclass
class _Fill:
    """What the worker shares with the window: its stage, and how it ended."""

    stage: str = "Making the store"
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    cancelled: threading.Event = field(default_factory=threading.Event)

    def run(self, paths: Paths) -> None:
        worker = threading.get_ident()

        def stop_if_cancelled(*_args: Any) -> None:  # before each of the fill's flushes
            if self.cancelled.is_set() and threading.get_ident() == worker:
                raise _Cancelled

        event.listen(Session, "before_flush", stop_if_cancelled)
        try:
            ready = prepare_store(paths, demo=True, progress=self.set_stage)
            ready.store.close()
        except _Cancelled:
            pass  # rolled back; the folder is removed by the caller
        except BaseException as error:  # handed to the main thread, raised there
            self.error = error
        finally:
            event.remove(Session, "before_flush", stop_if_cancelled)
            self.done.set()

    def set_stage(self, stage: str) -> None:
        self.stage = stage


class DemoProgressWindow(QDialog):
    """ "Preparing the demo", a moving bar, and the stage in words."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Preparing the demo - hfhate")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        title = QLabel("<h2>Preparing the demo</h2>")
        intro = QLabel(
            "hfhate is filling a throw-away store with sample notices, sessions and "
            "accounts. It takes a few seconds, and everything is removed when you close it."
        )
        intro.setWordWrap(True)
        self.stage = QLabel("Making the store…")
        self.stage.setAccessibleName("What is being made")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # moving: the fill's length is not known in advance
        self.bar.setAccessibleName("Preparing the demo")
        for widget in (title, intro, self.stage, self.bar):
            layout.addWidget(widget)

    def show_stage(self, stage: str) -> None:
        text = f"{stage}…"
        if self.stage.text() != text:
            self.stage.setText(text)


def fill_demo_showing_progress(paths: Paths, stopped: Stopped) -> bool:
    """Fill a new demo store in ``paths`` while the progress window shows; False if stopped.

    Raises what the fill raised (a StoreError with a message for the user, or a fault).
    """
    fill = _Fill()
    worker = threading.Thread(target=fill.run, args=(paths,), name="demo-fill", daemon=True)
    window = DemoProgressWindow()
    window.show()
    loop = QEventLoop()
    timer = QTimer()

    def poll() -> None:
        window.show_stage(fill.stage)
        if fill.done.is_set() or stopped.signal is not None:
            loop.quit()

    timer.timeout.connect(poll)
    timer.start(POLL_MS)
    worker.start()
    try:
        while not fill.done.is_set() and stopped.signal is None:
            loop.exec()  # until the poll sees the fill done, or a signal ends every loop
    finally:
        timer.stop()
        window.close()
    if stopped.signal is not None:
        # The worker stops at its next write and rolls back; then its folder can go.
        fill.cancelled.set()
        worker.join()
        return False
    if fill.error is not None:
        raise fill.error
    return True
