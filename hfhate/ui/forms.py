"""Form rows with an error message beside each field, and small shared widgets.

Each row is a label (the field's accessible name), the field, and a red message under it that
says in plain words what is wrong. ``show_errors`` takes the ``field_errors`` of a service's
ValidationFailed, so the rules live in the services and the screen only shows them.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class FieldErrors:
    """The rows of one form, by field name, with their error labels."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

    def add(self, key: str, label: str, field: QWidget, *, hint: str = "") -> QWidget:
        """Add a row; ``label`` may carry an & mnemonic. Returns the field."""
        plain = label.replace("&", "")
        caption = QLabel(label)
        caption.setBuddy(field)
        field.setAccessibleName(plain)
        error = QLabel()
        error.setObjectName(f"{key}_error")
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.setAccessibleName(f"{plain} problem")
        error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setWordWrap(True)
            hint_label.setProperty("role", "hint")
            column.addWidget(hint_label)
        column.addWidget(error)
        self.form.addRow(caption, box)
        self.fields[key] = field
        self.labels[key] = error
        return field

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show each message beside its field; focus the first field with a problem."""
        first: QWidget | None = None
        for key, label in self.labels.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            self.fields[key].setAccessibleDescription(message)
            if message and first is None:
                first = self.fields[key]
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def error(self, key: str) -> str:
        return self.labels[key].text()

    def clear(self) -> None:
        self.show_errors({})


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(256)
    return field


def heading(text: str, scale: float = 1.4) -> QLabel:
    """A bold heading sized relative to the system font, so it follows the user's settings."""
    label = QLabel(text)
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a style role from app.qss (error, hint, ok, alarm) and restyle it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
