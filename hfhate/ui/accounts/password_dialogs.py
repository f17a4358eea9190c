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

CENTRAL_PASSWORD_OFFLINE = (
    "Your password is the council server's: changing it needs a connection to the server. "
    "Connect this laptop to the network and try again."
)
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

    def save(self) -> None:
        """An account from the server changes its password there (so it holds on every
        laptop), then here; a local account changes it here, as ever."""
        from hfhate.services.central_accounts import is_central_here

        if self.ctx.read(lambda session: is_central_here(session, self.ctx.actor.user_id)):
            self.save_centrally()
        else:
            super().save()

    def save_centrally(self) -> None:
        from hfhate.services import central_accounts
        from hfhate.sync.central import server_link
        from hfhate.sync.errors import ServerRefused, SyncError
        from hfhate.sync.online_sign_in import PasswordRefused, choose_password, sign_in_online

        current, new = self.current.text(), self.password.text()
        username = self.ctx.actor.username
        errors = passwords.password_problems(new, self.confirm.text(), username=username)
        if "password" not in errors and new == current:
            errors["password"] = "Choose a password different from the current one."
        if errors:
            self.rows.show_errors(errors)
            return
        link = self.ctx.read(server_link)
        assert link is not None  # is_central_here says it is enrolled
        maker = self.ctx.central.make_transport
        try:
            connection, _ = sign_in_online(link, username, current, maker)
        except PasswordRefused:
            self.rows.show_errors({"current": "This is not your current password."})
            return
        except SyncError as error:
            self.rows.show_errors({"password": f"{CENTRAL_PASSWORD_OFFLINE} ({error})"})
            return
        try:
            me = choose_password(connection, current, new)
        except ServerRefused as refused:
            self.rows.show_errors(refused.fields or {"password": refused.detail})
            return
        except SyncError as error:
            self.rows.show_errors({"password": str(error)})
            return
        finally:
            connection.close()
        done = self.ctx.run(
            lambda session: central_accounts.keep_online_account(
                session, me.record, me.version, new
            ),
            show_error=lambda message: self.rows.show_errors({"password": message}),
        )
        if done is not None:
            self.accept()

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
