""" "Change from a date…": a setting's new value, the first day it is in force, and why.

The dialog reads what is typed (``£500``, ``14``, a text) with the catalogue's own parser and
hands it to ``submit``, which makes the change (on the server, or on this laptop) and answers
the problems by field ("value", "in_force_from", "note"); each is shown beside its field and
the dialog stays open until the change is made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.settings.catalogue import MONEY, TEXT, Setting, describe, parse_value
from hfhate.ui.forms import FieldErrors, hint_label, read_date

Submit = Callable[[Any, date, str], Mapping[str, str]]


class ChangeSettingDialog(QDialog):
    """One setting's change from a date."""

    def __init__(
        self,
        setting: Setting,
        current: Any,
        today: date,
        submit: Submit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setting = setting
        self.submit = submit
        self.setWindowTitle(f"Change from a date: {setting.label}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{setting.label}</b>"))
        layout.addWidget(
            hint_label(
                f"In force today: {describe(setting, current)}. The new value applies from "
                "the date you give: notices issued before it keep what was in force then."
            )
        )
        form = QFormLayout()
        layout.addLayout(form)
        self.rows = FieldErrors(form)
        hint = {
            MONEY: "In pounds, such as 500 or 60.00.",
            TEXT: "As it is to be printed.",
        }.get(setting.type, f"{setting.unit}".strip() or "")
        if setting.low is not None and setting.type != MONEY:
            hint = f"{setting.low} to {setting.high} {setting.unit}".strip()
        self.value = self.rows.add("value", "New &value", QLineEdit(), hint=hint)
        self.value.setText(
            f"{current / 100:.2f}"
            if setting.type == MONEY and isinstance(current, int)
            else str(current)
        )
        self.in_force_from = self.rows.add(
            "in_force_from", "In force &from", QDateEdit(), hint="Today or a later date."
        )
        self.in_force_from.setCalendarPopup(True)
        self.in_force_from.setDisplayFormat("d MMMM yyyy")
        self.in_force_from.setDate(QDate(today.year, today.month, today.day))
        self.note = self.rows.add(
            "note", "&Note", QLineEdit(), hint="Why it changes (shown in the history)."
        )
        self.note.setMaxLength(500)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save change")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            value = parse_value(self.setting, self.value.text())
        except ValueError as error:
            self.show_problems({"value": str(error)})
            return
        problems = self.submit(value, read_date(self.in_force_from), self.note.text())
        if problems:
            self.show_problems(problems)
            return
        self.accept()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each problem beside its field; the dialog grows to show the lines."""
        self.rows.show_errors(problems)
        self.adjustSize()
