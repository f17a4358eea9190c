"""Child B of the start-up benchmark: hfhate's real start, signed in, then the notices list.

Run by ``bench.startup`` as ``python -m bench._hfhate_window DATA_DIR USER PASSWORD`` on a
store the parent prepared. It starts the window exactly as the ``hfhate`` command does
(``hfhate.cli.main.main(["--data-dir", DATA_DIR])``); the only addition is a light timer, set
on the application when ``hfhate.app`` makes it, that plays the user:

1. when the sign-in dialog is exposed: prints ``shown`` (the parent's clock for the first
   window stops there) and the peak memory so far;
2. when the dialog has its store (opened in a worker while it waited, as while someone
   types): types ``USER`` and ``PASSWORD`` and presses Sign in;
3. when the main window is exposed: prints the time from the dialog's ``accepted`` to then,
   and the peak memory (the whole start, signed in);
4. opens the Notices area and waits for its first rows, then ``SETTLE_MS`` more (for what a
   list loads after its first rows), prints the peak memory, and closes the window as a user
   does (the store closes cleanly, so the next run's start has no check due).

Times are ``time.perf_counter`` in this process; peaks are ``VmHWM`` (``bench._exposed``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

import hfhate.app
from bench._exposed import HWM_PREFIX, SHOWN_LINE, exposed, peak_memory_kib
from hfhate.cli.main import main as hfhate_main
from hfhate.ui.sign_in import SignInDialog

LIST_AREA = "Notices"
SETTLE_MS = 1000
TIMEOUT_S = 90.0
TICK_MS = 1


class User:
    """Plays the user on a timer, step by step (see the docstring); prints what it measured."""

    def __init__(self, app: QApplication, username: str, password: str) -> None:
        self.app = app
        self.username = username
        self.password = password
        self.started = time.perf_counter()
        self.marks: dict[str, float] = {}
        self.step: Callable[[], bool] = self._dialog_shown
        self.timer = QTimer(app)
        self.timer.timeout.connect(self._tick)
        self.timer.start(TICK_MS)

    def _tick(self) -> None:
        if time.perf_counter() - self.started > TIMEOUT_S:
            print(f"stuck at {self.step.__name__}", file=sys.stderr, flush=True)
            self.timer.stop()
            self.app.exit(1)
            for widget in self.app.topLevelWidgets():
                widget.close()
            return
        self.timer.stop()  # a step may run event loops of its own
        name = self.step.__name__
        try:
            if self.step():
                self.marks[name] = time.perf_counter()
        finally:
            if self.step is not self._done:
                self.timer.start(TICK_MS)

    def _dialog(self) -> SignInDialog | None:
        for widget in self.app.topLevelWidgets():
            if isinstance(widget, SignInDialog) and exposed(widget):
                return widget
        return None

    def _main_window(self) -> QWidget | None:
        for widget in self.app.topLevelWidgets():
            if type(widget).__name__ == "MainWindow" and exposed(widget):
                return widget
        return None

    def _dialog_shown(self) -> bool:
        if self._dialog() is None:
            return False
        print(SHOWN_LINE, flush=True)
        print(f"{HWM_PREFIX}dialog {peak_memory_kib()}", flush=True)
        self.step = self._sign_in
        return True

    def _sign_in(self) -> bool:
        dialog = self._dialog()
        if dialog is None or dialog.operations is None:
            return False  # the store is still opening: the user is still typing
        dialog.accepted.connect(lambda: self.marks.__setitem__("accepted", time.perf_counter()))
        dialog.username.setText(self.username)
        dialog.password.setText(self.password)
        self.step = self._main_window_shown
        self.marks["clicked"] = time.perf_counter()
        dialog.sign_in_button.click()
        return True

    def _main_window_shown(self) -> bool:
        window = self._main_window()
        if window is None:
            return False
        now = time.perf_counter()
        accepted = self.marks["accepted"]
        waited = self.marks["clicked"] - self.marks["_dialog_shown"]
        print(f"store_ready_after_dialog_ms {waited * 1000:.1f}")
        print(f"click_to_accepted_ms {(accepted - self.marks['clicked']) * 1000:.1f}")
        print(f"accepted_to_main_ms {(now - accepted) * 1000:.1f}", flush=True)
        print(f"{HWM_PREFIX}start {peak_memory_kib()}", flush=True)
        titles = window.area_titles()  # type: ignore[attr-defined]
        window.open_area(titles.index(LIST_AREA))  # type: ignore[attr-defined]
        self.window = window
        self.step = self._list_rows
        return True

    def _list_rows(self) -> bool:
        page = self.window.current_page()  # type: ignore[attr-defined]
        views = page.findChildren(QAbstractItemView)
        if not any(v.model() is not None and v.model().rowCount() > 0 for v in views):
            return False
        print(f"list_rows_ms {(time.perf_counter() - self.marks['_main_window_shown']) * 1000:.1f}")
        self.step = self._done
        QTimer.singleShot(SETTLE_MS, self._close)
        return True

    def _done(self) -> bool:
        return False

    def _close(self) -> None:
        print(f"{HWM_PREFIX}list {peak_memory_kib()}", flush=True)
        self.window.close()


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print("usage: python -m bench._hfhate_window DATA_DIR USER PASSWORD", file=sys.stderr)
        return 2
    data_dir, username, password = Path(argv[1]), argv[2], argv[3]
    make_application = hfhate.app.make_application
    users: list[User] = []

    def make_and_play(app_argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
        app = make_application(app_argv, icon=icon)
        users.append(User(app, username, password))
        return app

    hfhate.app.make_application = make_and_play  # type: ignore[assignment]
    code = hfhate_main(["--data-dir", str(data_dir)])
    if not users or users[0].step.__name__ != "_done":
        print(f"hfhate ended (code {code}) before the list was shown", file=sys.stderr)
        return 3
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
