"""The window's start with the store opening behind the sign-in dialog (issue 17).

A Sign in pressed before the store is open is carried out when it opens; a store that turns
out to have no users closes the dialog for the first administrator; a store refused behind
the dialog is said as at any start; and a store whose check after start finds a damaged page
is said (and logged), every window closes, and the app ends with the store's exit code.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from hfhate import app
from hfhate.config import Paths
from hfhate.models.store import Store
from hfhate.security.erase import ERASED_FILE_NAME
from hfhate.ui.accounts.first_admin import FirstAdministratorDialog
from hfhate.ui.operations import Operations
from hfhate.ui.sign_in import OPENING, SignInDialog
from tests.fixtures.accounts import first_administrator
from tests.fixtures.keys import open_test_store
from tests.test_startup_store_check import damage_a_page

DEADLINE_S = 30.0


class Watch:
    """Notes each window the start shows; runs ``act`` on the first of ``kind``; ends all at
    the deadline, so a broken start fails instead of hanging."""

    def __init__(self, kind: type[QDialog] | None = None, act: Callable[[QDialog], None] = None):  # type: ignore[assignment]
        self.kind = kind
        self.act = act
        self.seen: list[str] = []
        self.deadline = time.monotonic() + DEADLINE_S
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(10)

    def _tick(self) -> None:
        for widget in QApplication.topLevelWidgets():
            name = type(widget).__name__
            if widget.isVisible() and name not in self.seen:
                self.seen.append(name)
                if self.kind is not None and isinstance(widget, self.kind):
                    self.timer.stop()
                    self.act(widget)
                    self.timer.start()
        if time.monotonic() > self.deadline:
            self.seen.append("deadline")
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, QDialog) and widget.isVisible():
                    widget.reject()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the message boxes said (title and text), none of them waiting for a click."""
    kept: list[str] = []

    def critical(_parent: object, title: str, text: str) -> QMessageBox.StandardButton:
        kept.append(f"{title}\n{text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return kept


@pytest.fixture
def watching(qapp) -> Iterator[Callable[..., Watch]]:  # type: ignore[no-untyped-def]
    watches: list[Watch] = []

    def watch(kind: type[QDialog] | None = None, act: Callable[[QDialog], None] = None) -> Watch:  # type: ignore[assignment]
        watches.append(Watch(kind, act))
        return watches[-1]

    yield watch
    for each in watches:
        each.stop()
    qapp.setQuitOnLastWindowClosed(True)


def _quit(dialog: QDialog) -> None:
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Quit").click()


def test_sign_in_pressed_before_the_store_opens_is_carried_out_when_it_opens(
    qtbot, ui, store: Store, device_id, admin, admin_password
):  # type: ignore[no-untyped-def]
    dialog = SignInDialog()  # as the start shows it: no store yet
    qtbot.addWidget(dialog)
    ui.show_active(dialog)
    ui.type_into(dialog.username, "ada")
    ui.type_into(dialog.password, admin_password)
    ui.click(dialog.sign_in_button)
    assert dialog.isVisible() and dialog.sign_in_waiting
    assert dialog.message.text() == OPENING and not dialog.sign_in_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.use_store(Operations.on(store), device_id, demo=False)
    assert dialog.actor is not None and dialog.actor.username == "ada"


def test_the_start_shows_the_sign_in_dialog_and_signs_in_on_the_opened_store(
    watching, store: Store, admin, admin_password, said
):  # type: ignore[no-untyped-def]
    def sign_in(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        dialog.username.setText("ada")
        dialog.password.setText(admin_password)
        dialog.sign_in_button.click()  # carried out once the store is open, if it is not yet

    closing = QTimer()
    closing.timeout.connect(
        lambda: [
            w.close()
            for w in QApplication.topLevelWidgets()
            if type(w).__name__ == "MainWindow" and w.isVisible()
        ]
    )
    closing.start(50)
    watch = watching(SignInDialog, sign_in)
    QApplication.setWindowIcon(QIcon())  # as a new process starts: no icon yet
    try:
        code = app.run_window(store.paths)
    finally:
        closing.stop()
    assert code == 0 and said == []
    assert watch.seen[:1] == ["SignInDialog"] and "MainWindow" in watch.seen
    assert "deadline" not in watch.seen
    # The icon comes once the dialog is drawn (loading Qt's SVG reader is not on the way to it).
    assert not QApplication.windowIcon().isNull()


def test_an_empty_store_found_behind_the_dialog_asks_for_the_first_administrator(
    watching, tmp_path: Path, said
):  # type: ignore[no-untyped-def]
    paths = Paths(tmp_path / "empty")
    open_test_store(paths).close()  # a store with no users: the first start was left there
    assert app.opens_without_asking(paths)
    watch = watching(FirstAdministratorDialog, _quit)
    assert app.run_window(paths) == 0
    assert watch.seen == ["SignInDialog", "FirstAdministratorDialog"] and said == []


def test_a_store_refused_behind_the_dialog_is_said_as_at_any_start(watching, tmp_path: Path, said):  # type: ignore[no-untyped-def]
    paths = Paths(tmp_path / "erased")
    open_test_store(paths).close()
    (paths.data_dir / ERASED_FILE_NAME).write_text("Erased on the server's order.\n")
    assert app.opens_without_asking(paths)
    watching()
    assert app.run_window(paths) == app.EXIT_STORE
    [message] = said
    assert message.startswith("hfhate cannot open its data") and "will not start" in message


@pytest.mark.parametrize("users", [True, False])
def test_a_damaged_page_found_after_start_is_said_and_logged_and_the_app_ends(
    users: bool, watching, tmp_path: Path, said, caplog: pytest.LogCaptureFixture
):  # type: ignore[no-untyped-def]
    paths = Paths(tmp_path / "damaged")
    store = open_test_store(paths)
    if users:  # else the first administrator's dialog is next, or the fault comes first
        with store.session_factory.begin() as session:
            first_administrator(session, "Ada Admin", "ada", "correct horse battery")
    key = store.key
    store.close()
    damage_a_page(paths, key)
    watch = watching()  # nobody signs in: the check ends the start from the sign-in dialog
    with caplog.at_level(logging.ERROR):
        code = app.run_window(paths)
    assert code == app.EXIT_STORE
    assert watch.seen[:1] == ["SignInDialog"] and "deadline" not in watch.seen
    [message] = said
    assert message.startswith(app.DAMAGED_TITLE) and app.DAMAGED_LEAD in message
    assert "is damaged" in message and str(paths.backups) in message
    assert any("damaged" in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets())
