"""First start on an empty store: create the first administrator."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from hfhate.models import User
from hfhate.services import accounts
from hfhate.services.account_rules import USERNAME_HINT, full_name_problem
from hfhate.services.passwords import MIN_LENGTH
from hfhate.services.text_rules import column_limit
from hfhate.ui.dialogs import dialog_buttons, dialog_layout
from hfhate.ui.forms import FieldErrors, password_field
from hfhate.ui.operations import Operations


class FirstAdministratorDialog(QDialog):
    """Name, username and password of the person who will manage users on this laptop."""

    def __init__(
        self,
        operations: Operations,
        device_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.operations = operations
        self.device_id = device_id
        self.setMinimumWidth(460)
        layout = dialog_layout(
            self,
            "Create the first administrator",
            "This laptop has no users yet. The first administrator adds the other users "
            "(officers, engagement officers, supervisors) and manages this laptop. "
            "You will sign in with this account next.",
            fit_contents=False,
        )

        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.full_name = self.rows.add(
            "full_name", "&Full name", QLineEdit(), limit=column_limit(User, "full_name") or 0
        )
        self.rows.check_as_typed("full_name", full_name_problem)
        self.username = self.rows.add(
            "username",
            "&Username",
            QLineEdit(),
            hint=USERNAME_HINT,
            limit=column_limit(User, "username") or 0,
        )
        self.password = self.rows.add(
            "password",
            "&Password",
            password_field(),
            hint=f"At least {MIN_LENGTH} characters. A short sentence is easy to remember.",
        )
        self.confirm = self.rows.add("confirm", "&Confirm password", password_field())
        layout.addLayout(form)

        buttons, self.create_button = dialog_buttons(
            self, "Create administrator", "Quit", on_accept=self.create_administrator
        )
        layout.addWidget(buttons)
        self.full_name.setFocus()

    def create_administrator(self) -> None:
        done = self.operations.run(
            lambda session: accounts.create_first_administrator(
                session,
                self.device_id,
                full_name=self.full_name.text(),
                username=self.username.text(),
                password=self.password.text(),
                confirm=self.confirm.text(),
            ),
            parent=self,
            show_field_errors=self.rows.show_errors,
        )
        if done is not None:
            self.accept()

    @classmethod
    def ask(
        cls,
        operations: Operations,
        device_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> bool:
        """True once the administrator is created; False if the user chose Quit."""
        return cls(operations, device_id, parent).exec() == QDialog.DialogCode.Accepted
