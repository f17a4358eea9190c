"""The whole window app through ``run_window``: first start, sign-in, sign-out, forced change.

A script of steps, each waiting for a screen and acting on it, runs on a timer inside the
app's own modal dialogs and event loop. A watchdog ends every dialog and window after a
deadline, so a broken flow fails the test instead of hanging it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from hfhate.app import run_window
from hfhate.config import Paths
from hfhate.models import Role
from hfhate.services import accounts
from hfhate.ui.accounts.first_admin import FirstAdministratorDialog
from hfhate.ui.accounts.password_dialogs import ChangePasswordDialog
from hfhate.ui.main_window import MainWindow
from hfhate.ui.sign_in import SignInDialog

DEADLINE_S = 30.0
PASSWORD = "river walk at dawn"
Step = tuple[Callable[[], Any], Callable[[Any], None]]


class Script:
    """Runs each step when its screen appears; gives up and closes everything at the deadline."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = list(steps)
        self.done = 0
        self.error: BaseException | None = None
        self.deadline = time.monotonic() + DEADLINE_S
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        if self.error is None and time.monotonic() > self.deadline:
            self.error = TimeoutError(f"stuck before step {self.done + 1}")
        if self.error is not None or not self.steps:
            self._end_everything()
            return
        find, act = self.steps[0]
        screen = find()
        if screen is None:
            return
        self.steps.pop(0)
        self.timer.stop()  # no re-entry while the step runs its own event loops
        try:
            if isinstance(screen, QDialog):
                screen.activateWindow()
            act(screen)
            self.done += 1
        except BaseException as error:  # reported by the test
            self.error = error
        self.timer.start()

    def _end_everything(self) -> None:
        if self.error is None:
            return  # finished: the app ends by itself
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            modal.reject()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()

    def stop(self) -> None:
        self.timer.stop()


def modal(kind: type[QDialog]) -> Callable[[], QDialog | None]:
    def find() -> QDialog | None:
        widget = QApplication.activeModalWidget()
        return widget if isinstance(widget, kind) and widget.isVisible() else None

    return find


def main_window() -> MainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


@pytest.fixture
def run_app(qapp) -> Iterator[Callable[[Paths, list[Step]], tuple[int, Script]]]:  # type: ignore[no-untyped-def]
    scripts: list[Script] = []

    def run(paths: Paths, steps: list[Step]) -> tuple[int, Script]:
        script = Script(steps)
        scripts.append(script)
        code = run_window(paths)
        script.stop()
        if script.error is not None:
            raise script.error
        return code, script

    yield run
    for script in scripts:
        script.stop()
    qapp.setQuitOnLastWindowClosed(True)


def _quit_button(dialog: QDialog) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() in ("Quit", "Sign out"))


def test_first_start_sign_in_sign_out_and_quit(ui, run_app, tmp_path):
    titles: list[list[str]] = []

    def create(dialog: FirstAdministratorDialog) -> None:
        ui.type_into(dialog.full_name, "Ada Admin")
        ui.type_into(dialog.username, "ada")
        ui.type_into(dialog.password, PASSWORD)
        ui.type_into(dialog.confirm, PASSWORD)
        ui.click(dialog.create_button)

    def sign_in(dialog: SignInDialog) -> None:
        ui.type_into(dialog.username, "ada")
        ui.type_into(dialog.password, PASSWORD)
        ui.click(dialog.sign_in_button)

    def sign_out(window: MainWindow) -> None:
        titles.append(window.area_titles())
        window.sign_out_action.trigger()

    code, script = run_app(
        Paths(tmp_path / "app"),
        [
            (modal(FirstAdministratorDialog), create),
            (modal(SignInDialog), sign_in),
            (main_window, sign_out),
            (modal(SignInDialog), lambda dialog: ui.click(_quit_button(dialog))),
        ],
    )
    assert code == 0
    assert script.done == 4
    assert titles == [
        ["Start", "Users", "Settings", "Laptop", "Audit trail", "Lists", "Laptops", "Sync"]
    ]


def test_quitting_the_first_administrator_dialog_ends_the_app(ui, run_app, tmp_path):
    code, script = run_app(
        Paths(tmp_path / "app"),
        [
            (modal(FirstAdministratorDialog), lambda dialog: ui.click(_quit_button(dialog))),
        ],
    )
    assert code == 0 and script.done == 1


def test_reset_user_must_change_password_before_the_window_opens(
    ui, run_app, store, device_id, admin, make_actor, admin_password
):
    make_actor(Role.SUPERVISOR, username="sue")  # added users must choose their own password
    seen: list[str] = []

    def sign_in(dialog: SignInDialog) -> None:
        ui.type_into(dialog.username, "sue")
        ui.type_into(dialog.password, admin_password)
        ui.click(dialog.sign_in_button)

    def refuse(dialog: ChangePasswordDialog) -> None:
        seen.append("forced" if _quit_button(dialog).text() == "Sign out" else "free")
        assert main_window() is None
        ui.click(_quit_button(dialog))

    def change(dialog: ChangePasswordDialog) -> None:
        ui.type_into(dialog.current, admin_password)
        ui.type_into(dialog.password, PASSWORD)
        ui.type_into(dialog.confirm, PASSWORD)
        ui.click(dialog.ok_button)

    def close(window: MainWindow) -> None:
        seen.append(window.user_label.text())
        window.close()

    code, script = run_app(
        store.paths,
        [
            (modal(SignInDialog), sign_in),
            (modal(ChangePasswordDialog), refuse),  # Sign out: back to signing in
            (modal(SignInDialog), sign_in),
            (modal(ChangePasswordDialog), change),
            (main_window, close),  # closing the window ends the app
        ],
    )
    assert code == 0 and script.done == 5
    assert seen == ["forced", "Signed in as Sue Person (supervisor)"]
    with store.session_factory.begin() as session:
        sue = accounts.attempt_sign_in(session, device_id, "sue", PASSWORD)
        assert sue is not None and not accounts.must_change_password(session, sue)
