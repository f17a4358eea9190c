"""Choosing a new password after an administrator reset it on the server: asked at an online
sign-in, sent to the server (``POST /me/password``), so it holds on every laptop."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.passwords import password_problems
from hfhate.sync.account_schemas import MeResponse
from hfhate.sync.central import CentralConnection
from hfhate.sync.errors import ServerRefused, SyncError
from hfhate.sync.online_sign_in import choose_password
from hfhate.ui.accounts.password_dialogs import NEW_PASSWORD_HINT
from hfhate.ui.forms import FieldErrors, heading, password_field


class CentralPasswordDialog(QDialog):
    """The new password, twice; the temporary one was just typed at sign-in."""

    def __init__(
        self,
        connection: CentralConnection,
        username: str,
        temporary: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.connection = connection
        self.username = username
        self.temporary = temporary
        self.answer: MeResponse | None = None
        self.setWindowTitle("Choose a new password - hfhate")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Choose a new password"))
        intro = QLabel(
            "The password you typed is a temporary one an administrator set on the council's "
            "server. Choose a new one that only you know: it is your password on every laptop."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.password = self.rows.add(
            "password", "&New password", password_field(), hint=NEW_PASSWORD_HINT
        )
        self.confirm = self.rows.add("confirm", "&Confirm new password", password_field())
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            "Change password", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Do not sign in")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()

    @property
    def new_password(self) -> str:
        return self.password.text()

    def save(self) -> None:
        new = self.password.text()
        errors = password_problems(new, self.confirm.text(), username=self.username)
        if "password" not in errors and new == self.temporary:
            errors["password"] = "Choose a password different from the temporary one."
        if errors:
            self._show(errors)
            return
        try:
            self.answer = choose_password(self.connection, self.temporary, new)
        except ServerRefused as refused:
            fields = {k: v for k, v in refused.fields.items() if k in ("password", "confirm")}
            self._show(fields or {"password": refused.detail})
            return
        except SyncError as error:
            self._show({"password": str(error)})
            return
        self.accept()

    def _show(self, errors: dict[str, str]) -> None:
        """The messages beside their fields, the dialog grown to show them whole."""
        self.rows.show_errors(errors)
        self.adjustSize()
