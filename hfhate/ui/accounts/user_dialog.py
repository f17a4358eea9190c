"""Adding a user, or changing a user's name, roles and authorisation number: on the server
when the Users area is connected (``central``), else in this laptop's store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import Role, User
from hfhate.services import accounts
from hfhate.services.account_rules import USERNAME_HINT, full_name_problem
from hfhate.services.passwords import password_problems
from hfhate.services.text_rules import column_limit
from hfhate.ui.accounts.central_users import Account, central_call
from hfhate.ui.accounts.password_dialogs import NEW_PASSWORD_HINT
from hfhate.ui.central_bar import CentralAccess
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import CANCEL, dialog_buttons, dialog_layout
from hfhate.ui.forms import FieldErrors, password_field

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ROLE_HINTS = {
    Role.AUTHORISED_OFFICER: "issues warnings and fixed penalty notices",
    Role.ENGAGEMENT_OFFICER: "records school programmes, training and community sessions",
    Role.SUPERVISOR: "follows every notice to its end, prints, reports",
    Role.ADMINISTRATOR: "manages users and this laptop",
}


class UserDialog(QDialog):
    """One form for both: with ``user`` it changes that user, without it adds a new one."""

    def __init__(
        self,
        ctx: UiContext,
        user: User | Account | None = None,
        parent: QWidget | None = None,
        *,
        central: CentralAccess | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.central = central
        self.setMinimumWidth(520)
        # Never narrower than the contents, or the role check boxes are cut off when scaled.
        layout = dialog_layout(self, "Add a user" if user is None else f"Change {user.full_name}")
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
            hint=f"{USERNAME_HINT} It cannot be changed later.",
            limit=column_limit(User, "username") or 0,
        )

        roles_box = QWidget()
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        self.role_boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(f"{role.label} ({ROLE_HINTS[role]})")
            box.setAccessibleName(role.label)
            roles_layout.addWidget(box)
            self.role_boxes[role] = box
        self.rows.add("roles", "Roles", roles_box)
        roles_box.setAccessibleName("Roles")
        self.authorisation_number = self.rows.add(
            "authorisation_number",
            "&Authorisation number",
            QLineEdit(),
            hint="For authorised officers: the number on their authorisation, e.g. LET-0142.",
        )
        officer_box = self.role_boxes[Role.AUTHORISED_OFFICER]
        officer_box.toggled.connect(self.authorisation_number.setEnabled)
        self.authorisation_number.setEnabled(False)

        if user is None:
            self.password = self.rows.add(
                "password", "&Temporary password", password_field(), hint=NEW_PASSWORD_HINT
            )
            self.confirm = self.rows.add("confirm", "&Confirm password", password_field())
            note = QLabel("The new user chooses their own password when they first sign in.")
            note.setWordWrap(True)
        else:
            self.full_name.setText(user.full_name)
            self.username.setText(user.username)
            self.username.setReadOnly(True)
            for role in user.role_set:
                self.role_boxes[role].setChecked(True)
            self.authorisation_number.setText(user.authorisation_number or "")
        layout.addLayout(form)
        if user is None:
            layout.addWidget(note)

        buttons, self.save_button = dialog_buttons(
            self, "Add user" if user is None else "Save changes", CANCEL, on_accept=self.save
        )
        layout.addWidget(buttons)
        self.full_name.setFocus()

    def chosen_roles(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.role_boxes.items() if box.isChecked())

    def save(self) -> None:
        if self.central is not None:
            self.save_centrally(self.central)
            return
        done = self.ctx.run(self.store, parent=self, show_field_errors=self.rows.show_errors)
        if done is not None:
            self.accept()

    def save_centrally(self, central: CentralAccess) -> None:
        """Send the account to the server; its problems are shown beside the fields."""
        from hfhate.sync import admin_users
        from hfhate.sync.account_schemas import AccountChange, NewAccount

        roles = [r.value for r in Role if r in self.chosen_roles()]
        number = self.authorisation_number.text().strip()
        if self.user is None:
            username = accounts.normalise_username(self.username.text())
            errors = password_problems(self.password.text(), self.confirm.text(), username=username)
            if errors:
                self.rows.show_errors(errors)
                return
            new = NewAccount.model_construct(
                username=username,
                full_name=self.full_name.text(),
                roles=roles,
                authorisation_number=number,
                password=self.password.text(),
            )
            done = central_call(
                central,
                lambda connection: admin_users.add_account(connection, new),
                show_error=self._cannot,
                show_field_errors=self.rows.show_errors,
            )
        else:
            user_id = self.user.id
            change = AccountChange.model_construct(
                full_name=self.full_name.text(), roles=roles, authorisation_number=number
            )
            done = central_call(
                central,
                lambda connection: admin_users.change_account(connection, user_id, change),
                show_error=self._cannot,
                show_field_errors=self.rows.show_errors,
            )
        if done is not None:
            self.accept()

    def _cannot(self, message: str) -> None:
        QMessageBox.warning(self, "The server did not take this change", message)

    def store(self, session: Session) -> None:
        """Add the user, or change the one being edited."""
        if self.user is None:
            accounts.add_user(
                session,
                self.ctx.actor,
                accounts.NewUser(
                    full_name=self.full_name.text(),
                    username=self.username.text(),
                    roles=self.chosen_roles(),
                    authorisation_number=self.authorisation_number.text(),
                    password=self.password.text(),
                    confirm=self.confirm.text(),
                ),
            )
        else:
            accounts.update_user(
                session,
                self.ctx.actor,
                self.user.id,
                full_name=self.full_name.text(),
                roles=self.chosen_roles(),
                authorisation_number=self.authorisation_number.text(),
            )

    @classmethod
    def ask(
        cls,
        ctx: UiContext,
        user: User | Account | None = None,
        parent: QWidget | None = None,
        *,
        central: CentralAccess | None = None,
    ) -> bool:
        return cls(ctx, user, parent, central=central).exec() == QDialog.DialogCode.Accepted
