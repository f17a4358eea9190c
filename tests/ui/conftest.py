"""Shared UI fixtures: main windows and screen contexts on a real store, and modal-dialog drivers.

Modal dialogs opened with ``exec()`` are driven by ``drive_modal``: a timer polls for the
dialog, runs the test's actions on it, and always ends the dialog (rejecting it if the actions
left it open or failed), so a test cannot hang on a dialog nobody closes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from hfhate.app import build_main_window
from hfhate.models.store import Store
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.startup import ReadyStore
from hfhate.ui.context import Changes, UiContext
from hfhate.ui.main_window import MainWindow

MODAL_TIMEOUT_S = 10.0


@pytest.fixture
def ready(store: Store, device_id) -> ReadyStore:  # type: ignore[no-untyped-def]
    return ReadyStore(store=store, device_id=device_id, demo=False)


@pytest.fixture
def open_window(qtbot, ready: ReadyStore) -> Callable[..., MainWindow]:  # type: ignore[no-untyped-def]
    """Build and show the main window for an actor, as ``run_window`` does after sign-in."""

    def open_(actor: Actor, *, demo: bool = False) -> MainWindow:
        source = ReadyStore(store=ready.store, device_id=ready.device_id, demo=demo)
        window = build_main_window(source, actor)
        qtbot.addWidget(window)
        show_active(qtbot, window)
        return window

    return open_


@pytest.fixture
def ctx_for(store: Store) -> Callable[[Actor], UiContext]:
    def make(actor: Actor) -> UiContext:
        return UiContext(session_factory=store.session_factory, actor=actor,
                         paths=store.paths, demo=False, changes=Changes())

    return make


@dataclass
class ModalRun:
    """What happened to a driven dialog: whether the actions ran, and any failure."""

    ran: bool = False
    left_open: bool = False
    error: BaseException | None = None
    dialog_type: str = ""
    seen: list[str] = field(default_factory=list)

    def check(self) -> None:
        if self.error is not None:
            raise self.error
        assert self.ran, f"no modal {self.dialog_type} appeared"


def drive_modal(kind: type[QDialog], actions: Callable[[Any], None]) -> ModalRun:
    """When a modal ``kind`` dialog is showing, run ``actions(dialog)``; then make sure it ends.

    Call before the code that opens the dialog with ``exec()``; call ``.check()`` afterwards.
    """
    run = ModalRun(dialog_type=kind.__name__)
    deadline = time.monotonic() + MODAL_TIMEOUT_S

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            try:
                actions(dialog)
            except BaseException as error:  # noqa: BLE001 - reported by check()
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


def show_active(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Show ``widget`` as the active window, so it takes keyboard focus and shortcuts."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)


def type_into(qtbot, field: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select whatever is in ``field`` and type ``text`` over it, as a user would."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def error_label(dialog: QWidget, key: str) -> QLabel:
    label = dialog.findChild(QLabel, f"{key}_error")
    assert label is not None, f"no error label for {key}"
    return label


def shown_error(dialog: QWidget, key: str) -> str:
    """The message shown beside field ``key``, or "" when its error label is hidden."""
    label = error_label(dialog, key)
    return label.text() if label.isVisibleTo(dialog) else ""


def user_row(session_factory, username: str):  # type: ignore[no-untyped-def]
    """The stored user ``username``, read fresh (detached, attributes loaded)."""
    from sqlalchemy import select

    from hfhate.models import User

    with session_factory() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is not None:
            session.expunge(user)
        return user


def can_sign_in(store: Store, device_id, username: str, password: str) -> bool:  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        return accounts.attempt_sign_in(session, device_id, username, password) is not None


@pytest.fixture
def shot() -> Callable[[QWidget, str], Path | None]:
    """Save a screenshot to $HFHATE_UI_SHOTS (if set) for people to look at."""

    def save(widget: QWidget, name: str) -> Path | None:
        folder = os.environ.get("HFHATE_UI_SHOTS")
        if not folder:
            return None
        Path(folder).mkdir(parents=True, exist_ok=True)
        path = Path(folder) / f"{name}.png"
        assert widget.grab().save(str(path)), f"could not save {path}"
        return path

    return save


@pytest.fixture
def cleanup_modals() -> Iterator[None]:
    """Reject any modal dialog left behind, so one failing test does not block the next."""
    yield
    for _ in range(5):
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            break
        dialog.reject()
