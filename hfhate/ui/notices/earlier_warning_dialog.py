"""Finding the warning given earlier to the same person, to link it to a new notice.

Only whole names match (services/notice_queries.earlier_warnings), so officers cannot browse
colleagues' records by a few letters; every look-up is audited.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import FixedPenaltyNotice
from hfhate.services.notices.queries import earlier_warnings
from hfhate.services.reference import reference
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import heading


def warning_label(warning: FixedPenaltyNotice) -> str:
    """How a linked warning reads on the form: when, where, what, by whom."""
    prohibition = reference().prohibitions.get(warning.prohibition, warning.prohibition)
    return (
        f"warning of {london_time(warning.offence_at)} at {warning.place} "
        f"{warning.postcode} ({prohibition}), by {warning.officer_name}"
    )


class EarlierWarningDialog(QDialog):
    """Warnings to a person of this name, newest first; the officer picks one."""

    def __init__(self, ctx: UiContext, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Earlier warnings - hfhate")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        clean = " ".join(name.split())
        layout.addWidget(heading(f"Earlier warnings to {clean}"))
        done = ctx.run(
            lambda session: [
                (w.id, warning_label(w)) for w in earlier_warnings(session, ctx.actor, clean)
            ],
            parent=parent,
        )
        found = done.value if done is not None else []
        self.found: list[tuple[uuid.UUID, str]] = found  # (id, label), in the list's order
        self.results = QListWidget()
        self.results.setAccessibleName("Earlier warnings")
        for _warning_id, label in found:
            self.results.addItem(QListWidgetItem(label[0].upper() + label[1:]))
        self.message = QLabel(
            f"{len(found)} warning{'s' if len(found) != 1 else ''} found. Choose the one "
            "given to this person."
            if found
            else f"No warning to anyone named {clean} was found. Only whole names match: check "
            "the spelling, or leave the warning unlinked."
        )
        self.message.setObjectName("earlier_warnings_found")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(self.results)
        self.results.setVisible(bool(found))
        buttons = QDialogButtonBox()
        self.link_button = buttons.addButton(
            "Link this warning", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.link_button.setAccessibleName("Link this warning")
        self.link_button.setEnabled(False)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.results.currentItemChanged.connect(
            lambda item, _old: self.link_button.setEnabled(item is not None)
        )
        self.results.itemDoubleClicked.connect(lambda _item: self.accept())
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        if found:
            self.results.setCurrentRow(0)
            self.results.setFocus()

    def chosen(self) -> tuple[uuid.UUID, str] | None:
        row = self.results.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    @classmethod
    def ask(
        cls, ctx: UiContext, name: str, parent: QWidget | None = None
    ) -> tuple[uuid.UUID, str] | None:
        """The chosen warning's id and how it reads, or None."""
        dialog = cls(ctx, name, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.chosen() if accepted else None
        finally:
            dialog.deleteLater()
