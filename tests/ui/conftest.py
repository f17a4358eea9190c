"""Shared UI fixtures: a user-like driver for screens, main windows and contexts on a real store.

Tests use ``--import-mode=importlib``, so helpers are reached through the ``ui`` fixture rather
than imported. Modal dialogs opened with ``exec()`` are driven by ``ui.drive_modal``: a timer
polls for the dialog, runs the test's actions on it, and always ends the dialog (rejecting it
if the actions left it open or failed), so a test cannot hang on a dialog nobody closes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget
from sqlalchemy import select

from hfhate.app import build_main_window
from hfhate.models import User
from hfhate.models.store import Store
from hfhate.resource_files import read_text
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.startup import ReadyStore
from hfhate.ui.context import Changes, UiContext
from hfhate.ui.main_window import MainWindow

MODAL_TIMEOUT_S = 10.0


@dataclass
class ModalRun:
    """What happened to a driven dialog: whether the actions ran, and any failure."""

    kind: str
    ran: bool = False
    left_open: bool = False
    error: BaseException | None = None
    stopped: bool = False

    def check(self) -> None:
        self.stopped = True  # a dialog that comes later is not this run's
        if self.error is not None:
            raise self.error
        assert self.ran, f"no modal {self.kind} appeared"


class Ui:
    """Drives screens as a user would (keyboard and mouse) and reads the store behind them."""

    def __init__(self, qtbot: Any, store: Store, device_id: Any) -> None:
        self.qtbot = qtbot
        self.store = store
        self.device_id = device_id

    def show_active(self, widget: QWidget) -> None:
        """Show ``widget`` as the active window, so it takes keyboard focus and shortcuts."""
        widget.show()
        self.qtbot.waitExposed(widget)
        widget.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)

    def type_into(self, field: QWidget, text: str) -> None:
        """Select whatever is in ``field`` and type ``text`` over it."""
        field.setFocus()
        self.qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.qtbot.keyClick(field, Qt.Key.Key_Delete)
        self.qtbot.keyClicks(field, text)

    def click(self, button: QWidget) -> None:
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    @staticmethod
    def error_label(dialog: QWidget, key: str) -> QLabel:
        label = dialog.findChild(QLabel, f"{key}_error")
        assert label is not None, f"no error label for {key}"
        return label

    def shown_error(self, dialog: QWidget, key: str) -> str:
        """The message beside field ``key``, or "" when its error label is hidden."""
        label = self.error_label(dialog, key)
        return label.text() if label.isVisibleTo(dialog) else ""

    def drive_modal(self, kind: type[QDialog], actions: Callable[[Any], None]) -> ModalRun:
        """When a modal ``kind`` dialog shows, run ``actions(dialog)``; then make sure it ends.

        Call before the code that opens the dialog with ``exec()``; ``.check()`` afterwards.
        """
        run = ModalRun(kind.__name__)
        deadline = time.monotonic() + MODAL_TIMEOUT_S

        def poll() -> None:
            if run.stopped:
                return
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, kind) and dialog.isVisible():
                try:
                    dialog.activateWindow()
                    self.qtbot.waitUntil(
                        lambda: QApplication.activeWindow() is dialog, timeout=2000
                    )
                    actions(dialog)
                except BaseException as error:  # reported by check()
                    run.error = error
                run.ran = True
                run.left_open = dialog.isVisible()
                if dialog.isVisible():
                    dialog.reject()
                return
            if time.monotonic() > deadline:
                run.error = TimeoutError(f"no modal {kind.__name__} within {MODAL_TIMEOUT_S}s")
                if isinstance(dialog, QDialog):
                    dialog.reject()
                return
            QTimer.singleShot(10, poll)

        QTimer.singleShot(0, poll)
        return run

    def click_and_drive(
        self, button: QWidget, kind: type[QDialog], actions: Callable[[Any], None]
    ) -> ModalRun:
        """Click ``button``, which opens a modal ``kind`` dialog, and run ``actions(dialog)`` in
        it; the run is checked, and says whether the dialog was left open."""
        run = self.drive_modal(kind, actions)
        self.click(button)
        run.check()
        return run

    def user(self, username: str) -> User | None:
        """The stored user ``username``, read fresh."""
        with self.store.session_factory() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is not None:
                session.expunge(user)
            return user

    def can_sign_in(self, username: str, password: str) -> bool:
        with self.store.session_factory.begin() as session:
            return accounts.attempt_sign_in(session, self.device_id, username, password) is not None

    def shot(self, widget: QWidget, name: str) -> Path | None:
        """Save a screenshot to $HFHATE_UI_SHOTS (when set) for people to look at."""
        folder = os.environ.get("HFHATE_UI_SHOTS")
        if not folder:
            return None
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = Path(folder) / f"{name}.png"
        assert widget.grab().save(str(path)), f"could not save {path}"
        return path


@pytest.fixture(scope="session", autouse=True)
def _app_style(qapp) -> None:  # type: ignore[no-untyped-def]
    """The shipped style sheet, as ``make_application`` sets it, so screens look as shipped."""
    qapp.setStyleSheet(read_text("styles", "app.qss"))


@pytest.fixture
def ui(qtbot, store: Store, device_id) -> Ui:  # type: ignore[no-untyped-def]
    return Ui(qtbot, store, device_id)


@pytest.fixture
def ready(store: Store, device_id) -> ReadyStore:  # type: ignore[no-untyped-def]
    return ReadyStore(store=store, device_id=device_id, demo=False)


@pytest.fixture
def open_window(qtbot, ui: Ui, ready: ReadyStore) -> Callable[..., MainWindow]:  # type: ignore[no-untyped-def]
    """Build and show the main window for an actor, as ``run_window`` does after sign-in."""

    def open_(actor: Actor, *, demo: bool = False) -> MainWindow:
        source = ReadyStore(store=ready.store, device_id=ready.device_id, demo=demo)
        window = build_main_window(source, actor)
        qtbot.addWidget(window)
        ui.show_active(window)
        return window

    return open_


@pytest.fixture
def ctx_for(store: Store) -> Callable[[Actor], UiContext]:
    """A screen context for ``actor`` on the test store."""

    def make(actor: Actor) -> UiContext:
        return UiContext(
            session_factory=store.session_factory,
            actor=actor,
            paths=store.paths,
            store_key=store.key,
            demo=False,
            changes=Changes(),
        )

    return make
