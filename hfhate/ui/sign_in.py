"""The sign-in dialog, shown at every start and after signing out.

On an enrolled laptop an account this laptop cannot vouch for alone (a first sign-in here,
a password changed on the server, or not confirmed with the server within the staleness
limit: ``accounts.GoOnline``) is checked by the server, then kept here with a verifier so
the next sign-in works offline; after an administrator's reset the new password is chosen
then and sent to the server. A wrong password gets one vague message; needing a connection
is said plainly.

At start the dialog is shown before the store is open (issue 17: a window up in a blink), so
this module imports only Qt and the form helpers; the services load with the store, in a
worker (``ui.store_opening``), while the user types. Built without a store, the dialog waits:
``use_store`` gives it one, and a Sign in pressed before that is carried out then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from hfhate.ui.dialogs import dialog_buttons
from hfhate.ui.forms import error_label, line_edit, password_field, titled_layout

if TYPE_CHECKING:  # SQLAlchemy, the services and the wire schemas load with the store
    import uuid

    from hfhate.services import accounts
    from hfhate.services.actor import Actor
    from hfhate.sync.account_schemas import MeResponse
    from hfhate.sync.central import CentralConnection, TransportMaker
    from hfhate.ui.operations import Operations

OPENING = "Opening hfhate's data…"


class SignInDialog(QDialog):
    """Username and password; one generic message when sign-in is refused.

    Without ``operations`` and ``device_id`` it waits for ``use_store`` (see the docstring).
    """

    def __init__(
        self,
        operations: Operations | None = None,
        device_id: uuid.UUID | None = None,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.operations: Operations | None = None
        self.device_id: uuid.UUID | None = None
        self.sign_in_waiting = False  # Sign in was pressed before the store was open
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
        self.stale_note = QLabel()
        self.stale_note.setObjectName("stale_banner")
        self.stale_note.setAccessibleName("Sync overdue")
        self.stale_note.setWordWrap(True)
        self.stale_note.hide()
        layout.addWidget(self.stale_note)
        self.demo_note = QLabel()
        self.demo_note.setObjectName("demo_accounts")
        self.demo_note.setWordWrap(True)
        self.demo_note.setAccessibleName("Demo accounts")
        self.demo_note.hide()
        layout.addWidget(self.demo_note)

        buttons, self.sign_in_button = dialog_buttons(
            self, "Sign in", "Quit", on_accept=self.try_sign_in
        )
        layout.addWidget(buttons)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.sign_in_button)
        self.username.setFocus()
        if operations is not None and device_id is not None:
            self.use_store(operations, device_id, demo=demo)

    def use_store(self, operations: Operations, device_id: uuid.UUID, *, demo: bool) -> None:
        """Sign in to this store from now on; a Sign in already pressed is carried out now."""
        from hfhate.services.demo.accounts import demo_account_lines
        from hfhate.services.staleness import Level, laptop_staleness

        self.operations = operations
        self.device_id = device_id
        staleness = operations.read(laptop_staleness)
        self.stale_note.setText(staleness.message)
        self.stale_note.setProperty("role", "alarm" if staleness.level is Level.BLOCKED else "")
        self.stale_note.style().unpolish(self.stale_note)  # the style sheet reads the new role
        self.stale_note.style().polish(self.stale_note)
        self.stale_note.setVisible(staleness.level is not Level.FRESH)
        if demo:
            # Qt's namespace takes a moment to load the first time: not before the dialog shows.
            from PySide6.QtCore import Qt

            self.demo_note.setTextFormat(Qt.TextFormat.RichText)
            accounts_text = "<br>".join(demo_account_lines())
            self.demo_note.setText(
                f"<b>Demo mode.</b> Sign in with one of these accounts:<br>{accounts_text}"
            )
        self.demo_note.setVisible(demo)
        if self.isVisible():  # shown while the store opened: grow to show what was added
            self.adjustSize()
        if self.sign_in_waiting:
            self.sign_in_waiting = False
            self.message.hide()
            self.sign_in_button.setEnabled(True)
            self.try_sign_in()

    def try_sign_in(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self._refuse("Enter your username and password.")
            return
        if self.operations is None or self.device_id is None:
            self.sign_in_waiting = True  # carried out by use_store
            self.sign_in_button.setEnabled(False)
            self.message.setText(OPENING)
            self.message.show()
            return
        from hfhate.services import accounts

        device_id = self.device_id
        done = self.operations.run(
            lambda session: accounts.sign_in_here(session, device_id, username, password),
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
        from hfhate.services import accounts
        from hfhate.sync.central import server_link
        from hfhate.sync.online_sign_in import complete_sign_in

        assert self.operations is not None and self.device_id is not None
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
