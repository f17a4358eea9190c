"""Correcting a person's details on the records chosen from a search, in one step.

Each detail is corrected only when its box is ticked; the rest stay as each record has them.
The reason is kept on each notice's timeline, with the values before, as an amendment's is.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from hfhate.services.engagement.rules import london_today
from hfhate.services.subject_access.rectification import Correction, Rectified, rectify
from hfhate.services.subject_access.search import Hit
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout
from hfhate.ui.engagement.widgets import OptionalDate, button
from hfhate.ui.forms import FieldErrors, line_edit


class _Ticked(QWidget):
    """A tick box that turns on a text field next to it."""

    def __init__(self, label: str, limit: int) -> None:
        super().__init__()
        self.check = QCheckBox("Correct it")
        self.check.setAccessibleName(f"Correct the {label.lower()}")
        self.edit: QLineEdit = line_edit(limit)
        self.edit.setAccessibleName(f"Corrected {label.lower()}")
        self.edit.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)

    def value(self) -> str | None:
        return self.edit.text() if self.check.isChecked() else None


def _records(count: int) -> str:
    return "record" if count == 1 else f"{count} records"


class RectifyDialog(QDialog):
    """What is right, and why; ``ask`` returns what was changed, or None."""

    def __init__(self, ctx: UiContext, hits: Sequence[Hit], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.hits = list(hits)
        self.done_: Rectified | None = None
        layout = dialog_layout(
            self,
            "Correct a person's details",
            f"The details ticked are corrected on the {_records(len(self.hits))} chosen, in "
            "one step. Each notice keeps the values before on its timeline.",
            width_chars=80,
        )
        chosen = QLabel("\n".join(f"• {hit.where}" for hit in self.hits))
        chosen.setWordWrap(True)
        chosen.setObjectName("chosen_records")
        layout.addWidget(chosen)
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.name = self.rows.add("name", "&Name", _Ticked("Name", 200))
        self.born = self.rows.add(
            "date_of_birth", "Date of &birth", OptionalDate("Correct it", london_today())
        )
        self.address = self.rows.add("address", "&Address", _Ticked("Address", 200))
        self.postcode = self.rows.add("postcode", "&Postcode", _Ticked("Postcode", 10))
        self.reason = self.rows.add(
            "reason",
            "&Why",
            line_edit(500),
            hint="For example: the person showed their passport; the name was misspelt.",
        )
        self.targets = QLabel()
        self.targets.setObjectName("targets_error")
        self.targets.setProperty("role", "error")
        self.targets.setWordWrap(True)
        self.targets.hide()
        layout.addLayout(form)
        layout.addWidget(self.targets)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = button("Correct on every record", self.save)
        self.save_button.setDefault(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(button("Cancel", self.reject))
        layout.addLayout(buttons)

    def correction(self) -> Correction:
        return Correction(
            self.name.value(), self.born.value(), self.address.value(), self.postcode.value()
        )

    def _show(self, errors: dict[str, str]) -> None:
        self.rows.show_errors(errors)
        message = errors.get("targets", "")
        self.targets.setText(message)
        self.targets.setVisible(bool(message))
        self.adjustSize()

    def save(self) -> None:
        done = self.ctx.run(
            lambda s: rectify(
                s, self.ctx.actor, self.hits, self.correction(), reason=self.reason.text()
            ),
            parent=self,
            show_field_errors=self._show,
        )
        if done is not None:
            self.done_ = done.value
            self.accept()

    @classmethod
    def ask(
        cls, ctx: UiContext, hits: Sequence[Hit], parent: QWidget | None = None
    ) -> Rectified | None:
        dialog = cls(ctx, hits, parent)
        return dialog.done_ if dialog.exec() == QDialog.DialogCode.Accepted else None
