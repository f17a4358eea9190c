"""First start on an empty store: create the first administrator."""

from __future__ import annotations

import uuid

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
from hfhate.services.errors import ValidationFailed
from hfhate.services.passwords import MIN_LENGTH
from hfhate.ui.forms import FieldErrors, heading, password_field


class FirstAdministratorDialog(QDialog):
    """Name, username and password of the person who will manage users on this laptop."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        device_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session_factory = session_factory
        self.device_id = device_id
        self.setWindowTitle("Create the first administrator - hfhate")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Create the first administrator"))
        intro = QLabel(
            "This laptop has no users yet. The first administrator adds the other users "
            "(officers, engagement officers, supervisors) and manages this laptop. "
            "You will sign in with this account next."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.full_name = self.rows.add("full_name", "&Full name", QLineEdit())
        self.username = self.rows.add(
            "username", "&Username", QLineEdit(), hint="Lower-case letters and digits, e.g. jsmith."
        )
        self.password = self.rows.add(
            "password",
            "&Password",
            password_field(),
            hint=f"At least {MIN_LENGTH} characters. A short sentence is easy to remember.",
        )
        self.confirm = self.rows.add("confirm", "&Confirm password", password_field())
        layout.addLayout(form)

        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            "Create administrator", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.create_button.setAccessibleName("Create administrator")
        cancel = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("Quit")
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.full_name.setFocus()

    def create(self) -> None:
        try:
            with self.session_factory.begin() as session:
                accounts.create_first_administrator(
                    session,
                    self.device_id,
                    full_name=self.full_name.text(),
                    username=self.username.text(),
                    password=self.password.text(),
                    confirm=self.confirm.text(),
                )
        except ValidationFailed as failure:
            self.rows.show_errors(failure.field_errors)
            return
        self.accept()

    @classmethod
    def ask(
        cls,
        session_factory: sessionmaker[Session],
        device_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> bool:
        """True once the administrator is created; False if the user chose Quit."""
        return cls(session_factory, device_id, parent).exec() == QDialog.DialogCode.Accepted
