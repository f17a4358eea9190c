"""The sign-in dialog, shown at every start and after signing out."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.demo.accounts import demo_account_lines
from hfhate.ui.forms import heading, password_field


class SignInDialog(QDialog):
    """Username and password; one generic message when sign-in is refused."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        device_id: uuid.UUID,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session_factory = session_factory
        self.device_id = device_id
        self.actor: Actor | None = None
        self.setWindowTitle("Sign in - hfhate")
        self.setMinimumWidth(380)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Sign in to hfhate"))
        intro = QLabel(
            "Hammersmith & Fulham community safety: street-harassment notices, "
            "engagement sessions and reports."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.username.setAccessibleName("Username")
        self.password = password_field()
        self.password.setAccessibleName("Password")
        user_label = QLabel("&Username")
        user_label.setBuddy(self.username)
        password_label = QLabel("&Password")
        password_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(password_label, self.password)
        layout.addLayout(form)

        self.message = QLabel()
        self.message.setObjectName("sign_in_message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sign-in problem")
        self.message.hide()
        layout.addWidget(self.message)

        if demo:
            accounts_text = "<br>".join(demo_account_lines())
            note = QLabel(
                f"<b>Demo mode.</b> Sign in with one of these accounts:<br>{accounts_text}"
            )
            note.setObjectName("demo_accounts")
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setAccessibleName("Demo accounts")
            layout.addWidget(note)

        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton("Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAccessibleName("Sign in")
        quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setAccessibleName("Quit")
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.sign_in_button)
        self.username.setFocus()

    def try_sign_in(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self._refuse("Enter your username and password.")
            return
        with self.session_factory.begin() as session:
            self.actor = accounts.attempt_sign_in(session, self.device_id, username, password)
        if self.actor is None:
            self._refuse(accounts.SIGN_IN_FAILED)
            return
        self.accept()

    def _refuse(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self.password.clear()
        (self.password if self.username.text().strip() else self.username).setFocus()

    @classmethod
    def ask(
        cls,
        session_factory: sessionmaker[Session],
        device_id: uuid.UUID,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> Actor | None:
        """Show the dialog; the signed-in user, or None if they chose Quit."""
        dialog = cls(session_factory, device_id, demo=demo, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.actor
        return None
