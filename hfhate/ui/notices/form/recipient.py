"""The recipient section of the notice form: identity, name, age, address, description.

The date of birth is optional: ticking "Date of birth known" enables the date; otherwise the
officer chooses an estimated age band. How identity was confirmed comes first, because a
refusal changes what else is needed (a description that lets police identify the person).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QWidget,
)

from hfhate.services.reference import reference
from hfhate.ui.forms import line_edit, set_row_visible
from hfhate.ui.notices.form.rows import FormRows
from hfhate.ui.notices.form.sections import (
    choice_combo,
    combo_value,
    plain_text_box,
    set_combo_value,
    tidy_postcode,
)
from hfhate.ui.notices.form.values import FormValues


class Recipient(QGroupBox):
    """Who receives the warning or notice, and how the officer knows who they are."""

    edited = Signal()

    def __init__(self, rows: FormRows, parent: QWidget | None = None) -> None:
        super().__init__("The recipient", parent)
        ref = reference()
        self.form = form = QFormLayout(self)
        self.identity_method = choice_combo(ref.identity_methods, "Choose how")
        rows.add(form, "How identit&y was confirmed", self.identity_method, key="identity_method")
        self.identity_document = choice_combo(ref.identity_documents, "Choose the document")
        rows.add(form, "&Document seen", self.identity_document, key="identity_document")
        self.name = line_edit(200)
        rows.add(form, "Full n&ame", self.name, key="recipient_name")

        born = QWidget()
        line = QHBoxLayout(born)
        line.setContentsMargins(0, 0, 0, 0)
        self.date_of_birth_known = QCheckBox("Date of birth &known")
        self.date_of_birth_known.setAccessibleName("Date of birth known")
        self.date_of_birth = QDateEdit()
        self.date_of_birth.setDisplayFormat("dd/MM/yyyy")
        self.date_of_birth.setCalendarPopup(True)
        self.date_of_birth.setMinimumDate(QDate(1900, 1, 1))
        self.date_of_birth.setEnabled(False)
        line.addWidget(self.date_of_birth_known)
        line.addWidget(self.date_of_birth)
        line.addStretch(1)
        rows.add(form, "Date of birth", born, buddy=self.date_of_birth)
        self.age_band = choice_combo(ref.age_bands, "Choose an estimated age")
        rows.add(
            form,
            "Estimated a&ge band",
            self.age_band,
            key="recipient_age",
            hint="When the date of birth is not known.",
        )
        rows.watch("recipient_age", self.date_of_birth, self.date_of_birth_known)
        self.address = plain_text_box(3)
        rows.add(form, "Addr&ess", self.address, key="recipient_address")
        self.postcode = line_edit(10)
        self.postcode.setPlaceholderText("e.g. W12 7RJ")
        self.postcode.setMaximumWidth(self.postcode.fontMetrics().averageCharWidth() * 16)
        rows.add(form, "Their postcode", self.postcode, key="recipient_postcode")
        tidy_postcode(self.postcode)
        self.description = plain_text_box(3)
        self.description.setPlaceholderText("Height, build, hair, clothing, anything distinctive")
        rows.add(form, "Description", self.description, key="recipient_description")
        self.appears_vulnerable = QCheckBox("Appears vulnerable (needs a supervisor's approval)")
        self.appears_vulnerable.setAccessibleName(
            "Appears vulnerable (needs a supervisor's approval)"
        )
        form.addRow("", self.appears_vulnerable)

        # A date of birth counts only once the officer has entered one, never the default.
        self.date_entered = False
        self.date_of_birth.dateChanged.connect(self._date_changed)
        self.date_of_birth_known.toggled.connect(self._known_toggled)
        self.date_of_birth_known.clicked.connect(self._known_clicked)
        self.identity_method.currentIndexChanged.connect(self._method_changed)
        for combo, key in (
            (self.identity_method, "identity_method"),
            (self.identity_document, "identity_document"),
            (self.age_band, "recipient_age"),
        ):
            combo.currentIndexChanged.connect(self.edited)
            combo.activated.connect(lambda _i, key=key: rows.touched.emit(key))
        for box in (self.name, self.postcode):
            box.textChanged.connect(self.edited)
        for text in (self.address, self.description):
            text.textChanged.connect(self.edited)
        for check in (self.date_of_birth_known, self.appears_vulnerable):
            check.toggled.connect(self.edited)
        self.date_of_birth_known.clicked.connect(lambda _c: rows.touched.emit("recipient_age"))
        self.appears_vulnerable.clicked.connect(lambda _c: rows.touched.emit("override"))
        self._method_changed()

    def _date_changed(self) -> None:
        self.date_entered = True
        self.edited.emit()

    def _known_toggled(self, known: bool) -> None:
        self.date_of_birth.setEnabled(known)
        self.age_band.setEnabled(not known)

    def _known_clicked(self, known: bool) -> None:
        if known:  # straight on to typing the date
            self.date_of_birth.setFocus()
            self.date_of_birth.setSelectedSection(QDateEdit.Section.DaySection)

    def _method_changed(self) -> None:
        document = combo_value(self.identity_method) == "document"
        set_row_visible(self.form, self.identity_document, document)

    def collect(self) -> dict[str, Any]:
        known = self.date_of_birth_known.isChecked()
        day = self.date_of_birth.date()
        method = combo_value(self.identity_method)
        return {
            "identity_method": method,
            "identity_document": combo_value(self.identity_document)
            if method == "document"
            else "",
            "recipient_name": self.name.text(),
            "recipient_date_of_birth": (
                date(day.year(), day.month(), day.day()) if known and self.date_entered else None
            ),
            "recipient_age_band": "" if known else combo_value(self.age_band),
            "recipient_address": self.address.toPlainText(),
            "recipient_postcode": self.postcode.text(),
            "recipient_description": self.description.toPlainText(),
            "appears_vulnerable": self.appears_vulnerable.isChecked(),
        }

    def fill(self, values: FormValues) -> None:
        entry = values.entry
        set_combo_value(self.identity_method, entry.identity_method)
        set_combo_value(self.identity_document, entry.identity_document)
        self.name.setText(entry.recipient_name)
        born = entry.recipient_date_of_birth
        self.date_of_birth.blockSignals(True)
        # A month of 31 days by default, so typing any day first is never cut short.
        self.date_of_birth.setDate(
            QDate(born.year, born.month, born.day) if born else QDate(2000, 1, 1)
        )
        self.date_of_birth.blockSignals(False)
        self.date_entered = born is not None
        self.date_of_birth_known.setChecked(values.date_of_birth_known or born is not None)
        set_combo_value(self.age_band, entry.recipient_age_band)
        self.address.setPlainText(entry.recipient_address)
        self.postcode.setText(entry.recipient_postcode)
        self.description.setPlainText(entry.recipient_description)
        self.appears_vulnerable.setChecked(entry.appears_vulnerable)
        self._method_changed()
