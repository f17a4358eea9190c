"""Changing your own password, and an administrator resetting someone else's (on the server
when the Users area is connected to it)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hfhate.services import accounts, passwords
from hfhate.services.passwords import MIN_LENGTH
from hfhate.ui.context import UiContext
from hfhate.ui.forms import FieldErrors, heading, password_field

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hfhate.ui.central_bar import CentralAccess

NEW_PASSWORD_HINT = f"At least {MIN_LENGTH} characters. A short sentence is easy to remember."


class _PasswordDialog(QDialog):
    """Shared layout: a heading, an explanation, the fields, and two buttons."""

    ctx: UiContext

    def __init__(self, title: str, intro: str, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} - hfhate")
        self.setMinimumWidth(440)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(title))
        text = QLabel(intro)
        text.setWordWrap(True)
        self.layout_.addWidget(text)
        self.form = QFormLayout()
        self.rows = FieldErrors(self.form)
        self.layout_.addLayout(self.form)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.ok_button.setAccessibleName(action)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.buttons)

    def save(self) -> None:
        done = self.ctx.run(
            self.apply,
            show_error=lambda message: self.rows.show_errors({"password": message}),
            show_field_errors=self.rows.show_errors,
        )
        if done is not None:
            self.accept()

    def apply(self, session: Session) -> None:
        raise AssertionError("subclasses apply the change")


class ChangePasswordDialog(_PasswordDialog):
    """The signed-in user chooses a new password. ``forced`` after an administrator's reset."""

    def __init__(self, ctx: UiContext, *, forced: bool = False, parent: QWidget | None = None):
        intro = (
            "An administrator reset your password. Choose a new one that only you know."
            if forced
            else "Type your current password, then the new one twice."
        )
        super().__init__("Change your password", intro, "Change password", parent)
        self.ctx = ctx
        if forced:
            self.cancel_button.setText("Sign out")
            self.cancel_button.setAccessibleName("Sign out")
        self.current = self.rows.add("current", "C&urrent password", password_field())
        self.password = self.rows.add(
            "password", "&New password", password_field(), hint=NEW_PASSWORD_HINT
        )
        self.confirm = self.rows.add("confirm", "&Confirm new password", password_field())
        self.finish_layout()
        self.current.setFocus()

    def apply(self, session: Session) -> None:
        accounts.change_own_password(
            session,
            self.ctx.actor,
            current=self.current.text(),
            password=self.password.text(),
            confirm=self.confirm.text(),
        )

    @classmethod
    def ask(cls, ctx: UiContext, *, forced: bool = False, parent: QWidget | None = None) -> bool:
        return cls(ctx, forced=forced, parent=parent).exec() == QDialog.DialogCode.Accepted


class ResetPasswordDialog(_PasswordDialog):
    """An administrator sets a temporary password; the user must change it at sign-in."""

    def __init__(
        self,
        ctx: UiContext,
        user_id: uuid.UUID,
        full_name: str,
        parent: QWidget | None = None,
        *,
        central: CentralAccess | None = None,
    ):
        self.central = central
        super().__init__(
            "Reset password",
            f"Set a temporary password for {full_name} and tell it to them in person or by "
            "phone. They must choose a new one when they next sign in.",
            "Reset password",
            parent,
        )
        self.ctx = ctx
        self.user_id = user_id
        self.password = self.rows.add(
            "password", "&Temporary password", password_field(), hint=NEW_PASSWORD_HINT
        )
        self.confirm = self.rows.add("confirm", "&Confirm password", password_field())
        self.finish_layout()
        self.password.setFocus()

    def save(self) -> None:
        if self.central is None:
            super().save()
            return
        from hfhate.sync import admin_users
        from hfhate.ui.accounts.central_users import central_call

        password = self.password.text()
        errors = passwords.password_problems(password, self.confirm.text())
        if errors:
            self.rows.show_errors(errors)
            return
        done = central_call(
            self.central,
            lambda connection: admin_users.reset_password(connection, self.user_id, password),
            show_error=lambda message: self.rows.show_errors({"password": message}),
            show_field_errors=self.rows.show_errors,
        )
        if done is not None:
            self.accept()

    def apply(self, session: Session) -> None:
        accounts.reset_password(
            session,
            self.ctx.actor,
            self.user_id,
            password=self.password.text(),
            confirm=self.confirm.text(),
        )

    @classmethod
    def ask(
        cls,
        ctx: UiContext,
        user_id: uuid.UUID,
        full_name: str,
        parent: QWidget | None = None,
        *,
        central: CentralAccess | None = None,
    ) -> bool:
        dialog = cls(ctx, user_id, full_name, parent, central=central)
        return dialog.exec() == QDialog.DialogCode.Accepted
