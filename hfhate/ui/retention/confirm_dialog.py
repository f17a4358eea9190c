"""The confirmation before an erasure: it says exactly which records lose what, and that it
cannot be undone. Nothing is erased unless the supervisor presses "Erase personal data"."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QWidget

from hfhate.services.retention.review import ReviewItem
from hfhate.ui.dialogs import dialog_buttons, dialog_layout

ACCEPT = "Erase personal data"


def erasure_text(items: list[ReviewItem]) -> str:
    """The list the dialog shows: each record, what it loses, the rule and when it fell due."""
    lines = [
        f"<li><b>{escape(item.title, quote=False)}</b> (fell due {item.due_on:%d %B %Y}, "
        f"{escape((item.rule_words or item.rule.label).lower(), quote=False)}): "
        f"{escape(item.erases, quote=False)}</li>"
        for item in items
    ]
    return f"<ul>{''.join(lines)}</ul>"


class ConfirmErasureDialog(QDialog):
    """Lists what will be erased; accepted only by pressing the erase button."""

    def __init__(self, items: list[ReviewItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        count = len(items)
        layout = dialog_layout(
            self,
            f"Erase the personal data of {count} record{'s' if count != 1 else ''}?",
            "This cannot be undone. On this laptop, then on the server and every other laptop "
            "at their next sync, these lose what is listed; each keeps the facts the "
            "statistics count (dates, ward, category, status, amounts, partners and scores) "
            "and says when its "
            "personal data was erased. One entry per record goes in the audit trail.",
            width_chars=90,
            fit_contents=False,
        )
        self.listing = QLabel(erasure_text(items))
        self.listing.setObjectName("erasure_list")
        self.listing.setWordWrap(True)
        self.listing.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.listing.setAccessibleName("What will be erased")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.listing)
        scroll.setMinimumHeight(self.fontMetrics().height() * 12)
        layout.addWidget(scroll, 1)
        buttons, self.erase_button = dialog_buttons(self, ACCEPT, on_accept=self.accept)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, items: list[ReviewItem], parent: QWidget | None = None) -> bool:
        """True when the supervisor confirmed the erasure of ``items``."""
        dialog = cls(items, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
