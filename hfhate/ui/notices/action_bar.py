"""The bar under the notice form: what is left to fix, approval, and the button that saves.

The button says what will happen (Issue notice, Record warning, Refer to police) and stays
disabled until the rules find nothing; a note explains a referral to police, and a
supervisor's approval is shown once given.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hfhate.services.notices.rules import Override
from hfhate.ui.forms import hint_label, set_role
from hfhate.ui.notices.form.rows import FormRows, plain


def _note(name: str, role: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setProperty("role", role)
    label.hide()
    return label


class ActionBar(QFrame):
    """Summary, notes and buttons; the form connects the buttons."""

    def __init__(self, rows: FormRows, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_actions")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self)
        self.refused_note = _note("refused_note", "alarm")
        self.approval = _note("approval", "ok")
        self.problem = _note("save_problem", "alarm")
        for label in (self.refused_note, self.approval, self.problem):
            column.addWidget(label)
        self.approve_button = QPushButton("Ask a &supervisor to approve…")
        column.addWidget(rows.error_label("override", "Supervisor approval", self.approve_button))
        line = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.check_button = QPushButton("Check what is &missing")
        self.issue_button = QPushButton()
        self.issue_button.setDefault(True)
        font = self.issue_button.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.15)
        self.issue_button.setFont(font)
        line.addWidget(self.summary, 1)
        for button in (self.check_button, self.approve_button, self.issue_button):
            button.setAccessibleName(plain(button.text()))
            line.addWidget(button)
        column.addLayout(line)
        column.addWidget(
            hint_label("Saved as a draft while you type: if the laptop stops, find it in Drafts.")
        )

    def show_state(
        self,
        *,
        problems: int,
        warning: bool,
        refused: bool,
        needs_approval: bool,
        override: Override | None,
    ) -> None:
        """Say what is left, what the button will do, and whether approval is needed."""
        if warning:
            text, ready = "&Record warning", "Ready to record the warning."
        elif refused:
            text, ready = "&Refer to police", "Ready to refer to police."
        else:
            text, ready = "&Issue notice", "Ready to issue the notice."
        self.issue_button.setText(text)
        self.issue_button.setAccessibleName(plain(text))
        self.issue_button.setEnabled(not problems)
        self.summary.setText(
            f"{problems} thing{'s' if problems != 1 else ''} to fix" if problems else ready
        )
        set_role(self.summary, "alarm" if problems else "ok")
        if refused:
            self.refused_note.setText(
                "The recipient refused their details. The warning is recorded with your "
                "description of them."
                if warning
                else "The recipient refused their details, so no notice will be issued: it will "
                "be referred to police instead, with your description of them."
            )
        self.refused_note.setVisible(refused)
        self.approve_button.setVisible(needs_approval and override is None)
        if override is not None:
            self.approval.setText(f"Approved by {override.supervisor_name}: {override.reason}")
        self.approval.setVisible(override is not None)

    def show_problem(self, message: str) -> None:
        """A reason the save failed that belongs to no field (no device code, for one)."""
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
