"""Choosing the period a report covers: a month, a quarter, a year or any run of days.

``PeriodPicker`` offers the kind of period, then which one (the last few months, quarters or
years, newest first), or two dates for custom days. It starts on this month and says when the
period changed with ``changed``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from hfhate.services.reports.period import Period
from hfhate.ui.forms import read_date

KINDS = (("Month", "month"), ("Quarter", "quarter"), ("Year", "year"), ("Custom dates", "custom"))
MONTHS_OFFERED = 36
QUARTERS_OFFERED = 12
YEARS_OFFERED = 6


def months_back(today: date, count: int) -> list[Period]:
    year, month = today.year, today.month
    periods = []
    for _ in range(count):
        periods.append(Period.month(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return periods


def quarters_back(today: date, count: int) -> list[Period]:
    year, quarter = today.year, (today.month - 1) // 3 + 1
    periods = []
    for _ in range(count):
        periods.append(Period.quarter(year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return periods


def years_back(today: date, count: int) -> list[Period]:
    """Calendar years and the council's financial years (April to March), newest first."""
    periods = []
    starting = today.year if today.month >= 4 else today.year - 1
    for back in range(count):
        periods.append(Period.year(today.year - back))
        periods.append(Period.financial_year(starting - back))
    return periods


def date_edit(initial: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setAccessibleName(name)
    return edit


class PeriodPicker(QWidget):
    """Kind of period, which one, or custom dates; ``period()`` is the one chosen."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.setAccessibleName("Period")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("&Period")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Period")
        for text, value in KINDS:
            self.kind.addItem(text, value)
        caption.setBuddy(self.kind)
        self.which = QComboBox()
        self.which.setAccessibleName("Which period")
        # Wide enough for "September 2026"; a longer name shows in full when opened.
        self.which.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.which.setMinimumContentsLength(16)
        self.date_from = date_edit(today.replace(day=1), "From")
        self.date_to = date_edit(today, "Until")
        self.until = QLabel("to")
        row.addWidget(caption)
        row.addWidget(self.kind)
        row.addWidget(self.which)
        row.addWidget(self.date_from)
        row.addWidget(self.until)
        row.addWidget(self.date_to)
        self._fill_which()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.which.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.date_from.dateChanged.connect(lambda _d: self.changed.emit())
        self.date_to.dateChanged.connect(lambda _d: self.changed.emit())

    def _fill_which(self) -> None:
        kind = self.kind.currentData()
        custom = kind == "custom"
        for widget in (self.date_from, self.until, self.date_to):
            widget.setVisible(custom)
        self.which.setVisible(not custom)
        self.which.blockSignals(True)
        self.which.clear()
        if kind == "month":
            periods = months_back(self.today, MONTHS_OFFERED)
        elif kind == "quarter":
            periods = quarters_back(self.today, QUARTERS_OFFERED)
        elif kind == "year":
            periods = years_back(self.today, YEARS_OFFERED)
        else:
            periods = []
        for period in periods:
            self.which.addItem(period.label, period)
        self.which.blockSignals(False)

    def _kind_changed(self) -> None:
        self._fill_which()
        self.changed.emit()

    def period(self) -> Period:
        """The period chosen; custom dates the wrong way round are taken as meant."""
        if self.kind.currentData() == "custom":
            first, last = read_date(self.date_from), read_date(self.date_to)
            return Period(min(first, last), max(first, last))
        chosen = self.which.currentData()
        assert isinstance(chosen, Period)
        return chosen

    def choose(self, kind: str, period: Period | None = None) -> None:
        """Show ``kind`` ("month", "quarter", "year", "custom") and, when given, ``period``
        (its dates, for custom days); ``changed`` is said once."""
        self.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        if period is not None and kind == "custom":
            for edit, day in ((self.date_from, period.first), (self.date_to, period.last)):
                edit.setDate(QDate(day.year, day.month, day.day))
        elif period is not None:
            index = next(
                (i for i in range(self.which.count()) if self.which.itemData(i) == period), -1
            )
            if index >= 0:
                self.which.setCurrentIndex(index)
        self.blockSignals(False)
        self.changed.emit()

    def show_period(self, period: Period) -> None:
        """Show ``period`` as the month, quarter or year it is, else as custom dates."""
        for kind in ("month", "quarter", "year"):
            self.choose(kind, period)
            if self.period() == period:
                return
        self.choose("custom", period)
