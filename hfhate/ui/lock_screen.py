"""The lock screen: what a locked window shows instead of its contents.

It names the signed-in user and asks for their password; below, another user may sign in
instead (the window then signs the first out, keeping their drafts). It covers the whole
window, menus included, so nothing personal is visible and the keyboard cannot reach what is
under it (the window disables that while it is locked).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.window_lock import WRONG_PASSWORD, unlock
from hfhate.ui.forms import error_label, heading, hint_label, line_edit, password_field
from hfhate.ui.operations import Operations


class LockScreen(QFrame):
    """Password to unlock; or another user's username and password to sign in instead."""

    unlocked = Signal()
    switched = Signal(object)  # the Actor who signed in instead

    def __init__(
        self,
        operations: Operations,
        actor: Actor,
        device_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.operations = operations
        self.actor = actor
        self.device_id = device_id
        self.setObjectName("lock_screen")
        self.setAutoFillBackground(True)
        self.setAccessibleName("Locked")

        panel = QWidget()
        panel.setMaximumWidth(460)
        column = QVBoxLayout(panel)
        column.addWidget(heading("hfhate is locked"))
        column.addWidget(
            hint_label(
                f"Signed in as {actor.full_name}. This window locks when nobody has used "
                "it for a while, or on Lock now (Ctrl+L). Your work is kept as you left it."
            )
        )
        own = QFormLayout()
        self.password = password_field()
        self.password.setAccessibleName("Your password")
        label = QLabel("Your &password")
        label.setBuddy(self.password)
        own.addRow(label, self.password)
        self.message = error_label("Unlock problem", "unlock_message")
        own.addRow("", self.message)
        column.addLayout(own)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        column.addLayout(_right(self.unlock_button))

        column.addSpacing(24)
        column.addWidget(QLabel(f"<b>Not {actor.full_name}?</b>"))
        column.addWidget(
            hint_label(
                f"Sign in as yourself instead. {actor.full_name} is signed out, and any "
                "form they had open is kept in their drafts."
            )
        )
        other = QFormLayout()
        self.other_username = line_edit(64)
        self.other_username.setAccessibleName("Their username")
        self.other_password = password_field()
        self.other_password.setAccessibleName("Their password")
        other.addRow("Their user&name", self.other_username)
        other.addRow("Their pass&word", self.other_password)
        self.other_message = error_label("Sign-in problem", "switch_message")
        other.addRow("", self.other_message)
        column.addLayout(other)
        self.switch_button = QPushButton("&Sign in instead")
        self.switch_button.setAccessibleName("Sign in instead")
        column.addLayout(_right(self.switch_button))

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(panel, 3)
        middle.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)

        self.unlock_button.clicked.connect(self.try_unlock)
        self.password.returnPressed.connect(self.try_unlock)
        self.switch_button.clicked.connect(self.try_switch)
        self.other_password.returnPressed.connect(self.try_switch)

    def reset(self) -> None:
        """Empty every field and message, ready for the next lock."""
        for field in (self.password, self.other_username, self.other_password):
            field.clear()
        self.message.hide()
        self.other_message.hide()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_unlock(self) -> None:
        password = self.password.text()
        self.password.clear()
        if not password:
            self._say(self.message, "Enter your password.", self.password)
            return
        done = self.operations.run(
            lambda session: unlock(session, self.actor, password),
            show_error=lambda text: self._say(self.message, text, self.password),
        )
        if done is None:
            return
        if not done.value:
            self._say(self.message, WRONG_PASSWORD, self.password)
            return
        self.unlocked.emit()

    def try_switch(self) -> None:
        username, password = self.other_username.text(), self.other_password.text()
        self.other_password.clear()
        if not username.strip() or not password:
            self._say(self.other_message, "Enter the username and password.", self.other_username)
            return
        done = self.operations.run(
            lambda session: accounts.attempt_sign_in(session, self.device_id, username, password),
            show_error=lambda text: self._say(self.other_message, text, self.other_password),
        )
        if done is None:
            return
        if done.value is None:
            self._say(self.other_message, accounts.SIGN_IN_FAILED, self.other_password)
            return
        if done.value.user_id == self.actor.user_id:  # the same user, in the other fields
            self.unlocked.emit()
            return
        self.switched.emit(done.value)

    @staticmethod
    def _say(label: QLabel, text: str, focus: QWidget) -> None:
        label.setText(text)
        label.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)


def _right(button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    return row
