"""Form rows with an error message beside each field, and small shared widgets.

Each row is a label (the field's accessible name), the field, and a red message under it that
says in plain words what is wrong. ``show_errors`` takes the ``field_errors`` of a service's
ValidationFailed, so the rules live in the services and the screen only shows them.
A field with a limit shows a counter ("187 of 200 characters") instead of silently dropping
what is typed or pasted past it (``character_counter``): the rules refuse the excess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

FieldWidget = TypeVar("FieldWidget", bound=QWidget)


class FieldErrors:
    """The rows of one form, by field name, with their error labels."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

    def add(
        self, key: str, label: str, field: FieldWidget, *, hint: str = "", limit: int = 0
    ) -> FieldWidget:
        """Add a row; ``label`` may carry an & mnemonic. Returns the field, as its own type.

        With ``limit`` (a text field's most characters) the row counts what is typed."""
        plain = label.replace("&", "")
        caption = QLabel(label)
        caption.setBuddy(field)
        field.setAccessibleName(plain)
        error = error_label(f"{plain} problem", f"{key}_error", selectable=True)
        counter = None
        if limit and isinstance(field, QLineEdit | QPlainTextEdit):
            counter = character_counter(field, limit, f"{key}_count")
        self.form.addRow(caption, field_box(field, hint, error, counter))
        self.fields[key] = field
        self.labels[key] = error
        return field

    def check_as_typed(self, key: str, problem: Callable[[str], str]) -> None:
        """Say ``problem(text)`` beside line field ``key`` as it is typed (an emoji in a name,
        say), instead of only when the form is saved."""
        field = self.fields[key]
        if not isinstance(field, QLineEdit):
            raise TypeError(f"{key} is not a one-line field")
        label = self.labels[key]

        def check(text: str) -> None:
            message = problem(text)
            show_problem(label, message)
            field.setAccessibleDescription(message)

        field.textChanged.connect(check)

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
            from PySide6.QtCore import (
                Qt,
            )  # (its namespace loads slowly: not on the way to the first window)

            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def error(self, key: str) -> str:
        return self.labels[key].text()

    def clear(self) -> None:
        self.show_errors({})


def field_box(
    field: QWidget, hint: str = "", error: QLabel | None = None, counter: QLabel | None = None
) -> QWidget:
    """The field of a form row, with its character counter, hint and error line under it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    if counter is not None:
        column.addWidget(counter)
    if hint:
        column.addWidget(hint_label(hint))
    if error is not None:
        column.addWidget(error)
    return box


def hint_label(text: str) -> QLabel:
    """A line of grey help under a field or at the top of a form."""
    hint = QLabel(text)
    hint.setWordWrap(True)
    hint.setProperty("role", "hint")
    return hint


def error_label(accessible_name: str, object_name: str = "", *, selectable: bool = False) -> QLabel:
    """A red message line, hidden until there is a problem to say (see ``show_problem``)."""
    label = QLabel()
    if object_name:
        label.setObjectName(object_name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    if selectable:
        from PySide6.QtCore import Qt

        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_problem(label: QLabel, message: str) -> None:
    """Say ``message`` on an error line; an empty message hides the line."""
    label.setText(message)
    label.setVisible(bool(message))


def set_row_visible(form: QFormLayout, field: QWidget, visible: bool) -> None:
    """Show or hide the row of ``form`` that holds ``field`` (inside the box the row made)."""
    box = field.parentWidget()
    if box is not None:
        form.setRowVisible(box, visible)


def read_date(field: QDateEdit) -> date:
    """The date a date box shows."""
    value = field.date()
    return date(value.year(), value.month(), value.day())


def line_edit(max_length: int, text: str = "") -> QLineEdit:
    """A one-line box holding ``text`` that takes at most ``max_length`` characters."""
    field = QLineEdit(text)
    field.setMaxLength(max_length)
    return field


# A one-line field's counter shows from this share of its limit; a text box's always.
COUNTER_FROM = 0.8


def character_counter(
    field: QLineEdit | QPlainTextEdit, limit: int, object_name: str = ""
) -> QLabel:
    """A line under ``field`` counting its characters against ``limit`` ("187 of 200
    characters"), red with how many too many once past it. Nothing typed is ever dropped:
    the field takes any length, and the rules refuse what is over the limit."""
    counter = QLabel(field)  # a child from the start, so showing it never opens a window
    counter.setProperty("role", "hint")
    if object_name:
        counter.setObjectName(object_name)
    counter.setAccessibleName(f"{field.accessibleName() or 'Field'} length")
    multi_line = isinstance(field, QPlainTextEdit)

    def count() -> None:
        length = len(field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text())
        over = length - limit
        if over > 0:
            counter.setText(f"{length} of {limit} characters: {over} too many.")
        else:
            counter.setText(f"{length} of {limit} characters")
        set_role(counter, "error" if over > 0 else "hint")
        counter.setVisible(
            over > 0 or length >= limit * COUNTER_FROM or (multi_line and length > 0)
        )

    field.textChanged.connect(count)
    count()
    return counter


def password_field() -> QLineEdit:
    field = line_edit(256)
    field.setEchoMode(QLineEdit.EchoMode.Password)
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


def titled_layout(widget: QWidget, title: str, intro: str = "") -> QVBoxLayout:
    """The column of a page or dialog: a heading, then (when given) a wrapped introduction."""
    layout = QVBoxLayout(widget)
    layout.addWidget(heading(title))
    if intro:
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
    return layout


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a style role from app.qss (error, hint, ok, alarm) and restyle it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
