"""Small widgets the engagement screens share: tick lists, choice boxes, dates and buttons.

Each sets its accessible name from its visible label, including the line edit Qt puts inside
date, time and number boxes, so screen readers announce every field by what it says on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QWidget,
)

from hfhate.ui.forms import read_date


def name_inner_editor(box: QAbstractSpinBox, name: str) -> None:
    """Name a spin or date box and the line edit inside it."""
    box.setAccessibleName(name)
    inner = box.findChild(QLineEdit)
    if inner is not None:
        inner.setAccessibleName(name)


def button(text: str, slot: Callable[[], Any] | None = None) -> QPushButton:
    """A push button named by its text (without & or …) that never fires on Enter."""
    widget = QPushButton(text)
    widget.setAccessibleName(text.replace("&", "").rstrip("…"))
    widget.setAutoDefault(False)
    if slot is not None:
        widget.clicked.connect(lambda _checked=False: slot())
    return widget


class ChoiceBox(QComboBox):
    """A drop-down of (label, value) pairs; ``value()`` is the chosen value."""

    def __init__(self, choices: Iterable[tuple[str, Any]] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.set_choices(choices)

    def set_choices(self, choices: Iterable[tuple[str, Any]], keep: bool = True) -> None:
        current = self.value() if keep and self.count() else None
        self.blockSignals(True)
        self.clear()
        for label, value in choices:
            self.addItem(label, value)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        # Compared in Python: findData would compare two equal UUIDs by identity.
        index = next((i for i in range(self.count()) if self.itemData(i) == value), 0)
        self.setCurrentIndex(index)


class ChoiceList(QListWidget):
    """A list of tick boxes, one per (code, label); ``chosen()`` gives the ticked codes."""

    def __init__(
        self,
        choices: Iterable[tuple[str, str]] = (),
        *,
        rows: int = 5,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows = rows
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_choices(choices)

    def set_choices(self, choices: Iterable[tuple[str, str]]) -> None:
        ticked = set(self.chosen())
        self.blockSignals(True)
        self.clear()
        for code, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        self.updateGeometry()

    def _height(self) -> int:
        row = self.sizeHintForRow(0) if self.count() else -1
        row = max(row, self.fontMetrics().height() + 2)
        return row * min(max(self.count(), 2), self.rows) + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._height())

    def codes(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def chosen(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, codes: Sequence[str]) -> None:
        wanted = set(codes)
        for i in range(self.count()):
            item = self.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)

    def item_for(self, code: str) -> QListWidgetItem:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == code:
                return self.item(i)
        raise KeyError(code)


def date_field(initial: date) -> QDateEdit:
    """A date box with a calendar, written day/month/year."""
    field = QDateEdit()
    field.setCalendarPopup(True)
    field.setDisplayFormat("dd/MM/yyyy")
    set_date(field, initial)
    return field


def set_date(field: QDateEdit, value: date | None) -> None:
    if value is not None:
        field.setDate(QDate(value.year, value.month, value.day))


class OptionalDate(QWidget):
    """A tick box ("From") that turns on a date box next to it; ``value()`` is None when off."""

    changed = Signal()

    def __init__(self, label: str, initial: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plain = label.replace("&", "")
        self.check = QCheckBox(label)
        self.check.setAccessibleName(plain)
        self.edit = date_field(initial)
        name_inner_editor(self.edit, f"{plain} date")
        self.edit.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _on: self.changed.emit())
        self.edit.dateChanged.connect(self._date_changed)

    @Slot()
    def _date_changed(self) -> None:
        if self.check.isChecked():
            self.changed.emit()

    def value(self) -> date | None:
        return read_date(self.edit) if self.check.isChecked() else None

    def clear(self) -> None:
        self.check.setChecked(False)


def time_field(initial: time) -> QTimeEdit:
    field = QTimeEdit(QTime(initial.hour, initial.minute))
    field.setDisplayFormat("HH:mm")
    return field


def read_time(field: QTimeEdit) -> time:
    value = field.time()
    return time(value.hour(), value.minute())


def set_time(field: QTimeEdit, value: time | None) -> None:
    if value is not None:
        field.setTime(QTime(value.hour, value.minute))
