"""Asking why a record that is not the user's is being opened, when this laptop requires a
justification (``services/justification.py``). It cannot be skipped: Cancel means the record
is not opened. The reason goes into the audit trail's row for the opening."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from hfhate.services.justification import MOST_CHARACTERS, justification_problem
from hfhate.ui.dialogs import CANCEL, dialog_buttons, dialog_layout
from hfhate.ui.forms import error_label, show_problem


class JustificationDialog(QDialog):
    """One line for the reason, its problem beside it in plain words."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = dialog_layout(
            self,
            "Why are you opening this?",
            f"{what} is not yours. This laptop keeps a record of why other people's records "
            'are opened: give a short reason (a few words), e.g. "reviewing the evidence '
            'before a representation".',
            width_chars=70,
        )
        label = QLabel("&Reason")
        self.reason = QLineEdit()
        self.reason.setMaxLength(MOST_CHARACTERS)
        self.reason.setAccessibleName("Reason")
        label.setBuddy(self.reason)
        self.problem = error_label("Reason problem", "justification_error")
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        buttons, self.open_button = dialog_buttons(self, "&Open", CANCEL, on_accept=self._open)
        layout.addWidget(buttons)

    def _open(self) -> None:
        problem = justification_problem(self.reason.text())
        show_problem(self.problem, problem)
        if not problem:
            self.accept()

    @classmethod
    def ask(cls, what: str, parent: QWidget | None = None) -> str | None:
        """The reason typed, or None if the user cancelled (the record stays closed)."""
        dialog = cls(what, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.text().strip()
