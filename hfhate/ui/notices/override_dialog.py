"""A supervisor approves, with their own password and a reason, a notice that needs approval.

Under-18s (a setting) and people who appear vulnerable may receive a notice only with a
supervisor's approval. The supervisor types their username and password on the officer's
laptop; the attempt is kept in the audit trail whether it succeeds or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QWidget

from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.issuing import authorise_override
from hfhate.services.notices.rules import Override
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import CANCEL, dialog_buttons, dialog_layout
from hfhate.ui.forms import error_label, hint_label, line_edit, password_field
from hfhate.ui.notices.form.sections import plain_text_box

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class SupervisorApprovalDialog(QDialog):
    """Username, password and reason; ``override`` is set when the supervisor approved."""

    def __init__(self, ctx: UiContext, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.override: Override | None = None
        layout = dialog_layout(self, "Supervisor approval")
        reason_label = QLabel(why)
        reason_label.setObjectName("approval_why")
        reason_label.setWordWrap(True)
        layout.addWidget(reason_label)
        layout.addWidget(
            hint_label(
                "The supervisor signs with their own username and password. Their approval and "
                "reason are kept with the notice and in the audit trail."
            )
        )
        form = QFormLayout()
        self.username = line_edit(64)
        self.password = password_field()
        self.reason = plain_text_box(3)
        for label, field in (
            ("Supervisor's &username", self.username),
            ("Supervisor's &password", self.password),
            ("&Reason for approving", self.reason),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(caption, field)
        layout.addLayout(form)
        self.error = error_label("Approval problem", "approval_error")
        layout.addWidget(self.error)
        buttons, self.approve_button = dialog_buttons(
            self, "Approve", CANCEL, on_accept=self.approve
        )
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.username.setFocus()

    def approve(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self._problem("Enter the supervisor's username and password.")
            return
        done = self.ctx.run(self._attempt, show_error=self._problem)
        if done is None:
            return
        if isinstance(done.value, str):
            self.password.clear()
            self._problem(done.value)
            return
        self.override = done.value
        self.accept()

    def _attempt(self, session: Session) -> Override | str:
        """The approval, or why it was refused: the attempt is kept even when refused, so a
        wrong password stays audited."""
        try:
            return authorise_override(
                session,
                self.ctx.actor.device_id,
                self.username.text(),
                self.password.text(),
                self.reason.toPlainText(),
            )
        except ValidationFailed as failure:
            return failure.field_errors.get("override", str(failure))

    def _problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.error.setFocus()

    @classmethod
    def ask(cls, ctx: UiContext, why: str, parent: QWidget | None = None) -> Override | None:
        """The supervisor's approval, or None if they cancelled."""
        dialog = cls(ctx, why, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.override
            return None
        finally:
            dialog.deleteLater()
