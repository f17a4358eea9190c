"""The filters above the Audit trail: user, record number, kind of processing and dates.

``AuditFilters`` turns what the user chose into an ``AuditFilter`` and says when it changed;
a problem with one field (a notice number that is wrong or not here, dates the wrong way
round) is said beside that field, and the list keeps what it showed.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.services import accounts
from hfhate.services.audit_chain import OPERATIONS
from hfhate.services.audit_search import AuditFilter
from hfhate.ui.context import UiContext
from hfhate.ui.forms import error_label, read_date, show_problem
from hfhate.ui.notices.filters import labelled_combo, name_inner_editor

TYPING_DELAY_MS = 400
OPERATION_WORDS = {
    "collection": "Collection (recorded)",
    "alteration": "Alteration (changed)",
    "consultation": "Consultation (looked at)",
    "disclosure": "Disclosure (printed, exported, synced)",
    "combination": "Combination (subject access search)",
    "erasure": "Erasure",
    "other": "Other (sign-in, settings)",
}


class AuditFilters(QWidget):
    """User, record, operation and date range; ``changed`` when the list should ask again."""

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        first, second = QHBoxLayout(), QHBoxLayout()
        self.user = labelled_combo(first, "U&ser", self._user_choices())
        self.operation = labelled_combo(
            first,
            "&Kind of processing",
            [("Any kind", "")] + [(OPERATION_WORDS[o], o) for o in OPERATIONS],
        )
        caption = QLabel("&Record number")
        self.record = QLineEdit()
        self.record.setAccessibleName("Record number")
        self.record.setPlaceholderText("HF-042-000001-5")
        self.record.setMaxLength(40)
        self.record.setClearButtonEnabled(True)
        caption.setBuddy(self.record)
        self.record_error = error_label("Record number problem", "record_error")
        first.addSpacing(caption.fontMetrics().averageCharWidth() * 2)
        first.addWidget(caption)
        first.addWidget(self.record)
        first.addWidget(self.record_error, 1)
        today = london_date(utc_now())
        self.use_from, self.date_from = self._date_pair("&From", today - timedelta(days=30))
        self.use_to, self.date_to = self._date_pair("&Until", today)
        for widget in (self.use_from, self.date_from, self.use_to, self.date_to):
            second.addWidget(widget)
        self.dates_error = error_label("Dates problem", "dates_error")
        second.addWidget(self.dates_error)
        self.clear_button = QPushButton("C&lear filters")
        self.clear_button.setAccessibleName("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        second.addWidget(self.clear_button)
        second.addStretch(1)
        layout.addLayout(first)
        layout.addLayout(second)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.changed)
        self.record.textChanged.connect(lambda _text: self._typing.start())
        self.record.returnPressed.connect(self._now)
        for combo in (self.user, self.operation):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for check, edit in ((self.use_from, self.date_from), (self.use_to, self.date_to)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _on: self.changed.emit())
            edit.dateChanged.connect(lambda _d: self.changed.emit())

    def _date_pair(self, label: str, day: date) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox(label)
        plain = label.replace("&", "")
        check.setAccessibleName(f"{plain} date")
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd MMM yyyy")
        edit.setEnabled(False)
        name_inner_editor(edit, f"{plain} date")
        return check, edit

    def _user_choices(self) -> list[tuple[str, object]]:
        users = self.ctx.read(lambda session: list(accounts.list_users(session, self.ctx.actor)))
        return [("Anyone", None)] + [
            (f"{u.full_name} ({u.username})", u.id)
            for u in sorted(users, key=lambda u: u.full_name.lower())
        ]

    def _now(self) -> None:
        self._typing.stop()
        self.changed.emit()

    def current(self) -> AuditFilter:
        user = self.user.currentData()
        return AuditFilter(
            user_id=user if isinstance(user, uuid.UUID) else None,
            record_number=self.record.text().strip(),
            operation=self.operation.currentData() or "",
            date_from=read_date(self.date_from) if self.use_from.isChecked() else None,
            date_to=read_date(self.date_to) if self.use_to.isChecked() else None,
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem beside its field; none hides them all."""
        show_problem(self.record_error, problems.get("record_number", ""))
        self.record.setAccessibleDescription(problems.get("record_number", ""))
        show_problem(self.dates_error, problems.get("date_to", ""))

    def clear(self) -> None:
        widgets = (self.user, self.operation, self.record, self.use_from, self.use_to)
        for widget in widgets:
            widget.blockSignals(True)
        self.user.setCurrentIndex(0)
        self.operation.setCurrentIndex(0)
        self.record.clear()
        self.use_from.setChecked(False)
        self.use_to.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.changed.emit()
