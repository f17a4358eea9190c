"""Rows of the notice form: a label, the field and its message, and which fields were touched.

A message shows beside its field only once the officer has been in that field (left it, or
chosen something), or after they ask what is missing: a blank form is not a wall of red.
Error labels are named ``<field>_error`` like the other forms, so tests find them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from hfhate.ui import forms

CAPTION_CHARS = 20


class FormRows(QObject):
    """Every row of the form by check_notice field name; emits ``touched`` with the name."""

    touched = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._watched: dict[QObject, str] = {}

    def add(
        self,
        form: QFormLayout,
        label: str,
        field: QWidget,
        *,
        key: str = "",
        buddy: QWidget | None = None,
        named: bool = True,
        hint: str = "",
        limit: int | None = None,
    ) -> QLabel:
        """Add a row and return its caption.

        The caption names ``buddy`` (or ``field``). With ``named=False`` the field holds
        controls with their own visible labels (check boxes), so the caption names none of
        them and ``buddy`` is only where a problem sends the focus. With ``limit`` a text
        field counts its characters under it (``<key>_count``).
        """
        caption = QLabel(label)
        caption.setWordWrap(True)
        # One caption width in every section, so the fields line up down the whole form.
        caption.setFixedWidth(caption.fontMetrics().averageCharWidth() * CAPTION_CHARS)
        target = buddy or field
        if named:
            caption.setBuddy(target)
            target.setAccessibleName(label.replace("&", ""))
            if isinstance(target, QAbstractSpinBox):  # its own line edit reads the same
                for inner in target.findChildren(QLineEdit):
                    inner.setAccessibleName(label.replace("&", ""))
        else:
            field.setAccessibleName(label.replace("&", ""))
        error = self.error_label(key, label.replace("&", ""), target) if key else None
        if key:
            self.watch(key, target)
        counter = None
        if limit and isinstance(target, QLineEdit | QPlainTextEdit):
            counter = forms.character_counter(target, limit, f"{key}_count")
        form.addRow(caption, forms.field_box(field, hint, error, counter))
        return caption

    def error_label(self, key: str, name: str, field: QWidget) -> QLabel:
        """A hidden red message for ``key``, to place where it reads best."""
        error = forms.error_label(f"{name} problem", f"{key}_error", selectable=True)
        self.errors[key] = error
        self.fields[key] = field
        return error

    def watch(self, key: str, *widgets: QWidget) -> None:
        """Count leaving any of ``widgets`` as having touched ``key``."""
        for widget in widgets:
            widget.installEventFilter(self)
            self._watched[widget] = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut and watched in self._watched:
            self.touched.emit(self._watched[watched])
        return False

    def show(self, errors: Mapping[str, str], keys: Iterable[str]) -> None:
        """Show the messages of ``keys``; hide every other one."""
        shown = set(keys)
        for key, label in self.errors.items():
            message = errors.get(key, "") if key in shown else ""
            if label.text() != message:
                label.setText(message)
            label.setVisible(bool(message))
            self.fields[key].setAccessibleDescription(message)

    def first_field(self, errors: Mapping[str, str]) -> QWidget | None:
        """The field of the first problem, in the order the rows appear."""
        for key in self.errors:
            if key in errors:
                return self.fields[key]
        return None

    def shown(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""


def plain(label: str) -> str:
    """A visible label as its accessible name: no & mnemonic, no trailing ellipsis."""
    return label.replace("&", "").rstrip("…")


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """``buttons`` side by side on the left, each named by its text."""
    row = QHBoxLayout()
    for button in buttons:
        button.setAccessibleName(plain(button.text()))
        row.addWidget(button)
    row.addStretch(1)
    return row
