"""The search box and filters above the notices and warnings lists.

``NoticeFilters`` turns what the user chose into a ``NoticeFilter`` and says when it changed;
typing in the search box waits a moment before asking (Enter asks at once), so the store is
not queried on every key press.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.clock import london_date
from hfhate.models import NoticeKind, NoticeStatus, Role, utc_now
from hfhate.services import accounts
from hfhate.services.notices.lifecycle import UNPAID
from hfhate.services.notices.queries import NoticeFilter
from hfhate.services.reference_lists import lists_for
from hfhate.ui.context import UiContext
from hfhate.ui.forms import error_label, read_date, show_problem

SEARCH_DELAY_MS = 300
UNPAID_CHOICE = "unpaid"
NOTICE_STATUSES = [s for s in NoticeStatus if s is not NoticeStatus.WARNING_GIVEN]


def name_inner_editor(widget: QWidget, name: str) -> None:
    """Name the line edit inside a date edit or combo box too, for assistive technology."""
    widget.setAccessibleName(name)
    inner = widget.findChild(QLineEdit)
    if inner is not None:
        inner.setAccessibleName(name)


def labelled_combo(
    row: QHBoxLayout, label: str, choices: Sequence[tuple[str, object]], *, shown: bool = True
) -> QComboBox:
    """A combo box with its buddy label, added to ``row`` when ``shown``; ``choices`` are
    (text, value) pairs. A combo that is not shown stays at its first choice."""
    combo = QComboBox()
    for text, value in choices:
        combo.addItem(text, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setAccessibleName(label.replace("&", ""))
    if not shown:
        return combo
    caption = QLabel(label)
    caption.setBuddy(combo)
    if row.count():
        row.addSpacing(caption.fontMetrics().averageCharWidth() * 2)
    row.addWidget(caption)
    row.addWidget(combo)
    return combo


class NoticeFilters(QWidget):
    """Search and filters; emits ``changed`` when the list should be asked again."""

    changed = Signal()

    def __init__(self, ctx: UiContext, kind: NoticeKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        noun = "notice" if kind is NoticeKind.NOTICE else "warning"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        search_row = QHBoxLayout()
        search_label = QLabel("&Search")
        self.search = QLineEdit()
        self.search.setAccessibleName("Search")
        self.search.setPlaceholderText(
            "Notice number, name or postcode" if kind is NoticeKind.NOTICE else "Name or postcode"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)
        search_label.setBuddy(self.search)
        self.search_error = error_label("Search problem", "search_error")
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 2)
        search_row.addWidget(self.search_error, 3)
        layout.addLayout(search_row)

        # Three short rows, so the list fits a small laptop screen without scrolling sideways.
        first, second, third = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        self.status = labelled_combo(
            first, "S&tatus", self._status_choices(), shown=kind is NoticeKind.NOTICE
        )
        # Every entry, retired ones too: old records hold them and are searched by them.
        lists = ctx.read(lists_for)

        def every(list_name: str) -> list[tuple[str, str]]:
            return [(e.label, e.code) for e in lists.entries(list_name)]

        self.ward = labelled_combo(first, "&Ward", [("Any ward", ""), *every("wards")])
        self.officer = labelled_combo(
            first, "&Officer", self._officer_choices(), shown=ctx.actor.has(Role.SUPERVISOR)
        )
        first.addStretch(1)
        self.prohibition = labelled_combo(
            second,
            "&Prohibition",
            [("Any prohibition", ""), *every("prohibitions")],
        )
        self.hostility = labelled_combo(
            second,
            "Hostilit&y",
            [("Any hostility", ""), *every("hostilities")],
        )
        today = london_date(utc_now())
        self.use_from, self.date_from = self._date_pair(
            f"{noun.capitalize()}s f&rom", today - timedelta(days=30)
        )
        self.use_to, self.date_to = self._date_pair(f"{noun.capitalize()}s &until", today)
        gap = self.fontMetrics().averageCharWidth() * 2
        second.addStretch(1)
        for widget in (self.use_from, self.date_from, self.use_to, self.date_to):
            if widget is self.use_to:
                third.addSpacing(gap)
            third.addWidget(widget)
        third.addSpacing(gap)
        self.clear_button = QPushButton("&Clear filters")
        self.clear_button.setAccessibleName("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        third.addWidget(self.clear_button)
        third.addStretch(1)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addLayout(third)
        for combo in (self.status, self.officer):
            if combo.parent() is None:  # not offered to this user or for this list
                combo.setParent(self)
                combo.hide()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        for combo in (self.status, self.ward, self.officer, self.prohibition, self.hostility):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for check, edit in ((self.use_from, self.date_from), (self.use_to, self.date_to)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _on: self.changed.emit())
            edit.dateChanged.connect(self._date_changed)

    def _date_pair(self, label: str, initial: date) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox(label)
        plain = label.replace("&", "")
        check.setAccessibleName(plain)
        edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd MMM yyyy")
        edit.setEnabled(False)
        name_inner_editor(edit, f"{plain} date")
        return check, edit

    def _status_choices(self) -> list[tuple[str, str | None]]:
        return [("Any status", None), ("Unpaid (issued or reminded)", UNPAID_CHOICE)] + [
            (s.label, s.value) for s in NOTICE_STATUSES
        ]

    def _officer_choices(self) -> list[tuple[str, object]]:
        choices: list[tuple[str, object]] = [("Any officer", None)]
        if not self.ctx.actor.has(Role.SUPERVISOR):
            return choices
        users = self.ctx.read(lambda session: list(accounts.list_users(session, self.ctx.actor)))
        officers = [u for u in users if Role.AUTHORISED_OFFICER in u.role_set]
        for user in sorted(officers, key=lambda u: u.full_name.lower()):
            suffix = "" if user.active else " (deactivated)"
            choices.append((f"{user.full_name}{suffix}", user.id))
        return choices

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.changed.emit()

    def _date_changed(self) -> None:
        if self.use_from.isChecked() or self.use_to.isChecked():
            self.changed.emit()

    def current(self) -> NoticeFilter:
        """What the user chose, as the store's filter."""
        status = self.status.currentData() if self.kind is NoticeKind.NOTICE else None
        statuses: frozenset[NoticeStatus] = frozenset()
        if status == UNPAID_CHOICE:
            statuses = UNPAID
        elif status:  # Qt hands the status back as its plain value
            statuses = frozenset({NoticeStatus(status)})
        officer = self.officer.currentData()
        return NoticeFilter(
            kind=self.kind,
            text=self.search.text(),
            statuses=statuses,
            ward=self.ward.currentData() or "",
            date_from=read_date(self.date_from) if self.use_from.isChecked() else None,
            date_to=read_date(self.date_to) if self.use_to.isChecked() else None,
            officer_id=officer if isinstance(officer, uuid.UUID) else None,
            hostility=self.hostility.currentData() or "",
            prohibition=self.prohibition.currentData() or "",
        )

    def set_filter(self, flt: NoticeFilter) -> None:
        """Show ``flt`` in the search box and filters (a list opened from the dashboard);
        ``changed`` is said once. A ward, officer or category the lists do not offer shows
        as "Any"."""
        widgets = (self.search, *self._combos(), self.use_from, self.use_to)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.setText(flt.text)
        status: str | None = None
        if flt.statuses == UNPAID:
            status = UNPAID_CHOICE
        elif len(flt.statuses) == 1:
            status = next(iter(flt.statuses)).value
        for combo, value in (
            (self.status, status),
            (self.ward, flt.ward),
            (self.officer, flt.officer_id),
            (self.prohibition, flt.prohibition),
            (self.hostility, flt.hostility),
        ):
            index = next((i for i in range(combo.count()) if combo.itemData(i) == value), 0)
            combo.setCurrentIndex(index)
        for check, edit, day in (
            (self.use_from, self.date_from, flt.date_from),
            (self.use_to, self.date_to, flt.date_to),
        ):
            check.setChecked(day is not None)
            edit.setEnabled(day is not None)
            if day is not None:
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._search_timer.stop()
        self.changed.emit()

    def _combos(self) -> tuple[QComboBox, ...]:
        return (self.status, self.ward, self.officer, self.prohibition, self.hostility)

    def show_search_problem(self, message: str) -> None:
        """Say beside the box why the search cannot run (e.g. a wrong check digit)."""
        show_problem(self.search_error, message)
        self.search.setAccessibleDescription(message)

    def clear(self) -> None:
        """Back to everything: empty search, every filter off; asks the list once."""
        widgets = (
            self.search,
            self.status,
            self.ward,
            self.officer,
            self.prohibition,
            self.hostility,
            self.use_from,
            self.use_to,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.status, self.ward, self.officer, self.prohibition, self.hostility):
            combo.setCurrentIndex(0)
        self.use_from.setChecked(False)
        self.use_to.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self._search_timer.stop()
        self.changed.emit()
