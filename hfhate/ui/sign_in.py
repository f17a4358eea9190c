"""The sign-in dialog, shown at every start and after signing out.

On an enrolled laptop an account this laptop cannot vouch for alone (a first sign-in here,
a password changed on the server, or not confirmed with the server within the staleness
limit: ``accounts.GoOnline``) is checked by the server, then kept here with a verifier so
the next sign-in works offline; after an administrator's reset the new password is chosen
then and sent to the server. A wrong password gets one vague message; needing a connection
is said plainly.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.demo.accounts import demo_account_lines
from hfhate.services.staleness import Level, laptop_staleness
from hfhate.sync.central import CentralConnection, TransportMaker, server_link
from hfhate.ui.dialogs import dialog_buttons
from hfhate.ui.forms import error_label, line_edit, password_field, titled_layout
from hfhate.ui.operations import Operations

if TYPE_CHECKING:  # pydantic and the wire schemas load only when the server is needed
    from hfhate.sync.account_schemas import MeResponse


class SignInDialog(QDialog):
    """Username and password; one generic message when sign-in is refused."""

    def __init__(
        self,
        operations: Operations,
        device_id: uuid.UUID,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.operations = operations
        self.device_id = device_id
        self.actor: Actor | None = None
        # How the online sign-in reaches the server (tests: a short-timeout transport).
        self.make_transport: TransportMaker | None = None
        self.setWindowTitle("Sign in - hfhate")
        self.setMinimumWidth(380)

        layout = titled_layout(
            self,
            "Sign in to hfhate",
            "Hammersmith & Fulham community safety: street-harassment notices, "
            "engagement sessions and reports.",
        )

        form = QFormLayout()
        self.username = line_edit(64)
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

        self.message = error_label("Sign-in problem", "sign_in_message")
        layout.addWidget(self.message)

        # A laptop long without a sync says so before anyone works on it (services.staleness).
        staleness = operations.read(laptop_staleness)
        self.stale_note = QLabel(staleness.message)
        self.stale_note.setObjectName("stale_banner")
        self.stale_note.setAccessibleName("Sync overdue")
        self.stale_note.setWordWrap(True)
        self.stale_note.setProperty("role", "alarm" if staleness.level is Level.BLOCKED else "")
        self.stale_note.setVisible(staleness.level is not Level.FRESH)
        layout.addWidget(self.stale_note)

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

        buttons, self.sign_in_button = dialog_buttons(
            self, "Sign in", "Quit", on_accept=self.try_sign_in
        )
        layout.addWidget(buttons)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.sign_in_button)
        self.username.setFocus()

    def try_sign_in(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self._refuse("Enter your username and password.")
            return
        done = self.operations.run(
            lambda session: accounts.sign_in_here(session, self.device_id, username, password),
            show_error=self._refuse,
        )
        if done is None:
            return
        answer = done.value
        if isinstance(answer, accounts.GoOnline):
            self.actor = self._sign_in_online(username, password, answer)  # says why not
        elif answer is None:
            self._refuse(accounts.SIGN_IN_FAILED)
        else:
            self.actor = answer
        if self.actor is not None:
            self.accept()

    def _sign_in_online(self, username: str, password: str, why: accounts.GoOnline) -> Actor | None:
        """Let the server check the password, keep the account here, then sign in here."""
        from hfhate.sync.online_sign_in import complete_sign_in

        link = self.operations.read(server_link)
        if link is None:  # pragma: no cover - GoOnline is only said on an enrolled laptop
            self._refuse(accounts.SIGN_IN_FAILED)
            return None
        self.message.setText("Checking with the council's server…")
        self.message.show()
        QApplication.processEvents()
        outcome = complete_sign_in(
            self.operations.read,
            link,
            self.device_id,
            username,
            password,
            why,
            lambda connection: self._choose_password(connection, username, password),
            self.make_transport,
        )
        if outcome.actor is None:
            self._refuse(outcome.message)
        return outcome.actor

    def _choose_password(
        self, connection: CentralConnection, username: str, temporary: str
    ) -> tuple[MeResponse, str] | None:
        from hfhate.ui.accounts.central_password import CentralPasswordDialog

        dialog = CentralPasswordDialog(connection, username, temporary, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.answer is None:
            return None
        return dialog.answer, dialog.new_password

    def _refuse(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self.adjustSize()  # a long message (a connection needed) shown whole
        self.password.clear()
        (self.password if self.username.text().strip() else self.username).setFocus()

    @classmethod
    def ask(
        cls,
        operations: Operations,
        device_id: uuid.UUID,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> Actor | None:
        """Show the dialog; the signed-in user, or None if they chose Quit."""
        dialog = cls(operations, device_id, demo=demo, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.actor
        return None
